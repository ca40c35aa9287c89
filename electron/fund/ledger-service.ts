import { AppError, notFound } from '../../shared/app-error'
import { nowIso, officeDate } from '../../shared/time'
import { chineseDate } from '../../shared/dates'
import { formatYuan, MAX_FEN } from '../../shared/money'
import {
  directionOf,
  monthText,
  voucherNumber,
  type EntryKind,
  type PartyType,
  type Restriction,
  type SourceKind,
} from '../../shared/fund-values'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { nextNumber } from '../database/numbering'
import { inTransaction, type Trx } from '../database/unit-of-work'
import type { FundEntriesTable } from './tables'
import { recordMoneyPaid } from '../partners'
import type { Selectable } from 'kysely'

/**
 * The charity fund's ledger: sub-funds by purpose and the entries posted to them.
 *
 * Posting is one transaction: the checks (the sub-fund exists, the date is not in the future nor in
 * a month already reconciled, the voucher number is free, the sub-fund's balance stays at or above
 * zero on the entry's day and every day after) and the insert, then the caller's `onPosted` in the
 * same transaction. Every function takes a `Db` that may be the caller's open transaction, so the
 * partner ledger (a commitment period paid) or the contest (a funded proposal) posts its entry and
 * writes its own rows in one unit of work.
 *
 * A posted entry is never changed (the database refuses it); a mistake is corrected by a reversing
 * entry (红字冲销) naming the one it reverses, once only.
 */

export type EntryRow = Selectable<FundEntriesTable>

export interface SubfundInput {
  name: string
  restriction: Restriction
  purpose: string
}

export interface EntryInput {
  subfundId: number
  kind: EntryKind
  /** Office-local 'YYYY-MM-DD'. */
  entryDate: string
  /** Whole fen, above zero. */
  amount: number
  counterparty: string
  partyType: PartyType
  /** The person agreed to be named on public notices (ignored for 单位, always named). */
  partyNamed: boolean
  /** '' for the next number of the entry's year (2026-0012); or the number on a paper voucher. */
  voucherNo: string
  /** 摘要: what the money is for or from (for an expenditure, its purpose). */
  summary: string
  /** The record of another module this entry belongs to. */
  source?: { kind: SourceKind; id: number } | null
}

export interface PostOptions {
  now?: string
  /** Runs inside the posting transaction, after the insert (a caller's own rows, e.g. the period's link). */
  onPosted?: (trx: Trx, entry: EntryRow) => Promise<void>
}

const EARLIEST = '2000-01-01'

