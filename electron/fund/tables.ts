import type { Generated } from 'kysely'
import type { Direction, PartyType, EntryKind, Restriction, SourceKind } from '../../shared/fund-values'

/** The charity fund's tables (migration 0008-fund), joined into `Database` in database/schema.ts. */
export interface FundTables {
  fund_subfunds: FundSubfundsTable
  fund_entries: FundEntriesTable
  fund_evidence: FundEvidenceTable
  fund_reconciliations: FundReconciliationsTable
}

export interface FundSubfundsTable {
  id: Generated<number>
  name: string
  restriction: Restriction
  purpose: string
  created_at: string
}

/** Append-only: triggers refuse UPDATE and DELETE. */
export interface FundEntriesTable {
  id: Generated<number>
  subfund_id: number
  direction: Direction
  kind: EntryKind
  /** Office-local 'YYYY-MM-DD'. */
  entry_date: string
  /** Fen; negative only on a reversing entry. */
  amount: number
  /** The effect on the balance: +amount for income, −amount for expenditure. */
  delta: number
  counterparty: string
  /** A person is masked on public notices unless party_named. */
  party_type: PartyType
  /** 1 when the person agreed to be named on public notices. */
  party_named: number
  voucher_no: string
  summary: string
  source_kind: SourceKind | null
  source_id: number | null
  reverses_id: number | null
  /** Why a reversing entry was made ('' on others). */
  reason: string
  posted_at: string
}

/** Append-only: triggers refuse UPDATE and DELETE. */
export interface FundEvidenceTable {
  id: Generated<number>
  entry_id: number
  file_name: string
  /**
   * The file's name in the attachment store (database/attachment-store.ts); rows from before the one
   * store hold '附件/公益基金/<name>' (only the last part counts, the old folder is still looked in).
   */
  stored_path: string
  sha256: string
  size: number
  added_at: string
}

export interface FundReconciliationsTable {
  /** 'YYYY-MM' */
  month: string
  statement_balance: number
  book_balance: number | null
  explanation: string
  entered_at: string
  reconciled_at: string | null
}
