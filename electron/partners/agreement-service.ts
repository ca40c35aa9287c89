import { AppError, notFound } from '../../shared/app-error'
import { addDays, daysBetween } from '../../shared/dates'
import { nowIso, officeDate } from '../../shared/time'
import {
  DEFAULT_NOTICE_DAYS,
  type AgreementKind,
  type AgreementState,
  type CarryPolicy,
  type CommitmentKind,
  type PeriodUnit,
  type Side,
} from '../../shared/partner-values'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { nextNumber } from '../database/numbering'
import { inTransaction } from '../database/unit-of-work'
import { reattachMeetings } from './meeting-credit'
import { periodSpans, sameDayMonthsLater } from './periods'
import { settleCommitment } from './settle-store'

/**
 * 协议: two-sided (what the community provides, what the partner commits to), drafted, then signed
 * (its periods are made then, and the weights of its 履约率 are fixed), renewed by a successor that
 * names it, terminated early with a reason, or voided. Its state is computed from its dates and
 * links, never stored (agreementState).
 */

export interface AgreementInput {
  partnerId: number
  kind: AgreementKind
  /** '' → the next 〔年〕合字第N号. */
  number: string
  title: string
  startDate: string
  endDate: string | null
  noticeDays: number
  communitySignatory: string
  partnerSignatory: string
  note: string
}

export interface CommitmentInput {
  side: Side
  kind: CommitmentKind
  category: string
  title: string
  periodUnit: PeriodUnit | null
  quantity: number
  amountFen: number
  rateBp: number
  dueDate: string | null
  areaM2: number | null
  imputedYearlyFen: number
  weight: number
  carryPolicy: CarryPolicy
  countsMeetings: boolean
  note: string
}

/** How far ahead the periods of an open-ended agreement are made (upkeep moves it daily). */
export const OPEN_HORIZON_MONTHS = 24

export interface StateFacts {
  signed_on: string | null
  start_date: string
  end_date: string | null
  notice_on: string | null
  terminated_on: string | null
  voided_at: string | null
}

/**
 * 作废 > 提前终止 (from its date) > 已续签 (a live successor names it) > 草拟 (unsigned) > 待生效
 * (before the start) > 已到期 (after the end) > 即将到期 (inside the notice window) > 生效.
 */
export function agreementState(a: StateFacts, renewed: boolean, today: string): AgreementState {
  if (a.voided_at) return '作废'
  if (a.terminated_on && a.terminated_on <= today) return '提前终止'
  if (renewed) return '已续签'
  if (!a.signed_on) return '草拟'
  if (today < a.start_date) return '待生效'
  if (a.end_date && today > a.end_date) return '已到期'
  if (a.notice_on && today >= a.notice_on) return '即将到期'
  return '生效'
}

const noticeOn = (end: string | null, days: number) => (end ? addDays(end, -days) : null)

function checkTerm(input: { startDate: string; endDate: string | null }) {
  if (input.endDate && input.endDate < input.startDate) {
    throw new AppError('INVALID_INPUT', '协议的结束日期早于开始日期，请检查。')
  }
}

async function assertPartner(db: Db, id: number) {
  const p = await db.selectFrom('partners').select(['id', 'name']).where('id', '=', id).executeTakeFirst()
  if (!p) throw notFound('合伙人')
  return p
}

async function numberFor(db: Db, wanted: string, start: string, id: number | null): Promise<string> {
  const year = Number(start.slice(0, 4))
  const number = wanted.trim() || `〔${year}〕合字第${await nextNumber(db, 'partner_agreement', year)}号`
  let q = db.selectFrom('partner_agreements').select('id').where('number', '=', number)
  if (id !== null) q = q.where('id', '<>', id)
  if (await q.executeTakeFirst()) throw new AppError('DUPLICATE', `协议编号「${number}」已经用过了，请换一个。`)
  return number
}

async function draft(db: Db, id: number) {
  const a = await db.selectFrom('partner_agreements').selectAll().where('id', '=', id).executeTakeFirst()
  if (!a) throw notFound('协议')
  if (a.voided_at) throw new AppError('LOCKED', '协议已作废，不能再改。')
  if (a.signed_on) {
    throw new AppError('LOCKED', '协议已签订，条款和权重不能再改；要改条款请「续签」一份新协议，或「提前终止」。')
  }
  return a
}

