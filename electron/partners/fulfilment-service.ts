import { AppError, notFound } from '../../shared/app-error'
import { formatYuan } from '../../shared/money'
import { nowIso, officeDate } from '../../shared/time'
import { isMoneyKind } from '../../shared/partner-values'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { handOut, keepFile } from '../database/attachment-store'
import type { HostContext } from '../registry/define'
import { inTransaction, type Trx } from '../database/unit-of-work'
import { settleCommitment } from './settle-store'
import { prepared } from '../database/prepared'

/**
 * The facts of a period, as the clerk enters them: the base a partner reports (比例分成), a count
 * done or a deliverable delivered, a payment, a waiver (豁免) with its reason, evidence files, and
 * 复核 by a second person. Each write settles the commitment in the same transaction. A fact
 * changed after 复核 takes the 复核 back: what was checked is no longer what is there.
 */

async function periodOf(db: Db, periodId: number) {
  const p = await db
    .selectFrom('partner_periods as p')
    .innerJoin('partner_commitments as c', 'c.id', 'p.commitment_id')
    .innerJoin('partner_agreements as a', 'a.id', 'c.agreement_id')
    .select([
      'p.id',
      'p.commitment_id',
      'p.start_date',
      'p.end_date',
      'p.waived_reason',
      'p.reviewed_at',
      'c.kind',
      'c.counts_meetings',
      'c.agreement_id',
      'a.voided_at',
      'a.terminated_on',
    ])
    .where('p.id', '=', periodId)
    .executeTakeFirst()
  if (!p) throw notFound('履约期')
  if (p.voided_at) throw new AppError('LOCKED', '协议已作废，不能再登记。')
  return p
}

async function changeFacts(
  db: Db,
  periodId: number,
  what: string,
  check: (p: Awaited<ReturnType<typeof periodOf>>) => void,
  set: Record<string, string | number | null>,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const p = await periodOf(trx, periodId)
    check(p)
    await trx
      .updateTable('partner_periods')
      .set({ ...set, reviewed_by: '', reviewed_at: null })
      .where('id', '=', periodId)
      .execute()
    await settleCommitment(trx, p.commitment_id)
    await audit(trx, '修改', '履约期', periodId, { what, ...set })
  })
}

/** 比例分成: the base (profit) the partner reports for the period; a loss is negative. */
export async function reportBase(db: Db, periodId: number, baseFen: number, note: string): Promise<void> {
  await changeFacts(
    db,
    periodId,
    '申报基数',
    (p) => {
      if (p.kind !== '比例分成') throw new AppError('INVALID_INPUT', '只有「比例分成」的条款需要申报基数。')
    },
    { base_fen: baseFen, note },
  )
}

/** 每期次数: how many were done by hand (meetings hosted are counted by themselves); 一次性交付: 1 = delivered. */
export async function recordCount(db: Db, periodId: number, doneCount: number, note: string): Promise<void> {
  await changeFacts(
    db,
    periodId,
    '登记完成数',
    (p) => {
      if (p.kind !== '每期次数' && p.kind !== '一次性交付') {
        throw new AppError(
          'INVALID_INPUT',
          p.kind === '保持人数' ? '保持人数按在岗人员计算，请登记人员。' : '金额类条款请在这一期点「缴入公益基金」。',
        )
      }
      if (p.kind === '一次性交付' && doneCount > 1)
        throw new AppError('INVALID_INPUT', '一次性交付只能是「已完成」或「未完成」。')
    },
    { done_count: doneCount, note },
  )
}

export async function waivePeriod(db: Db, periodId: number, reason: string): Promise<void> {
  if (!reason.trim()) throw new AppError('INVALID_INPUT', '请填写豁免的原因（如停业整修、经议事会同意）。')
  await changeFacts(db, periodId, '豁免', () => undefined, { waived_reason: reason.trim() })
}

export async function unwaivePeriod(db: Db, periodId: number): Promise<void> {
  await changeFacts(db, periodId, '取消豁免', () => undefined, { waived_reason: '' })
}