export async function createSubfund(db: Db, input: SubfundInput, now = nowIso()): Promise<{ id: number }> {
  return inTransaction(db, async (trx) => {
    const name = input.name.trim()
    const taken = await trx.selectFrom('fund_subfunds').select('id').where('name', '=', name).executeTakeFirst()
    if (taken) throw new AppError('DUPLICATE', `已经有名为「${name}」的子基金了，请换一个名称。`)
    if (input.restriction === '限定性' && !input.purpose.trim()) {
      throw new AppError('INVALID_INPUT', '限定性子基金要写明限定的用途（捐赠人指定的用途）。')
    }
    const row = await trx
      .insertInto('fund_subfunds')
      .values({ name, restriction: input.restriction, purpose: input.purpose.trim(), created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', '公益基金子基金', row.id, input)
    return { id: row.id }
  })
}

export interface SubfundRow {
  id: number
  name: string
  restriction: Restriction
  purpose: string
  balance: number
  entries: number
}

/** Every sub-fund with its balance today (one grouped sum over the sub-fund index). */
export async function listSubfunds(db: Db): Promise<SubfundRow[]> {
  const subfunds = await db
    .selectFrom('fund_subfunds')
    .select(['id', 'name', 'restriction', 'purpose'])
    .orderBy('id')
    .execute()
  const sums = await db
    .selectFrom('fund_entries')
    .select((eb) => ['subfund_id', eb.fn.sum<number>('delta').as('balance'), eb.fn.countAll<number>().as('entries')])
    .groupBy('subfund_id')
    .execute()
  const by = new Map(sums.map((s) => [s.subfund_id, s]))
  return subfunds.map((s) => ({
    ...s,
    balance: Number(by.get(s.id)?.balance ?? 0),
    entries: Number(by.get(s.id)?.entries ?? 0),
  }))
}

async function subfundOf(db: Db, id: number) {
  const s = await db.selectFrom('fund_subfunds').selectAll().where('id', '=', id).executeTakeFirst()
  if (!s) throw notFound('子基金')
  return s
}

/** The sub-fund's balance at the end of `date` (all entries when left out). */
export async function subfundBalance(db: Db, subfundId: number, date?: string): Promise<number> {
  let q = db
    .selectFrom('fund_entries')
    .select((eb) => eb.fn.sum<number>('delta').as('b'))
    .where('subfund_id', '=', subfundId)
  if (date) q = q.where('entry_date', '<=', date)
  return Number((await q.executeTakeFirst())?.b ?? 0)
}

/** The whole fund's balance at the end of `date` (what the foundation's statement shows). */
export async function fundBalance(db: Db, date: string): Promise<number> {
  const row = await db
    .selectFrom('fund_entries')
    .select((eb) => eb.fn.sum<number>('delta').as('b'))
    .where('entry_date', '<=', date)
    .executeTakeFirst()
  return Number(row?.b ?? 0)
}

/**
 * The lowest balance the sub-fund has at the end of `date` and of every later day: an outflow dated
 * `date` lowers all of them, so it must not exceed this (a back-dated expenditure cannot make a
 * past day negative either).
 */
async function lowestFrom(db: Db, subfundId: number, date: string): Promise<{ lowest: number; on: string }> {
  const before = await db
    .selectFrom('fund_entries')
    .select((eb) => eb.fn.sum<number>('delta').as('b'))
    .where('subfund_id', '=', subfundId)
    .where('entry_date', '<', date)
    .executeTakeFirst()
  const days = await db
    .selectFrom('fund_entries')
    .select((eb) => ['entry_date', eb.fn.sum<number>('delta').as('d')])
    .where('subfund_id', '=', subfundId)
    .where('entry_date', '>=', date)
    .groupBy('entry_date')
    .orderBy('entry_date')
    .execute()
  let running = Number(before?.b ?? 0)
  let lowest: { lowest: number; on: string } | null =
    days.length === 0 || days[0]!.entry_date !== date ? { lowest: running, on: date } : null
  for (const day of days) {
    running += Number(day.d)
    if (!lowest || running < lowest.lowest) lowest = { lowest: running, on: day.entry_date }
  }
  return lowest!
}

async function assertCovers(
  db: Db,
  subfund: { id: number; name: string },
  date: string,
  outflow: number,
  what: string,
): Promise<void> {
  const { lowest, on } = await lowestFrom(db, subfund.id, date)
  if (lowest - outflow >= 0) return
  const when = on === date ? `${chineseDate(date)}的余额` : `${chineseDate(on)}的余额（${chineseDate(date)}以后最低）`
  throw new AppError(
    'NOT_ENOUGH',
    `「${subfund.name}」${when}只有 ${formatYuan(lowest)}，${what} ${formatYuan(outflow)} 会使余额变成负数，没有保存。`,
  )
}

/** The month the ledger is reconciled up to ('YYYY-MM'), or null. */
export async function reconciledThrough(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('fund_reconciliations')
    .select((eb) => eb.fn.max<string>('month').as('m'))
    .where('reconciled_at', 'is not', null)
    .executeTakeFirst()
  return row?.m ?? null
}

async function assertDate(db: Db, date: string, now: string): Promise<void> {
  const today = officeDate(now)
  if (date > today) throw new AppError('INVALID_INPUT', '「日期」不能晚于今天：收支发生以后再登记。')
  if (date < EARLIEST) throw new AppError('INVALID_INPUT', '「日期」太早了，请检查年份。')
  const closed = await reconciledThrough(db)
  if (closed && date.slice(0, 7) <= closed) {
    throw new AppError(
      'RECONCILED',
      `${monthText(closed)}及以前已经与基金会对过账，不能再记入${chineseDate(date)}。请把日期写在对账以后的日子，并在摘要里写明实际日期。`,
    )
  }
}

function assertAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_FEN) {
    throw new AppError('INVALID_INPUT', '「金额」要大于零，最多精确到分。')
  }
}

async function voucherFor(trx: Trx, typed: string, date: string): Promise<string> {
  const wanted = typed.trim()
  if (wanted) {
    const taken = await trx.selectFrom('fund_entries').select('id').where('voucher_no', '=', wanted).executeTakeFirst()
    if (taken) throw new AppError('DUPLICATE', `凭证号「${wanted}」已经用过了。留空可自动编号。`)
    return wanted
  }
  // A number typed by hand may already hold the next one of the sequence: skip it, never reuse.
  for (;;) {
    const no = voucherNumber(Number(date.slice(0, 4)), await nextNumber(trx, 'fund_voucher', Number(date.slice(0, 4))))
    const taken = await trx.selectFrom('fund_entries').select('id').where('voucher_no', '=', no).executeTakeFirst()
    if (!taken) return no
  }
}

