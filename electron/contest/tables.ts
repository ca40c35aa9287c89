import type { Generated } from 'kysely'
import type { Eligibility, FundingRule, JudgeKind } from '../../shared/contest-values'

/** The proposal contest's tables (migration 0014-contest), joined into `Database` in database/schema.ts. */
export interface ContestTables {
  contests: ContestsTable
  contest_criteria: ContestCriteriaTable
  contest_proposals: ContestProposalsTable
  contest_judges: ContestJudgesTable
  contest_recusals: ContestRecusalsTable
  contest_sheets: ContestSheetsTable
  contest_scores: ContestScoresTable
  contest_paper_entries: ContestPaperEntriesTable
  contest_corrections: ContestCorrectionsTable
  contest_draws: ContestDrawsTable
  contest_objections: ContestObjectionsTable
  contest_projects: ContestProjectsTable
  contest_milestones: ContestMilestonesTable
  contest_attachments: ContestAttachmentsTable
}

export interface ContestsTable {
  id: Generated<number>
  year: number
  name: string
  /** Fen. */
  budget: number
  /** Per-proposal cap, fen. */
  cap: number
  /** Trim the highest and lowest when at least this many judges scored. */
  trim_from: number
  /** Minimum final score to be funded, in tenths of a point (75.0 → 750). */
  min_score: number
  /** The priority criterion's position for the tie-break (null: none). */
  priority_position: number | null
  /** JSON TieStep[]. */
  tie_chain: string
  funding_rule: FundingRule
  objection_days: number
  objection_place: Generated<string>
  /** JSON Record<Phase, { start: string; end: string }>. */
  phases: string
  scoring_opened_at: string | null
  scoring_closed_at: string | null
  /** Office-local date the 公示 was posted. */
  published_on: string | null
  override_rule: FundingRule | null
  override_decision: Generated<string>
  override_at: string | null
  final_at: string | null
  created_at: string
}

export interface ContestCriteriaTable {
  id: Generated<number>
  contest_id: number
  position: number
  name: string
  weight: number
  max_score: number
  description: Generated<string>
  /** JSON string[]. */
  levels: Generated<string>
}

export interface ContestProposalsTable {
  id: Generated<number>
  contest_id: number
  seq: number
  proposer_resident_id: number | null
  proposer_group: Generated<string>
  organisation: Generated<string>
  /** Who helped draft it (names, separated by 、). */
  drafted_by: Generated<string>
  title: string
  problem: Generated<string>
  plan: Generated<string>
  beneficiaries: Generated<string>
  beneficiary_count: Generated<number>
  /** JSON { item: string; amount: number }[]. */
  budget_lines: Generated<string>
  request: number
  min_viable: Generated<number>
  topic_id: number | null
  photo: Generated<string>
  eligibility: Generated<Eligibility>
  ineligible_code: string | null
  ineligible_note: Generated<string>
  reviewed_at: string | null
  told_at: string | null
  created_at: string
}

export interface ContestJudgesTable {
  id: Generated<number>
  contest_id: number
  name: string
  kind: JudgeKind
  resident_id: number | null
  organisation: Generated<string>
}

export interface ContestRecusalsTable {
  id: Generated<number>
  judge_id: number
  proposal_id: number
  tie: string
  reason: string
  declared_at: string
}

export interface ContestSheetsTable {
  id: Generated<number>
  judge_id: number
  mode: '现场' | '纸质'
  submitted_at: string | null
  signed_by: Generated<string>
}

export interface ContestScoresTable {
  sheet_id: number
  proposal_id: number
  criterion_id: number
  score: number
}

export interface ContestPaperEntriesTable {
  judge_id: number
  proposal_id: number
  criterion_id: number
  round: 1 | 2
  score: number
  clerk: string
  entered_at: string
  settled_by: Generated<string>
}

export interface ContestCorrectionsTable {
  id: Generated<number>
  sheet_id: number
  proposal_id: number
  criterion_id: number
  old_score: number
  new_score: number
  reason: string
  supervisor: string
  corrected_at: string
}

export interface ContestDrawsTable {
  id: Generated<number>
  contest_id: number
  /** The tied ids, sorted, joined with ','. */
  tied: string
  /** JSON number[]: the drawn order. */
  drawn_order: string
  witnesses: string
  drawn_at: string
}

export interface ContestObjectionsTable {
  id: Generated<number>
  contest_id: number
  proposal_id: number | null
  received_on: string
  objector: string
  content: string
  handling: Generated<string>
  settled_on: string | null
}

export interface ContestProjectsTable {
  id: Generated<number>
  proposal_id: number
  award: number
  subfund_id: number
  responsible: string
  proposer_role: Generated<string>
  started_on: string
  accepted_on: string | null
  acceptance_note: Generated<string>
  created_at: string
}

export interface ContestMilestonesTable {
  id: Generated<number>
  project_id: number
  title: string
  due_on: string
  done_on: string | null
  note: Generated<string>
}

/** Append-only (triggers refuse UPDATE and DELETE). */
export interface ContestAttachmentsTable {
  id: Generated<number>
  proposal_id: number
  purpose: '提案材料' | '验收材料'
  file_name: string
  /** Relative to the data file's folder, with '/' separators. */
  stored_path: string
  sha256: string
  size: number
  added_at: string
}
