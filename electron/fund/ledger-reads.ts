import { notFound } from '../../shared/app-error'
import type { Direction, EntryKind, PartyType, Restriction, SourceKind } from '../../shared/fund-values'
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import type { Db } from '../database/open-database'
import type { Database } from '../database/schema'
import { prepared } from '../database/prepared'
import { likePattern, likes } from '../database/text-search'

/**
 * The fund's reading half: one page of the entry list, one entry with its evidence and its
 * reversal partner, and a sub-fund's statement for a year (opening balance, every entry with the
 * running balance, totals, closing balance). Reads never write.
 */

export interface EntryQuery {
  subfundId: number | null
  year: number | null
  direction: Direction | null
  search: string
  limit: number
  offset: number
}

export interface EntryListRow {
  id: number
  date: string
  voucherNo: string
  subfundId: number
  subfund: string
  direction: Direction
  kind: EntryKind
  /** Fen; negative on a reversing entry. */
  amount: number
  counterparty: string
  partyType: PartyType
  partyNamed: boolean
  summary: string
  reason: string
  sourceKind: SourceKind | null
  sourceId: number | null
  /** The entry this one reverses. */
  reverses: { id: number; voucherNo: string } | null
  /** The entry that reverses this one. */
  reversedBy: { id: number; voucherNo: string } | null
  evidence: number
}

function entryColumns(db: Db) {
  return db
    .selectFrom('fund_entries as e')
    .innerJoin('fund_subfunds as s', 's.id', 'e.subfund_id')
    .leftJoin('fund_entries as o', 'o.id', 'e.reverses_id')
    .leftJoin('fund_entries as r', 'r.reverses_id', 'e.id')
    .select((eb) => [
      'e.id',
      'e.entry_date',
      'e.voucher_no',
      'e.subfund_id',
      's.name as subfund',
      'e.direction',
      'e.kind',
      'e.amount',
      'e.counterparty',
      'e.party_type',
      'e.party_named',
      'e.summary',
      'e.reason',
      'e.source_kind',
      'e.source_id',
      'o.id as reversesId',
      'o.voucher_no as reversesVoucher',
      'r.id as reversedById',
      'r.voucher_no as reversedByVoucher',
      eb
        .selectFrom('fund_evidence as v')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('v.entry_id', '=', 'e.id')
        .as('evidence'),
    ])
}

type RawRow = Awaited<ReturnType<ReturnType<typeof entryColumns>['execute']>>[number]

function toRow(r: RawRow): EntryListRow {
  return {
    id: r.id,
    date: r.entry_date,
    voucherNo: r.voucher_no,
    subfundId: r.subfund_id,
    subfund: r.subfund,
    direction: r.direction,
    kind: r.kind,
    amount: r.amount,
    counterparty: r.counterparty,
    partyType: r.party_type,
    partyNamed: r.party_named === 1,
    summary: r.summary,
    reason: r.reason,
    sourceKind: r.source_kind,
    sourceId: r.source_id,
    reverses: r.reversesId !== null ? { id: r.reversesId, voucherNo: r.reversesVoucher! } : null,
    reversedBy: r.reversedById !== null ? { id: r.reversedById, voucherNo: r.reversedByVoucher! } : null,
    evidence: Number(r.evidence ?? 0),
  }
}

/** One page of entries, newest first, with the number matching. */
/** An entry filter as its statements take it (prepared.ts): a year is its first and last day. */
type EntryValues = {
  subfundId: number | null
  from: string | null
  to: string | null
  direction: Direction | null
  /** The search text's LIKE pattern (likePattern), or '' for none. */
  pattern: string
}

/** The filter both the page and its count take: on fund_entries as e, whatever else is joined. */
function filtered<Q extends { where(f: (eb: EntryScope) => Expression<SqlBool>): Q }>(q: Q, v: EntryValues): Q {
  const none = v.subfundId === null && v.from === null && v.direction === null && !v.pattern
  if (none) return q
  return q.where((eb) => {
    const all: Expression<SqlBool>[] = []
    if (v.subfundId !== null) all.push(eb('e.subfund_id', '=', v.subfundId))
    if (v.from !== null && v.to !== null) all.push(eb('e.entry_date', '>=', v.from), eb('e.entry_date', '<=', v.to))
    if (v.direction !== null) all.push(eb('e.direction', '=', v.direction))
    if (v.pattern) {
      all.push(
        eb.or([likes('e.counterparty', v.pattern), likes('e.summary', v.pattern), likes('e.voucher_no', v.pattern)]),
      )
    }
    return eb.and(all)
  })
}
type EntryScope = ExpressionBuilder<Database & { e: Database['fund_entries'] }, 'e'>