/** Posts one entry (income or expenditure). Returns the row as stored. */
export async function postEntry(db: Db, input: EntryInput, options: PostOptions = {}): Promise<EntryRow> {
  const now = options.now ?? nowIso()
  return inTransaction(db, async (trx) => {
    const subfund = await subfundOf(trx, input.subfundId)
    assertAmount(input.amount)
    await assertDate(trx, input.entryDate, now)
    const direction = directionOf(input.kind)
    const source = input.source ?? null
    if (input.kind === '合伙人承诺' && source?.kind !== 'partner_period') {
      throw new AppError('INVALID_INPUT', '合伙人承诺的收入由合伙人台账登记（关联到承诺的期次）。')
    }
    if (input.kind === '提案资助' && source?.kind !== 'contest_proposal') {
      throw new AppError('INVALID_INPUT', '提案资助的支出由提案大赛登记（关联到获资助的提案）。')
    }
    const counterparty = input.counterparty.trim()
    if (!counterparty) {
      throw new AppError('INVALID_INPUT', direction === '收入' ? '请填写「付款方（捐赠人）」。' : '请填写「收款方」。')
    }
    if (direction === '支出') await assertCovers(trx, subfund, input.entryDate, input.amount, '支出')
    const voucher = await voucherFor(trx, input.voucherNo, input.entryDate)
    const entry = await trx
      .insertInto('fund_entries')
      .values({
        subfund_id: subfund.id,
        direction,
        kind: input.kind,
        entry_date: input.entryDate,
        amount: input.amount,
        delta: direction === '收入' ? input.amount : -input.amount,
        counterparty,
        party_type: input.partyType,
        party_named: input.partyType === '单位' || input.partyNamed ? 1 : 0,
        voucher_no: voucher,
        summary: input.summary.trim(),
        source_kind: source?.kind ?? null,
        source_id: source?.id ?? null,
        reverses_id: null,
        reason: '',
        posted_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', '公益基金收支', entry.id, {
      voucher,
      subfund: subfund.name,
      kind: input.kind,
      date: input.entryDate,
      amount: input.amount,
      counterparty,
    })
    await options.onPosted?.(trx, entry)
    return entry
  })
}

/**
 * What a reversal does to the record its entry was posted for, whoever reverses it (the fund's
 * screen or another module), inside the reversal's transaction: a partner period's payment is taken
 * back. (A funded contest proposal will add its own here.)
 */
const SOURCE_REVERSED: Partial<Record<SourceKind, (trx: Trx, reversal: EntryRow) => Promise<void>>> = {
  partner_period: (trx, r) => recordMoneyPaid(trx, r.source_id!, r.amount, r.id, r.entry_date),
}

export interface ReversalInput {
  entryId: number
  reason: string
  /** The reversal's own date (today when left out); not before the entry it reverses. */
  entryDate?: string | null
}

/**
 * 冲销: a reversing entry with the amount negated, naming the entry it reverses; an entry is
 * reversed once only, and a reversal is not itself reversed. Reversing an income lowers the
 * sub-fund's balance, so it is refused when the money has already been spent.
 */
export async function reverseEntry(db: Db, input: ReversalInput, options: PostOptions = {}): Promise<EntryRow> {
  const now = options.now ?? nowIso()
  return inTransaction(db, async (trx) => {
    const original = await trx.selectFrom('fund_entries').selectAll().where('id', '=', input.entryId).executeTakeFirst()
    if (!original) throw notFound('收支记录')
    if (original.reverses_id !== null) {
      throw new AppError(
        'BAD_STATUS',
        `凭证 ${original.voucher_no} 本身是一笔冲销，不能再冲销。录错了请重新登记正确的一笔。`,
      )
    }
    const already = await trx
      .selectFrom('fund_entries')
      .select('voucher_no')
      .where('reverses_id', '=', original.id)
      .executeTakeFirst()
    if (already) {
      throw new AppError(
        'BAD_STATUS',
        `凭证 ${original.voucher_no} 已经被 ${already.voucher_no} 冲销过了，一笔只能冲销一次。`,
      )
    }
    const reason = input.reason.trim()
    if (!reason) throw new AppError('INVALID_INPUT', '请写明冲销的原因。')
    const date = input.entryDate ?? officeDate(now)
    if (date < original.entry_date) {
      throw new AppError('INVALID_INPUT', `冲销的日期不能早于原来那笔的日期（${chineseDate(original.entry_date)}）。`)
    }
    await assertDate(trx, date, now)
    const subfund = await subfundOf(trx, original.subfund_id)
    if (original.direction === '收入') await assertCovers(trx, subfund, date, original.amount, '冲销这笔收入')
    const voucher = await voucherFor(trx, '', date)
    const entry = await trx
      .insertInto('fund_entries')
      .values({
        subfund_id: original.subfund_id,
        direction: original.direction,
        kind: original.kind,
        entry_date: date,
        amount: -original.amount,
        delta: -original.delta,
        counterparty: original.counterparty,
        party_type: original.party_type,
        party_named: original.party_named,
        voucher_no: voucher,
        summary: `冲销凭证 ${original.voucher_no}${original.summary ? `（${original.summary}）` : ''}`,
        source_kind: original.source_kind,
        source_id: original.source_id,
        reverses_id: original.id,
        reason,
        posted_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', '公益基金冲销', entry.id, { voucher, reverses: original.voucher_no, reason })
    if (entry.source_kind && entry.source_id !== null) await SOURCE_REVERSED[entry.source_kind]?.(trx, entry)
    await options.onPosted?.(trx, entry)
    return entry
  })
}

/** Net amount posted for another module's record (income minus its reversals), for that module to show. */
export async function postedForSource(db: Db, kind: SourceKind, id: number): Promise<number> {
  const row = await db
    .selectFrom('fund_entries')
    .select((eb) => eb.fn.sum<number>('amount').as('a'))
    .where('source_kind', '=', kind)
    .where('source_id', '=', id)
    .executeTakeFirst()
  return Number(row?.a ?? 0)
}
