import { AppError, notFound } from '../../shared/app-error'
import { addDays } from '../../shared/dates'
import { MEDIATING_STATES, type SessionKind } from '../../shared/mediation-values'
import { nowIso, officeDate } from '../../shared/time'
import { audit } from '../database/audit'
import type { Db } from '../database/open-database'
import { inTransaction } from '../database/unit-of-work'
import { liveCase, refuseIfClosed } from './case-state'
import { readinessProblems } from './case-staff'

/**
 * A case's course after intake: the 权利义务告知书, the 调查记录 / 调解记录 (which moves 受理 to
 * 调解中) and their read-back, the extension with both parties' consent, and 不予受理 / 终止.
 */

/** 权利义务告知书 given to the parties (the dossier's second document). */
export async function recordRightsNotice(db: Db, caseId: number, on: string, now = nowIso()): Promise<void> {
  const c = await liveCase(db, caseId)
  refuseIfClosed(c.status, '修改')
  if (on < c.accepted_on) throw new AppError('VALIDATION', `告知日期不能早于受理日期 ${c.accepted_on}。`)
  if (on > officeDate(now)) throw new AppError('VALIDATION', '告知日期不能晚于今天。')
  await db
    .updateTable('mediation_cases')
    .set({ rights_notified_on: on, updated_at: now })
    .where('id', '=', caseId)
    .execute()
  await audit(db, '修改', 'mediation_case', caseId, { rightsNotifiedOn: on })
}

export interface SessionInput {
  caseId: number
  kind: SessionKind
  /** Office-local 'YYYY-MM-DDTHH:mm'. */
  heldAt: string
  place: string
  attendees: string
  applicantSays: string
  respondentSays: string
  riskWarning: string
  result: string
}

/** 调查记录 / 调解记录. A 调解记录 needs the case ready (declarations done) and a risk warning. */
export async function addSession(db: Db, input: SessionInput, now = nowIso()): Promise<{ id: number }> {
  return inTransaction(db, async (trx) => {
    const c = await liveCase(trx, input.caseId)
    refuseIfClosed(c.status, '记录调解')
    const day = input.heldAt.slice(0, 10)
    if (day < c.accepted_on) {
      throw new AppError('VALIDATION', `记录时间不能早于受理日期 ${c.accepted_on}：案件受理以后才能调查或调解。`)
    }
    if (day > officeDate(now)) throw new AppError('VALIDATION', '记录时间不能晚于今天：请在调解以后再记录。')
    if (input.kind === '调解记录') {
      const problems = await readinessProblems(trx, c.id)
      if (problems.length) throw new AppError('NOT_READY', `还不能开始调解：${problems.join('；')}。`)
      if (!input.riskWarning.trim()) {
        throw new AppError('VALIDATION', '请填写“风险告知”：调解记录要写明向当事人告知了哪些风险。')
      }
    }
    const { id } = await trx
      .insertInto('mediation_sessions')
      .values({
        case_id: c.id,
        kind: input.kind,
        held_at: input.heldAt,
        place: input.place.trim(),
        attendees: input.attendees.trim(),
        applicant_says: input.applicantSays.trim(),
        respondent_says: input.respondentSays.trim(),
        risk_warning: input.riskWarning.trim(),
        result: input.result,
        read_back_at: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (c.status === '受理' && input.kind === '调解记录') {
      await trx
        .updateTable('mediation_cases')
        .set({ status: '调解中', updated_at: now })
        .where('id', '=', c.id)
        .execute()
    }
    await audit(trx, '新增', 'mediation_session', id, { caseId: c.id, kind: input.kind })
    return { id }
  })
}

/** The read-back step: the record was shown (in large type) or read to the parties before they signed. */
export async function confirmReadBack(db: Db, sessionId: number, now = nowIso()): Promise<void> {
  const s = await db
    .selectFrom('mediation_sessions')
    .select(['id', 'case_id'])
    .where('id', '=', sessionId)
    .executeTakeFirst()
  if (!s) throw notFound('调解记录')
  await db.updateTable('mediation_sessions').set({ read_back_at: now }).where('id', '=', s.id).execute()
  await audit(db, '修改', 'mediation_session', s.id, { readBack: true })
}

/** 延期: only while mediating, only with both parties' recorded consent, to a date after the current one. */
export async function extend(
  db: Db,
  input: { caseId: number; until: string; applicantConsent: string; respondentConsent: string },
  now = nowIso(),
): Promise<void> {
  const c = await liveCase(db, input.caseId)
  if (!MEDIATING_STATES.includes(c.status)) throw new AppError('STATE', `案件${c.status}，不需要延期。`)
  const a = input.applicantConsent.trim()
  const r = input.respondentConsent.trim()
  if (!a || !r) {
    throw new AppError(
      'VALIDATION',
      '延期要有双方当事人的同意：请写明申请人和被申请人各自怎样表示同意（如：当面签字同意）。',
    )
  }
  const current = c.extended_until ?? addDays(c.accepted_on, 30)
  if (input.until <= current) throw new AppError('VALIDATION', `延期后的期限应晚于现在的期限 ${current}。`)
  await db
    .updateTable('mediation_cases')
    .set({
      extended_until: input.until,
      extension_consent: JSON.stringify({ applicant: a, respondent: r }),
      updated_at: now,
    })
    .where('id', '=', c.id)
    .execute()
  await audit(db, '修改', 'mediation_case', c.id, { extendedUntil: input.until })
}

/** 不予受理 (from 受理) or 终止 (while mediating): a reason; 终止 records that the other routes were told. */
export async function endCase(
  db: Db,
  input: { caseId: number; as: '不予受理' | '终止'; reason: string; routesTold: boolean; on: string | null },
  now = nowIso(),
): Promise<void> {
  const c = await liveCase(db, input.caseId)
  const on = input.on ?? officeDate(now)
  if (input.as === '不予受理' && c.status !== '受理')
    throw new AppError('STATE', '已经开始调解的案件不能再“不予受理”，请用“终止调解”。')
  if (input.as === '终止' && !MEDIATING_STATES.includes(c.status))
    throw new AppError('STATE', `案件${c.status}，不能终止调解。`)
  if (!input.reason.trim()) throw new AppError('VALIDATION', `请写明${input.as}的理由。`)
  if (input.as === '终止' && !input.routesTold) {
    throw new AppError('VALIDATION', '终止调解前，要告知当事人可以通过仲裁、行政、司法等途径解决，请确认已经告知。')
  }
  if (on < c.accepted_on) throw new AppError('VALIDATION', `日期不能早于受理日期 ${c.accepted_on}。`)
  await db
    .updateTable('mediation_cases')
    .set({
      status: input.as,
      end_reason: input.reason.trim(),
      routes_told: input.routesTold ? 1 : 0,
      ended_on: on,
      updated_at: now,
    })
    .where('id', '=', c.id)
    .execute()
  await audit(db, '修改', 'mediation_case', c.id, { status: input.as, reason: input.reason })
}
