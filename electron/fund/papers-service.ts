import { AppError, notFound } from '../../shared/app-error'
import { committeeName } from '../../shared/committee'
import { maskName } from '../../shared/names'
import type { EntryKind, PartyType, Restriction } from '../../shared/fund-values'
import type { Db } from '../database/open-database'
import { listSubfunds } from './ledger-service'

/**
 * What the fund's papers show: the 捐赠收据 of one income entry (the donor's full name: it is their
 * receipt), and the 公益基金收支公示 of a period. The notice is posted on a board, so a person's name
 * leaves this module already masked (李*国) unless they agreed to be named; organisations are named.
 * Nothing unmasked reaches the screen that prints it.
 */

/** The name a public notice shows for a counterparty. */
export function publicName(p: { counterparty: string; party_type: PartyType; party_named: number }): string {
  return p.party_type === '个人' && p.party_named !== 1 ? maskName(p.counterparty) : p.counterparty
}

export interface Receipt {
  community: string
  committee: string
  voucherNo: string
  date: string
  donor: string
  kind: EntryKind
  /** Fen. */
  amount: number
  subfund: string
  restriction: Restriction
  purpose: string
  summary: string
  /** Reversed afterwards: the receipt is void. */
  reversedBy: string | null
}

async function profile(db: Db) {
  const p = await db.selectFrom('community').select(['name', 'kind']).where('id', '=', 1).executeTakeFirst()
  return { community: p?.name ?? '', committee: committeeName(p) }
}

export async function receipt(db: Db, entryId: number): Promise<Receipt> {
  const e = await db
    .selectFrom('fund_entries as e')
    .innerJoin('fund_subfunds as s', 's.id', 'e.subfund_id')
    .leftJoin('fund_entries as r', 'r.reverses_id', 'e.id')
    .select([
      'e.voucher_no',
      'e.entry_date',
      'e.counterparty',
      'e.kind',
      'e.amount',
      'e.direction',
      'e.reverses_id',
      'e.summary',
      's.name',
      's.restriction',
      's.purpose',
      'r.voucher_no as reversedBy',
    ])
    .where('e.id', '=', entryId)
    .executeTakeFirst()
  if (!e) throw notFound('收支记录')
  if (e.direction !== '收入' || e.reverses_id !== null) {
    throw new AppError('BAD_STATUS', '只有收入（捐赠、筹款等）可以开捐赠收据。')
  }
  return {
    ...(await profile(db)),
    voucherNo: e.voucher_no,
    date: e.entry_date,
    donor: e.counterparty,
    kind: e.kind,
    amount: e.amount,
    subfund: e.name,
    restriction: e.restriction,
    purpose: e.purpose,
    summary: e.summary,
    reversedBy: e.reversedBy,
  }
}

export interface NoticeLine {
  date: string
  voucherNo: string
  subfund: string
  kind: EntryKind
  /** Already masked where the person did not agree to be named. */
  name: string
  summary: string
  /** Fen; negative on a reversal whose original is outside the period. */
  amount: number
}

export interface PublicNotice {
  community: string
  committee: string
  from: string
  to: string
  subfunds: Array<{
    name: string
    restriction: Restriction
    opening: number
    income: number
    expense: number
    closing: number
  }>
  income: NoticeLine[]
  expense: NoticeLine[]
  /** Pairs of a wrong entry and its reversal both inside the period: left off the lists, they cancel. */
  cancelledPairs: number
}

export async function publicNotice(db: Db, range: { from: string; to: string }): Promise<PublicNotice> {
  if (range.to < range.from) throw new AppError('INVALID_INPUT', '结束日期要晚于开始日期')
  const subfunds = await listSubfunds(db)
  const sums = async (op: '<' | '<=', date: string) =>
    new Map(
      (
        await db
          .selectFrom('fund_entries')
          .select((eb) => ['subfund_id', eb.fn.sum<number>('delta').as('b')])
          .where('entry_date', op, date)
          .groupBy('subfund_id')
          .execute()
      ).map((r) => [r.subfund_id, Number(r.b)]),
    )
  const [opening, closing] = await Promise.all([sums('<', range.from), sums('<=', range.to)])
  const entries = await db
    .selectFrom('fund_entries as e')
    .innerJoin('fund_subfunds as s', 's.id', 'e.subfund_id')
    .leftJoin('fund_entries as o', 'o.id', 'e.reverses_id')
    .leftJoin('fund_entries as r', 'r.reverses_id', 'e.id')
    .select([
      'e.id',
      'e.subfund_id',
      'e.entry_date',
      'e.voucher_no',
      'e.kind',
      'e.direction',
      'e.counterparty',
      'e.party_type',
      'e.party_named',
      'e.summary',
      'e.amount',
      's.name as subfund',
      'o.entry_date as originalDate',
      'r.entry_date as reversalDate',
    ])
    .where('e.entry_date', '>=', range.from)
    .where('e.entry_date', '<=', range.to)
    .orderBy('e.entry_date')
    .orderBy('e.id')
    .execute()
  const inside = (d: string | null) => d !== null && d >= range.from && d <= range.to
  let cancelled = 0
  const income: NoticeLine[] = []
  const expense: NoticeLine[] = []
  const moved = new Map<number, { income: number; expense: number }>()
  for (const e of entries) {
    const m = moved.get(e.subfund_id) ?? { income: 0, expense: 0 }
    if (e.direction === '收入') m.income += e.amount
    else m.expense += e.amount
    moved.set(e.subfund_id, m)
    // A wrong entry and its reversal inside the same period cancel out: neither is listed.
    if (inside(e.reversalDate) || inside(e.originalDate)) {
      if (inside(e.reversalDate)) cancelled++
      continue
    }
    const line: NoticeLine = {
      date: e.entry_date,
      voucherNo: e.voucher_no,
      subfund: e.subfund,
      kind: e.kind,
      name: publicName(e),
      summary: e.summary,
      amount: e.amount,
    }
    ;(e.direction === '收入' ? income : expense).push(line)
  }
  return {
    ...(await profile(db)),
    from: range.from,
    to: range.to,
    subfunds: subfunds.map((s) => ({
      name: s.name,
      restriction: s.restriction,
      opening: opening.get(s.id) ?? 0,
      income: moved.get(s.id)?.income ?? 0,
      expense: moved.get(s.id)?.expense ?? 0,
      closing: closing.get(s.id) ?? 0,
    })),
    income,
    expense,
    cancelledPairs: cancelled,
  }
}