/**
 * A payment toward a money commitment's period, made only by the charity fund: it calls this inside
 * its own posting transaction with the income entry it posted (fundEntryId), and again with the
 * negative amount and the reversing entry when that entry is reversed. So a money period's actual
 * is the net of its linked fund entries (plus any payment typed by hand before the fund posted
 * them: those rows have no fund entry and stay counted, shown as 手工登记).
 *
 * A payment above what the period still owes is refused: the money beyond the commitment is a
 * donation (捐赠), or belongs to another period, and the clerk is told so. (A carry-over policy of
 * 超出部分计入下期 still moves an over-delivery the settlement computes, e.g. after a true-up lowers
 * the due; it never invites paying ahead by accident.)
 */
export async function recordMoneyPaid(
  trx: Db,
  periodId: number,
  fen: number,
  fundEntryId: number,
  paidOn: string = officeDate(),
  note = '',
): Promise<void> {
  if (!Number.isSafeInteger(fen) || fen === 0) throw new AppError('INVALID_INPUT', '到账金额不能为 0。')
  await inTransaction(trx, async (t) => {
    const p = await periodOf(t, periodId)
    if (!isMoneyKind(p.kind)) throw new AppError('INVALID_INPUT', '这一期不是金额类条款，不能登记到账。')
    const current = await t
      .selectFrom('partner_periods')
      .select(['paid_fen', 'planned'])
      .where('id', '=', periodId)
      .executeTakeFirstOrThrow()
    if (fen < 0 && current.paid_fen + fen < 0) {
      throw new AppError('INVALID_INPUT', `冲销金额超过这一期已到账的 ${formatYuan(current.paid_fen)}。`)
    }
    if (fen > 0) {
      if (p.waived_reason) throw new AppError('INVALID_INPUT', '这一期已经豁免，不用再缴。')
      const due = Math.max(0, current.planned - current.paid_fen)
      if (due === 0) {
        throw new AppError(
          'INVALID_INPUT',
          p.kind === '比例分成' && current.planned === 0
            ? '这一期还没有应缴的金额：请先在合伙人台账登记这一期的利润。'
            : '这一期已经缴清了。多缴的钱请另登记为「捐赠」收入。',
        )
      }
      if (fen > due) {
        throw new AppError(
          'INVALID_INPUT',
          `这一期还应缴 ${formatYuan(due)}，${formatYuan(fen)} 多了 ${formatYuan(fen - due)}。请只缴应缴的金额，多出的部分另登记为「捐赠」收入。`,
        )
      }
    }
    await t
      .insertInto('partner_payments')
      .values({ period_id: periodId, fen, paid_on: paidOn, fund_entry_id: fundEntryId, note, created_at: nowIso() })
      .execute()
    await t
      .updateTable('partner_periods')
      .set({ paid_fen: current.paid_fen + fen, reviewed_by: '', reviewed_at: null })
      .where('id', '=', periodId)
      .execute()
    await settleCommitment(t, p.commitment_id)
    await audit(t, '新增', '到账', periodId, { fen, fundEntryId })
  })
}

/** The payments of one period: those posted by the fund (with their entry) and any typed by hand before. */
export async function listPayments(db: Db, periodId: number) {
  const rows = await db
    .selectFrom('partner_payments')
    .select(['id', 'fen', 'paid_on as paidOn', 'fund_entry_id as fundEntryId', 'note'])
    .where('period_id', '=', periodId)
    .orderBy('id')
    .execute()
  return rows
}

/**
 * One money period as the fund's income form needs it (prefilled from the period's screen): who
 * pays, for what, and what it still owes. Refused for a period that is not a partner's money
 * commitment of a signed, valid agreement.
 */