export async function createAgreement(
  db: Db,
  input: AgreementInput,
  predecessorId: number | null = null,
): Promise<{ id: number; number: string }> {
  checkTerm(input)
  return inTransaction(db, async (trx) => {
    await assertPartner(trx, input.partnerId)
    const number = await numberFor(trx, input.number, input.startDate, null)
    const at = nowIso()
    const row = await trx
      .insertInto('partner_agreements')
      .values({
        partner_id: input.partnerId,
        kind: input.kind,
        number,
        title: input.title,
        signed_on: null,
        start_date: input.startDate,
        end_date: input.endDate,
        notice_days: input.noticeDays,
        notice_on: noticeOn(input.endDate, input.noticeDays),
        community_signatory: input.communitySignatory,
        partner_signatory: input.partnerSignatory,
        predecessor_id: predecessorId,
        note: input.note,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', '合伙协议', row.id, { number })
    return { id: row.id, number }
  })
}

export async function updateAgreement(db: Db, id: number, input: AgreementInput): Promise<void> {
  checkTerm(input)
  await inTransaction(db, async (trx) => {
    const a = await draft(trx, id)
    if (a.partner_id !== input.partnerId) await assertPartner(trx, input.partnerId)
    const number = await numberFor(trx, input.number || a.number, input.startDate, id)
    await trx
      .updateTable('partner_agreements')
      .set({
        partner_id: input.partnerId,
        kind: input.kind,
        number,
        title: input.title,
        start_date: input.startDate,
        end_date: input.endDate,
        notice_days: input.noticeDays,
        notice_on: noticeOn(input.endDate, input.noticeDays),
        community_signatory: input.communitySignatory,
        partner_signatory: input.partnerSignatory,
        note: input.note,
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .execute()
    await audit(trx, '修改', '合伙协议', id, { number })
  })
}

function checkCommitment(c: CommitmentInput, term: { start_date: string; end_date: string | null }) {
  const bad = (m: string) => new AppError('INVALID_INPUT', m)
  if (c.kind === '一次性交付') {
    if (!c.dueDate) throw bad('一次性交付要填写「完成期限」。')
    if (c.dueDate < term.start_date || (term.end_date && c.dueDate > term.end_date)) {
      throw bad('「完成期限」应在协议期限之内。')
    }
  } else if (!c.periodUnit) {
    throw bad('请选择按月、按季还是按年履约。')
  }
  if (c.kind === '固定金额' && c.amountFen <= 0) throw bad('请填写每期金额（大于 0 元）。')
  if (c.kind === '比例分成' && (c.rateBp <= 0 || c.rateBp > 10000)) throw bad('比例应大于 0%，不能超过 100%。')
  if ((c.kind === '每期次数' || c.kind === '保持人数') && c.quantity < 1) throw bad('请填写每期的数量（至少 1）。')
  if (c.countsMeetings && c.kind !== '每期次数') throw bad('只有「每期次数」可以按承办的议事会自动计入。')
  if (c.countsMeetings && c.side !== '合伙人承诺') throw bad('承办议事会是合伙人的承诺，请选「合伙人承诺」。')
}

function commitmentValues(c: CommitmentInput) {
  const oneOff = c.kind === '一次性交付'
  return {
    side: c.side,
    kind: c.kind,
    category: c.side === '社区提供' ? c.category : '其他',
    title: c.title,
    period_unit: oneOff ? null : c.periodUnit,
    quantity: c.kind === '每期次数' || c.kind === '保持人数' ? c.quantity : 0,
    amount_fen: c.kind === '固定金额' ? c.amountFen : 0,
    rate_bp: c.kind === '比例分成' ? c.rateBp : 0,
    due_date: oneOff ? c.dueDate : null,
    area_m2: c.areaM2,
    imputed_yearly_fen: c.imputedYearlyFen,
    weight: c.weight,
    carry_policy: c.carryPolicy,
    counts_meetings: c.countsMeetings ? 1 : 0,
    note: c.note,
  }
}

export async function addCommitment(db: Db, agreementId: number, input: CommitmentInput): Promise<{ id: number }> {
  return inTransaction(db, async (trx) => {
    const a = await draft(trx, agreementId)
    checkCommitment(input, a)
    const last = await trx
      .selectFrom('partner_commitments')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('agreement_id', '=', agreementId)
      .executeTakeFirst()
    const row = await trx
      .insertInto('partner_commitments')
      .values({ agreement_id: agreementId, position: Number(last?.p ?? 0) + 1, ...commitmentValues(input) })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', '协议条款', row.id, { agreementId, title: input.title })
    return { id: row.id }
  })
}

async function commitmentOfDraft(db: Db, id: number) {
  const c = await db.selectFrom('partner_commitments').select(['agreement_id']).where('id', '=', id).executeTakeFirst()
  if (!c) throw notFound('协议条款')
  return { c, a: await draft(db, c.agreement_id) }
}

export async function updateCommitment(db: Db, id: number, input: CommitmentInput): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { a } = await commitmentOfDraft(trx, id)
    checkCommitment(input, a)
    await trx.updateTable('partner_commitments').set(commitmentValues(input)).where('id', '=', id).execute()
    await audit(trx, '修改', '协议条款', id, { title: input.title })
  })
}

export async function deleteCommitment(db: Db, id: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    await commitmentOfDraft(trx, id)
    await trx.deleteFrom('partner_holders').where('commitment_id', '=', id).execute()
    await trx.deleteFrom('partner_commitments').where('id', '=', id).execute()
    await audit(trx, '删除', '协议条款', id, {})
  })
}

