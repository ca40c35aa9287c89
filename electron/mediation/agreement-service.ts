import { AppError, notFound } from '../../shared/app-error'
import { addDays } from '../../shared/dates'
import { confirmDeadline, riskyWordHints, type AgreementForm } from '../../shared/mediation-values'
import { nowIso, officeDate } from '../../shared/time'
import { audit } from '../database/audit'
import type { Db } from '../database/open-database'
import { inTransaction } from '../database/unit-of-work'
import { caseDetail } from './case-reads'
import { liveCase, refuseIfClosed, setStatus } from './case-service'

/**
 * 人民调解协议书: the agreement's structured elements and clauses (who does what for whom, amounts in
 * fen, manner, place and due date), the completeness check that names what is missing, the risky
 * words, signing (the agreement takes effect; each clause's due date plans a follow-up visit),
 * performance per clause with proof, and the 30-day window for joint 司法确认.
 */

export interface ClauseInput {
  obligorId: number
  obligeeId: number | null
  content: string
  /** Fen. */
  amount: number
  manner: string
  place: string
  dueOn: string | null
}

export interface AgreementInput {
  caseId: number
  form: AgreementForm
  facts: string
  issues: string
  responsibility: string
  clauses: ClauseInput[]
}

/** Saves (or replaces, while nothing is signed) the agreement and its clauses, in one transaction. */
export async function saveAgreement(db: Db, input: AgreementInput, now = nowIso()): Promise<{ id: number }> {
  return inTransaction(db, async (trx) => {
    const c = await liveCase(trx, input.caseId)
    refuseIfClosed(c.status, '修改协议')
    if (c.status !== '受理' && c.status !== '调解中') throw new AppError('SIGNED', '协议已经签订，不能再修改。')
    const parties = await trx
      .selectFrom('mediation_parties')
      .select(['id', 'side'])
      .where('case_id', '=', c.id)
      .execute()
    const principal = new Set(parties.filter((p) => p.side !== '委托代理人').map((p) => p.id))
    for (const [i, cl] of input.clauses.entries()) {
      if (!principal.has(cl.obligorId)) throw new AppError('VALIDATION', `第 ${i + 1} 条：请选择履行义务的当事人。`)
      if (cl.obligeeId !== null && !principal.has(cl.obligeeId)) {
        throw new AppError('VALIDATION', `第 ${i + 1} 条：请选择享有权利的当事人。`)
      }
      if (cl.obligeeId === cl.obligorId)
        throw new AppError('VALIDATION', `第 ${i + 1} 条：履行义务的一方和接受的一方不能是同一人。`)
      if (!cl.content.trim()) throw new AppError('VALIDATION', `第 ${i + 1} 条：请写明协议内容（做什么）。`)
      if (cl.dueOn !== null && cl.dueOn < c.accepted_on) {
        throw new AppError('VALIDATION', `第 ${i + 1} 条：履行期限不能早于受理日期 ${c.accepted_on}。`)
      }
    }
    const existing = await trx
      .selectFrom('mediation_agreements')
      .select('id')
      .where('case_id', '=', c.id)
      .executeTakeFirst()
    const values = {
      form: input.form,
      facts: input.facts.trim(),
      issues: input.issues.trim(),
      responsibility: input.responsibility.trim(),
      updated_at: now,
    }
    let id: number
    if (existing) {
      id = existing.id
      await trx.updateTable('mediation_agreements').set(values).where('id', '=', id).execute()
      await trx.deleteFrom('mediation_clauses').where('agreement_id', '=', id).execute()
    } else {
      id = (
        await trx
          .insertInto('mediation_agreements')
          .values({
            ...values,
            case_id: c.id,
            signed_on: null,
            effective_on: null,
            confirm_applied_on: null,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    }
    for (const [i, cl] of input.clauses.entries()) {
      await trx
        .insertInto('mediation_clauses')
        .values({
          agreement_id: id,
          position: i + 1,
          obligor_id: cl.obligorId,
          obligee_id: cl.obligeeId,
          content: cl.content.trim(),
          amount: cl.amount,
          manner: cl.manner.trim(),
          place: cl.place.trim(),
          due_on: cl.dueOn,
          performed_on: null,
        })
        .execute()
    }
    await audit(trx, existing ? '修改' : '新增', 'mediation_agreement', id, {
      caseId: c.id,
      clauses: input.clauses.length,
    })
    return { id }
  })
}

async function agreementOf(db: Db, caseId: number) {
  const a = await db.selectFrom('mediation_agreements').selectAll().where('case_id', '=', caseId).executeTakeFirst()
  if (!a) throw new AppError('NO_AGREEMENT', '这个案件还没有填写调解协议。')
  const clauses = await db
    .selectFrom('mediation_clauses')
    .selectAll()
    .where('agreement_id', '=', a.id)
    .orderBy('position')
    .execute()
  return { ...a, clauses }
}

type GapParty = {
  name: string
  side: string
  kind: string
  address: string
  id_number: string
  credit_code: string
  birth_date: string | null
  gender: string
  legal_rep: string
}
type GapAgreement = { facts: string; issues: string }
type GapClause = { position: number; manner: string; due_on: string | null }

/**
 * What the agreement still lacks before it can be printed or signed, each named as a clerk says
 * it: the parties' details, the facts, the matters in dispute, the clauses, the manner and time of
 * performance of each clause. Pure: the case page passes what it has already read.
 */
export function gapsOf(parties: GapParty[], a: GapAgreement, clauses: GapClause[]): string[] {
  const gaps: string[] = []
  for (const p of parties) {
    if (p.side === '委托代理人') continue
    const missing: string[] = []
    if (p.kind === '个人') {
      if (!p.id_number && !(p.gender && p.birth_date)) missing.push('身份证号（或性别和出生日期）')
    } else {
      if (!p.credit_code) missing.push('统一社会信用代码')
      if (!p.legal_rep) missing.push('法定代表人')
    }
    if (!p.address) missing.push(p.kind === '个人' ? '住址' : '住所地')
    if (missing.length) gaps.push(`${p.side}“${p.name}”的${missing.join('、')}`)
  }
  if (!a.facts) gaps.push('纠纷的主要事实')
  if (!a.issues) gaps.push('争议事项')
  if (clauses.length === 0) gaps.push('协议内容（至少一条：谁为谁做什么）')
  for (const cl of clauses) {
    const missing: string[] = []
    if (!cl.manner) missing.push('履行方式')
    if (!cl.due_on) missing.push('履行期限')
    if (missing.length) gaps.push(`第 ${cl.position} 条的${missing.join('和')}`)
  }
  return gaps
}

/** The text the risky-word check reads. */
export function agreementText(
  a: GapAgreement & { responsibility: string },
  clauses: { content: string; manner: string }[],
) {
  return [a.facts, a.issues, a.responsibility, ...clauses.map((c) => `${c.content} ${c.manner}`)].join('\n')
}

export async function agreementGaps(db: Db, caseId: number): Promise<string[]> {
  const a = await agreementOf(db, caseId)
  const parties = await db.selectFrom('mediation_parties').selectAll().where('case_id', '=', caseId).execute()
  return gapsOf(parties, a, a.clauses)
}

/** The risky words in the agreement's text (订金/定金, 抚养/扶养, 补偿/赔偿, vague words). */
export async function agreementHints(db: Db, caseId: number): Promise<{ word: string; hint: string }[]> {
  const a = await agreementOf(db, caseId)
  return riskyWordHints(agreementText(a, a.clauses))
}

/** Refuses, naming every missing element, an agreement that cannot be printed or signed. */
export async function assertComplete(db: Db, caseId: number): Promise<void> {
  const gaps = await agreementGaps(db, caseId)
  if (gaps.length) throw new AppError('INCOMPLETE', `协议还缺少：${gaps.join('；')}。补齐后才能打印和签订。`)
}

/**
 * 签订: the parties signed (or fingerprinted), the mediator signed and the committee sealed — the
 * agreement takes effect that day. Each clause's due date plans a follow-up visit, and family and
 * neighbour cases get one more at +90 days (+15 days when no clause has a date).
 */
export async function signAgreement(
  db: Db,
  input: { caseId: number; signedOn: string },
  now = nowIso(),
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const c = await liveCase(trx, input.caseId)
    if (c.status !== '调解中') {
      throw new AppError(
        'STATE',
        c.status === '受理' ? '还没有调解记录：请先记录调解，再签订协议。' : `案件${c.status}，不能签订协议。`,
      )
    }
    const a = await agreementOf(trx, c.id)
    if (a.form === '书面') await assertComplete(trx, c.id)
    else if (a.clauses.length === 0)
      throw new AppError('INCOMPLETE', '协议还缺少：协议内容（至少一条：谁为谁做什么）。')
    if (input.signedOn < c.accepted_on) throw new AppError('VALIDATION', `签订日期不能早于受理日期 ${c.accepted_on}。`)
    if (input.signedOn > officeDate(now)) throw new AppError('VALIDATION', '签订日期不能晚于今天。')
    await trx
      .updateTable('mediation_agreements')
      .set({ signed_on: input.signedOn, effective_on: input.signedOn, updated_at: now })
      .where('id', '=', a.id)
      .execute()
    const open = a.clauses.filter((cl) => cl.performed_on === null)
    await setStatus(trx, c.id, open.length ? '履行中' : '履行完毕', now)
    const dueDates = [...new Set(a.clauses.map((cl) => cl.due_on).filter((d): d is string => d !== null))].sort()
    const plans = dueDates.map((d) => ({ on: d, reason: '协议约定的履行期限到期，回访履行情况' }))
    if (plans.length === 0) plans.push({ on: addDays(input.signedOn, 15), reason: '协议签订后回访' })
    if (c.dispute_type === '婚姻家庭' || c.dispute_type === '邻里') {
      plans.push({ on: addDays(input.signedOn, 90), reason: '婚姻家庭、邻里纠纷 90 天回访' })
    }
    for (const p of plans) {
      await trx
        .insertInto('mediation_visits')
        .values({ case_id: c.id, planned_on: p.on, reason: p.reason, done_on: null, party_id: null, created_at: now })
        .execute()
    }
    await audit(trx, '修改', 'mediation_agreement', a.id, { signedOn: input.signedOn })
  })
}

/** 履行: one clause performed, with its proof (收条, 转账记录…). When every clause is, the case is 履行完毕. */
export async function recordPerformance(
  db: Db,
  input: { clauseId: number; performedOn: string; proof: string },
  now = nowIso(),
): Promise<{ allPerformed: boolean }> {
  return inTransaction(db, async (trx) => {
    const cl = await trx
      .selectFrom('mediation_clauses as cl')
      .innerJoin('mediation_agreements as a', 'a.id', 'cl.agreement_id')
      .select(['cl.id', 'cl.agreement_id', 'a.case_id', 'a.signed_on', 'cl.performed_on'])
      .where('cl.id', '=', input.clauseId)
      .executeTakeFirst()
    if (!cl) throw notFound('协议条款')
    if (!cl.signed_on) throw new AppError('STATE', '协议还没有签订，不能登记履行。')
    if (cl.performed_on) throw new AppError('STATE', '这一条已经登记履行了。')
    if (!input.proof.trim()) throw new AppError('VALIDATION', '请写明履行凭证（如：收条、转账记录、现场照片）。')
    if (input.performedOn < cl.signed_on)
      throw new AppError('VALIDATION', `履行日期不能早于协议签订日期 ${cl.signed_on}。`)
    if (input.performedOn > officeDate(now)) throw new AppError('VALIDATION', '履行日期不能晚于今天。')
    await trx
      .updateTable('mediation_clauses')
      .set({ performed_on: input.performedOn, proof: input.proof.trim() })
      .where('id', '=', cl.id)
      .execute()
    const left = await trx
      .selectFrom('mediation_clauses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('agreement_id', '=', cl.agreement_id)
      .where('performed_on', 'is', null)
      .executeTakeFirstOrThrow()
    const allPerformed = Number(left.n) === 0
    if (allPerformed) await setStatus(trx, cl.case_id, '履行完毕', now)
    await audit(trx, '修改', 'mediation_clause', cl.id, { performedOn: input.performedOn })
    return { allPerformed }
  })
}

/** 司法确认: the parties' joint application, within 30 days of the agreement taking effect. */
export async function recordConfirmation(
  db: Db,
  input: { caseId: number; appliedOn: string; court: string; result: string },
  now = nowIso(),
): Promise<void> {
  const a = await agreementOf(db, input.caseId)
  if (!a.effective_on || a.form !== '书面') throw new AppError('STATE', '只有已生效的书面协议可以申请司法确认。')
  const deadline = confirmDeadline(a.effective_on)
  if (input.appliedOn < a.effective_on || input.appliedOn > deadline) {
    throw new AppError('VALIDATION', `司法确认要在协议生效之日起 30 日内（${a.effective_on} 至 ${deadline}）共同申请。`)
  }
  if (!input.court.trim()) throw new AppError('VALIDATION', '请填写受理的人民法院。')
  await db
    .updateTable('mediation_agreements')
    .set({
      confirm_applied_on: input.appliedOn,
      confirm_court: input.court.trim(),
      confirm_result: input.result.trim(),
      updated_at: now,
    })
    .where('id', '=', a.id)
    .execute()
  await audit(db, '修改', 'mediation_agreement', a.id, { confirmAppliedOn: input.appliedOn })
}

/** 结案: after performance (or a 口头 agreement's end), the case is closed. */
export async function closeCase(db: Db, caseId: number, on: string | null, now = nowIso()): Promise<void> {
  const c = await liveCase(db, caseId)
  if (c.status !== '履行完毕') throw new AppError('STATE', `案件${c.status}，履行完毕以后才能结案。`)
  await db
    .updateTable('mediation_cases')
    .set({ status: '结案', ended_on: on ?? officeDate(now), updated_at: now })
    .where('id', '=', c.id)
    .execute()
  await audit(db, '修改', 'mediation_case', c.id, { status: '结案' })
}

/**
 * 人民调解协议书 to print: refused (naming what is missing) while incomplete. It is the signature
 * original, so it carries each party's full ID number, phone and address — except the address of a
 * party under 人身安全 protection, which the other side must not learn — and printing it is logged.
 */
export async function agreementPaper(db: Db, caseId: number, now = nowIso()) {
  await assertComplete(db, caseId)
  const detail = await caseDetail(db, caseId, now)
  const full = await db
    .selectFrom('mediation_parties')
    .select(['id', 'id_number', 'phone', 'address', 'safety'])
    .where('case_id', '=', caseId)
    .execute()
  await audit(db, '查看', 'mediation_case', caseId, { document: '人民调解协议书（签字原件）' })
  return {
    ...detail,
    originals: full.map((p) => ({
      id: p.id,
      idNumber: p.id_number,
      phone: p.phone,
      address: p.safety ? detail.parties.find((x) => x.id === p.id)!.address : p.address,
    })),
  }
}

export { agreementOf }