export async function moneyPeriod(db: Db, periodId: number) {
  const r = await db
    .selectFrom('partner_periods as p')
    .innerJoin('partner_commitments as c', 'c.id', 'p.commitment_id')
    .innerJoin('partner_agreements as a', 'a.id', 'c.agreement_id')
    .innerJoin('partners as pt', 'pt.id', 'a.partner_id')
    .select([
      'p.id as periodId',
      'pt.id as partnerId',
      'pt.name as partnerName',
      'a.id as agreementId',
      'a.number',
      'a.voided_at',
      'a.signed_on',
      'c.side',
      'c.title',
      'c.kind',
      'p.start_date as start',
      'p.end_date as end',
      'p.planned',
      'p.paid_fen as paid',
      'p.waived_reason as waivedReason',
    ])
    .where('p.id', '=', periodId)
    .executeTakeFirst()
  if (!r) throw notFound('履约期')
  if (r.side !== '合伙人承诺' || !isMoneyKind(r.kind)) {
    throw new AppError('INVALID_INPUT', '只有合伙人承诺的金额类条款（固定金额、比例分成）才缴入公益基金。')
  }
  if (r.voided_at || r.signed_on === null) throw new AppError('LOCKED', '协议还没签订或已作废，不能缴款。')
  const { voided_at: _v, signed_on: _s, side: _side, ...rest } = r
  return { ...rest, dueFen: Math.max(0, r.planned - r.paid) }
}

// Asked by the fund's income form for each partner: compiled once.
const openMoneyPeriods = prepared((db, v: { partnerId: number; today: string }) =>
  db
    .selectFrom('partner_periods as p')
    .innerJoin('partner_commitments as c', 'c.id', 'p.commitment_id')
    .innerJoin('partner_agreements as a', 'a.id', 'c.agreement_id')
    .select([
      'p.id as periodId',
      'a.id as agreementId',
      'a.number',
      'c.title',
      'c.kind',
      'p.start_date as start',
      'p.end_date as end',
      'p.planned',
      'p.paid_fen as paid',
    ])
    .where('a.partner_id', '=', v.partnerId)
    .where('a.voided_at', 'is', null)
    .where('a.signed_on', 'is not', null)
    .where('c.side', '=', '合伙人承诺')
    .where('c.kind', 'in', ['固定金额', '比例分成'])
    .where('p.waived_reason', '=', '')
    .where('p.start_date', '<=', v.today)
    .whereRef('p.paid_fen', '<', 'p.planned')
    .where((eb) => eb.or([eb('a.terminated_on', 'is', null), eb('p.start_date', '<=', eb.ref('a.terminated_on'))]))
    .orderBy('p.end_date'),
)

/** What a partner still owes per money period that has begun, for the fund's income form. */
export async function moneyPeriodsOpen(db: Db, partnerId: number, now = nowIso()) {
  const rows = await openMoneyPeriods(db, { partnerId, today: officeDate(now) })
  return rows.map((r) => ({ ...r, dueFen: r.planned - r.paid }))
}

/** 复核: a second person checked the evidence. Needs evidence: files, or the meetings that credited it. */
export async function reviewPeriod(db: Db, periodId: number, reviewer: string, now = nowIso()): Promise<void> {
  if (!reviewer.trim()) throw new AppError('INVALID_INPUT', '请填写复核人的姓名。')
  await inTransaction(db, async (trx) => {
    await periodOf(trx, periodId)
    const files = await trx
      .selectFrom('partner_evidence')
      .select('id')
      .where('period_id', '=', periodId)
      .executeTakeFirst()
    const meeting = await trx
      .selectFrom('partner_meeting_credits')
      .select('meeting_id')
      .where('period_id', '=', periodId)
      .executeTakeFirst()
    if (!files && !meeting)
      throw new AppError('INVALID_INPUT', '这一期还没有证据材料，请先上传照片、签到表或纪要再复核。')
    await trx
      .updateTable('partner_periods')
      .set({ reviewed_by: reviewer.trim(), reviewed_at: now })
      .where('id', '=', periodId)
      .execute()
    await audit(trx, '修改', '履约期', periodId, { reviewed: reviewer })
  })
}

/** The largest evidence file the app keeps (a phone photo or a multi-page scan). */
export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024

/**
 * Keeps a copy of an evidence file in the app's one file store beside the data file
 * (database/attachment-store.ts: named by its SHA-256, the same file twice is stored once), and
 * records it for the period.
 */