/** Makes the periods of one commitment up to `until` (those not made yet) and settles them. */
async function makePeriods(
  db: Db,
  c: { id: number; kind: string; period_unit: PeriodUnit | null; due_date: string | null },
  start: string,
  until: string,
): Promise<void> {
  const have = await db
    .selectFrom('partner_periods')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('commitment_id', '=', c.id)
    .executeTakeFirstOrThrow()
  const made = Number(have.n)
  const spans =
    c.kind === '一次性交付' || !c.period_unit
      ? made === 0
        ? [{ seq: 1, start, end: c.due_date ?? until }]
        : []
      : periodSpans(start, until, c.period_unit, made)
  for (let i = 0; i < spans.length; i += 200) {
    await db
      .insertInto('partner_periods')
      .values(
        spans.slice(i, i + 200).map((s) => ({ commitment_id: c.id, seq: s.seq, start_date: s.start, end_date: s.end })),
      )
      .execute()
  }
  if (spans.length) await settleCommitment(db, c.id)
}

const horizonOf = (start: string, today: string) =>
  addDays(sameDayMonthsLater(today > start ? today : start, OPEN_HORIZON_MONTHS), -1)

/** 签订: records the signing date, fixes the terms and weights, and makes every period of the term. */
export async function signAgreement(db: Db, id: number, signedOn: string, now = nowIso()): Promise<void> {
  await inTransaction(db, async (trx) => {
    const a = await draft(trx, id)
    if (!a.community_signatory.trim() || !a.partner_signatory.trim()) {
      throw new AppError('INVALID_INPUT', '签订前请填写双方签订人（社区一方和合伙人一方）。')
    }
    const commitments = await trx
      .selectFrom('partner_commitments')
      .select(['id', 'kind', 'period_unit', 'due_date', 'side'])
      .where('agreement_id', '=', id)
      .execute()
    if (!commitments.some((c) => c.side === '合伙人承诺')) {
      throw new AppError('INVALID_INPUT', '协议还没有合伙人的承诺，请先添加至少一项再签订。')
    }
    await trx
      .updateTable('partner_agreements')
      .set({ signed_on: signedOn, updated_at: nowIso() })
      .where('id', '=', id)
      .execute()
    const until = a.end_date ?? horizonOf(a.start_date, officeDate(now))
    for (const c of commitments) await makePeriods(trx, c, a.start_date, until)
    await reattachMeetings(trx, a.partner_id)
    await audit(trx, '修改', '合伙协议', id, { signedOn })
  })
}

/** Daily: open-ended agreements get their periods up to the horizon. */
export async function extendOpenEnded(db: Db, now: string): Promise<void> {
  const today = officeDate(now)
  const open = await db
    .selectFrom('partner_agreements')
    .select(['id', 'partner_id', 'start_date'])
    .where('end_date', 'is', null)
    .where('signed_on', 'is not', null)
    .where('voided_at', 'is', null)
    .where('terminated_on', 'is', null)
    .execute()
  for (const a of open) {
    await inTransaction(db, async (trx) => {
      const commitments = await trx
        .selectFrom('partner_commitments')
        .select(['id', 'kind', 'period_unit', 'due_date'])
        .where('agreement_id', '=', a.id)
        .execute()
      for (const c of commitments) await makePeriods(trx, c, a.start_date, horizonOf(a.start_date, today))
      await reattachMeetings(trx, a.partner_id)
    })
  }
}