// Compiled once per filter combination (a search is a value: its LIKE pattern).
// The count reads the bare table; the page joins what it shows. Both take the same filters.
const entryCount = prepared((db, v: EntryValues) =>
  db
    .selectFrom('fund_entries as e')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$call((q) => filtered(q, v)),
)
const entryPage = prepared((db, v: EntryValues & { limit: number; offset: number }) =>
  entryColumns(db)
    .$call((q) => filtered(q, v))
    .orderBy('e.entry_date', 'desc')
    .orderBy('e.id', 'desc')
    .limit(v.limit)
    .offset(v.offset),
)

export async function listEntries(db: Db, q: EntryQuery): Promise<{ rows: EntryListRow[]; total: number }> {
  const values: EntryValues = {
    subfundId: q.subfundId,
    from: q.year !== null ? `${q.year}-01-01` : null,
    to: q.year !== null ? `${q.year}-12-31` : null,
    direction: q.direction,
    pattern: q.search.trim() ? likePattern(q.search.trim()) : '',
  }
  const [rows, [total]] = await Promise.all([
    entryPage(db, { ...values, limit: q.limit, offset: q.offset }),
    entryCount(db, values),
  ])
  return { rows: rows.map(toRow), total: Number(total!.n) }
}

export interface EvidenceRow {
  id: number
  fileName: string
  sha256: string
  size: number
  addedAt: string
}

export interface EntryDetail extends EntryListRow {
  restriction: Restriction
  purpose: string
  postedAt: string
  files: EvidenceRow[]
}

export async function getEntry(db: Db, id: number): Promise<EntryDetail> {
  const row = await entryColumns(db)
    .select(['s.restriction', 's.purpose', 'e.posted_at'])
    .where('e.id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('收支记录')
  const files = await db
    .selectFrom('fund_evidence')
    .select(['id', 'file_name', 'sha256', 'size', 'added_at'])
    .where('entry_id', '=', id)
    .orderBy('id')
    .execute()
  return {
    ...toRow(row),
    restriction: row.restriction,
    purpose: row.purpose,
    postedAt: row.posted_at,
    files: files.map((f) => ({ id: f.id, fileName: f.file_name, sha256: f.sha256, size: f.size, addedAt: f.added_at })),
  }
}

export interface StatementLine {
  id: number
  date: string
  voucherNo: string
  kind: EntryKind
  direction: Direction
  summary: string
  counterparty: string
  /** Fen in the 收入 or 支出 column (negative on a reversal, 红字), null in the other. */
  income: number | null
  expense: number | null
  balance: number
  reversesVoucher: string | null
  reversedByVoucher: string | null
}

export interface Statement {
  subfund: { id: number; name: string; restriction: Restriction; purpose: string }
  year: number
  opening: number
  lines: StatementLine[]
  income: number
  expense: number
  closing: number
}

/** 子基金收支明细 of one year: 上年结转, every entry in date order with the balance after it, 本年合计, 年末余额. */
export async function subfundStatement(db: Db, subfundId: number, year: number): Promise<Statement> {
  const subfund = await db
    .selectFrom('fund_subfunds')
    .select(['id', 'name', 'restriction', 'purpose'])
    .where('id', '=', subfundId)
    .executeTakeFirst()
  if (!subfund) throw notFound('子基金')
  const from = `${year}-01-01`
  const to = `${year}-12-31`
  const [before, entries] = await Promise.all([
    db
      .selectFrom('fund_entries')
      .select((eb) => eb.fn.sum<number>('delta').as('b'))
      .where('subfund_id', '=', subfundId)
      .where('entry_date', '<', from)
      .executeTakeFirst(),
    db
      .selectFrom('fund_entries as e')
      .leftJoin('fund_entries as o', 'o.id', 'e.reverses_id')
      .leftJoin('fund_entries as r', 'r.reverses_id', 'e.id')
      .select([
        'e.id',
        'e.entry_date',
        'e.voucher_no',
        'e.kind',
        'e.direction',
        'e.summary',
        'e.counterparty',
        'e.amount',
        'e.delta',
        'o.voucher_no as reversesVoucher',
        'r.voucher_no as reversedByVoucher',
      ])
      .where('e.subfund_id', '=', subfundId)
      .where('e.entry_date', '>=', from)
      .where('e.entry_date', '<=', to)
      .orderBy('e.entry_date')
      .orderBy('e.id')
      .execute(),
  ])
  const opening = Number(before?.b ?? 0)
  let balance = opening
  let income = 0
  let expense = 0
  const lines: StatementLine[] = entries.map((e) => {
    balance += e.delta
    if (e.direction === '收入') income += e.amount
    else expense += e.amount
    return {
      id: e.id,
      date: e.entry_date,
      voucherNo: e.voucher_no,
      kind: e.kind,
      direction: e.direction,
      summary: e.summary,
      counterparty: e.counterparty,
      income: e.direction === '收入' ? e.amount : null,
      expense: e.direction === '支出' ? e.amount : null,
      balance,
      reversesVoucher: e.reversesVoucher,
      reversedByVoucher: e.reversedByVoucher,
    }
  })
  return { subfund, year, opening, lines, income, expense, closing: balance }
}