export async function addEvidence(
  db: Db,
  dataFile: string,
  input: { periodId: number; kind: string; fileName: string; dataBase64: string },
): Promise<{ id: number; sha256: string }> {
  const bytes = Buffer.from(input.dataBase64, 'base64')
  if (bytes.length === 0) throw new AppError('INVALID_INPUT', '文件是空的，请重新选择。')
  if (bytes.length > MAX_EVIDENCE_BYTES)
    throw new AppError('INVALID_INPUT', '文件太大了（最多 20 MB），请压缩或分开上传。')
  return inTransaction(db, async (trx: Trx) => {
    await periodOf(trx, input.periodId)
    const kept = keepFile(dataFile, input.fileName, bytes)
    const row = await trx
      .insertInto('partner_evidence')
      .values({
        period_id: input.periodId,
        kind: input.kind,
        file_name: input.fileName,
        stored_name: kept.storedName,
        sha256: kept.sha256,
        size: bytes.length,
        added_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', '履约证据', row.id, {
      periodId: input.periodId,
      fileName: input.fileName,
      sha256: kept.sha256,
    })
    return { id: row.id, sha256: kept.sha256 }
  })
}

/** 打开 / 另存: the file handed to the host after its hash is checked. */
export async function handOutEvidence(db: Db, ctx: HostContext, id: number, how: 'open' | 'save') {
  const row = await db.selectFrom('partner_evidence').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('证据材料')
  return handOut(ctx, { fileName: row.file_name, stored: row.stored_name, sha256: row.sha256 }, how)
}

export async function listEvidence(db: Db, periodId: number) {
  return db
    .selectFrom('partner_evidence')
    .select(['id', 'kind', 'file_name as fileName', 'sha256', 'size', 'added_at as addedAt'])
    .where('period_id', '=', periodId)
    .orderBy('id')
    .execute()
}

/** 保持人数: a resident from the roster takes one of the places (a job) from a date. */
export async function addHolder(
  db: Db,
  input: { commitmentId: number; residentId: number; role: string; fromDate: string },
): Promise<{ id: number }> {
  return inTransaction(db, async (trx) => {
    const c = await trx
      .selectFrom('partner_commitments as c')
      .innerJoin('partner_agreements as a', 'a.id', 'c.agreement_id')
      .select(['c.kind', 'a.voided_at'])
      .where('c.id', '=', input.commitmentId)
      .executeTakeFirst()
    if (!c) throw notFound('协议条款')
    if (c.voided_at) throw new AppError('LOCKED', '协议已作废，不能再登记。')
    if (c.kind !== '保持人数') throw new AppError('INVALID_INPUT', '只有「保持人数」的条款登记在岗人员。')
    const r = await trx
      .selectFrom('residents')
      .select('id')
      .where('id', '=', input.residentId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    if (!r) throw notFound('居民')
    const same = await trx
      .selectFrom('partner_holders')
      .select('id')
      .where('commitment_id', '=', input.commitmentId)
      .where('resident_id', '=', input.residentId)
      .where('to_date', 'is', null)
      .executeTakeFirst()
    if (same) throw new AppError('DUPLICATE', '这位居民已经在岗了。')
    const row = await trx
      .insertInto('partner_holders')
      .values({
        commitment_id: input.commitmentId,
        resident_id: input.residentId,
        role: input.role,
        from_date: input.fromDate,
        to_date: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await settleCommitment(trx, input.commitmentId)
    await audit(trx, '新增', '在岗人员', row.id, input)
    return { id: row.id }
  })
}

/** The holder left on `toDate` (the last day in the place). */
export async function endHolder(db: Db, holderId: number, toDate: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const h = await trx.selectFrom('partner_holders').selectAll().where('id', '=', holderId).executeTakeFirst()
    if (!h) throw notFound('在岗人员')
    if (toDate < h.from_date) throw new AppError('INVALID_INPUT', '离岗日期不能早于到岗日期。')
    await trx.updateTable('partner_holders').set({ to_date: toDate }).where('id', '=', holderId).execute()
    await settleCommitment(trx, h.commitment_id)
    await audit(trx, '修改', '在岗人员', holderId, { toDate })
  })
}