/** 续签: a new draft that names this one, with its commitments copied (the clerk adjusts, then signs). */
export async function renewAgreement(
  db: Db,
  id: number,
  input: Omit<AgreementInput, 'partnerId' | 'kind'> & { kind: AgreementKind | null },
): Promise<{ id: number; number: string }> {
  checkTerm(input)
  return inTransaction(db, async (trx) => {
    const a = await trx.selectFrom('partner_agreements').selectAll().where('id', '=', id).executeTakeFirst()
    if (!a) throw notFound('协议')
    if (a.voided_at || !a.signed_on) throw new AppError('LOCKED', '只有已签订的协议可以续签。')
    if (a.terminated_on) throw new AppError('LOCKED', '协议已提前终止，不能续签；请新签一份协议。')
    const existing = await successorOf(trx, id)
    if (existing) throw new AppError('DUPLICATE', `这份协议已有续签协议「${existing.number}」。`)
    if (input.startDate <= a.start_date) throw new AppError('INVALID_INPUT', '续签协议应在原协议开始之后开始。')
    const created = await createAgreement(trx, { ...input, kind: input.kind ?? a.kind, partnerId: a.partner_id }, id)
    const commitments = await trx.selectFrom('partner_commitments').selectAll().where('agreement_id', '=', id).execute()
    for (const c of commitments) {
      const { id: _old, agreement_id: _a, ...rest } = c
      void _old
      void _a
      const due = rest.due_date && rest.due_date < input.startDate ? null : rest.due_date
      if (rest.kind === '一次性交付' && !due) continue
      await trx
        .insertInto('partner_commitments')
        .values({ ...rest, due_date: due, agreement_id: created.id })
        .execute()
    }
    return created
  })
}

async function successorOf(db: Db, id: number) {
  return db
    .selectFrom('partner_agreements')
    .select(['id', 'number', 'start_date'])
    .where('predecessor_id', '=', id)
    .where('voided_at', 'is', null)
    .executeTakeFirst()
}

/** 提前终止 from a date, with the reason; periods starting after it no longer count. */
export async function terminateAgreement(db: Db, id: number, on: string, reason: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const a = await trx.selectFrom('partner_agreements').selectAll().where('id', '=', id).executeTakeFirst()
    if (!a) throw notFound('协议')
    if (a.voided_at || !a.signed_on) throw new AppError('LOCKED', '只有已签订的协议可以提前终止；草拟的协议可以作废。')
    if (a.terminated_on) throw new AppError('LOCKED', '协议已经提前终止了。')
    if (!reason.trim()) throw new AppError('INVALID_INPUT', '请填写提前终止的原因。')
    if (on < a.start_date || (a.end_date && on > a.end_date)) {
      throw new AppError('INVALID_INPUT', '终止日期应在协议期限之内。')
    }
    await trx
      .updateTable('partner_agreements')
      .set({ terminated_on: on, termination_reason: reason.trim(), updated_at: nowIso() })
      .where('id', '=', id)
      .execute()
    await reattachMeetings(trx, a.partner_id)
    await audit(trx, '修改', '合伙协议', id, { terminatedOn: on, reason })
  })
}

/** 作废: entered by mistake. The number stays used; nothing of it counts any more. */
export async function voidAgreement(db: Db, id: number, reason: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const a = await trx.selectFrom('partner_agreements').selectAll().where('id', '=', id).executeTakeFirst()
    if (!a) throw notFound('协议')
    if (a.voided_at) throw new AppError('LOCKED', '协议已经作废了。')
    if (!reason.trim()) throw new AppError('INVALID_INPUT', '请填写作废的原因。')
    const paid = await trx
      .selectFrom('partner_payments as pay')
      .innerJoin('partner_periods as p', 'p.id', 'pay.period_id')
      .innerJoin('partner_commitments as c', 'c.id', 'p.commitment_id')
      .select('pay.id')
      .where('c.agreement_id', '=', id)
      .executeTakeFirst()
    if (paid) throw new AppError('LOCKED', '这份协议已有到账记录，不能作废；请「提前终止」。')
    await trx
      .updateTable('partner_agreements')
      .set({ voided_at: nowIso(), void_reason: reason.trim(), updated_at: nowIso() })
      .where('id', '=', id)
      .execute()
    await reattachMeetings(trx, a.partner_id)
    await audit(trx, '修改', '合伙协议', id, { voided: reason })
  })
}

/** Days without an agreement between a predecessor's end and its successor's start (0 when none). */
export function gapDays(predecessorEnd: string | null, successorStart: string): number {
  if (!predecessorEnd) return 0
  return Math.max(0, daysBetween(predecessorEnd, successorStart) - 1)
}

export { DEFAULT_NOTICE_DAYS }
