import type { Generated } from 'kysely'
import type {
  AgreementForm,
  CaseSource,
  CaseState,
  Difficulty,
  DisputeType,
  SessionKind,
  StaffRole,
} from '../../shared/mediation-values'

/** The mediation casebook's tables (migration 0013-mediation), joined into `Database` in database/schema.ts. */
export interface MediationTables {
  mediation_cases: MediationCasesTable
  mediation_parties: MediationPartiesTable
  mediation_staff: MediationStaffTable
  mediation_sessions: MediationSessionsTable
  mediation_agreements: MediationAgreementsTable
  mediation_clauses: MediationClausesTable
  mediation_visits: MediationVisitsTable
  mediation_alerts: MediationAlertsTable
  mediation_scans: MediationScansTable
  mediation_council_funds: MediationCouncilFundsTable
  mediation_frozen_months: MediationFrozenMonthsTable
}

export interface MediationCasesTable {
  id: Generated<number>
  year: number
  seq: number
  case_no: string
  title: string
  source: CaseSource
  dispute_type: DisputeType
  difficulty: Difficulty
  facts: string
  committee: string
  council: Generated<string>
  /** Office-local 'YYYY-MM-DD'. */
  accepted_on: string
  status: CaseState
  end_reason: Generated<string>
  routes_told: Generated<number>
  rights_notified_on: string | null
  extended_until: string | null
  extension_consent: Generated<string>
  ended_on: string | null
  archived_on: string | null
  archived_by: Generated<string>
  retention: Generated<string>
  explanation: Generated<string>
  topic_id: number | null
  created_at: string
  updated_at: string
}

export interface MediationPartiesTable {
  id: Generated<number>
  case_id: number
  side: '申请人' | '被申请人' | '第三人' | '委托代理人'
  kind: '个人' | '单位'
  resident_id: number | null
  name: string
  gender: Generated<string>
  ethnicity: Generated<string>
  birth_date: string | null
  occupation: Generated<string>
  phone: Generated<string>
  address: Generated<string>
  id_number: Generated<string>
  credit_code: Generated<string>
  legal_rep: Generated<string>
  claim: Generated<string>
  safety: Generated<number>
  agent_for: number | null
  attorney_scope: Generated<string>
  created_at: string
}

export interface MediationStaffTable {
  id: Generated<number>
  case_id: number
  role: StaffRole
  name: string
  presiding: Generated<number>
  /** null: not declared yet; '': declared no tie; otherwise the tie declared. */
  declared_tie: string | null
  declared_at: string | null
  objection: Generated<string>
  recused_at: string | null
  recusal_reason: Generated<string>
  created_at: string
}

export interface MediationSessionsTable {
  id: Generated<number>
  case_id: number
  kind: SessionKind
  /** Office-local 'YYYY-MM-DDTHH:mm'. */
  held_at: string
  place: string
  attendees: string
  applicant_says: Generated<string>
  respondent_says: Generated<string>
  risk_warning: Generated<string>
  result: string
  read_back_at: string | null
  created_at: string
}

export interface MediationAgreementsTable {
  id: Generated<number>
  case_id: number
  form: AgreementForm
  facts: Generated<string>
  issues: Generated<string>
  responsibility: Generated<string>
  signed_on: string | null
  effective_on: string | null
  confirm_applied_on: string | null
  confirm_court: Generated<string>
  confirm_result: Generated<string>
  created_at: string
  updated_at: string
}

export interface MediationClausesTable {
  id: Generated<number>
  agreement_id: number
  position: number
  obligor_id: number
  obligee_id: number | null
  content: string
  /** Fen. */
  amount: Generated<number>
  manner: Generated<string>
  place: Generated<string>
  due_on: string | null
  performed_on: string | null
  proof: Generated<string>
}

export interface MediationVisitsTable {
  id: Generated<number>
  case_id: number
  planned_on: string
  reason: string
  done_on: string | null
  visitor: Generated<string>
  party_id: number | null
  performance: Generated<string>
  satisfaction: Generated<string>
  lawsuit: Generated<string>
  escalation_signs: Generated<string>
  measures: Generated<string>
  created_at: string
}

export interface MediationAlertsTable {
  id: Generated<number>
  case_id: number
  found_on: string
  signs: string
  measures: string
  people: Generated<number>
  resolved_on: string | null
  resolution: Generated<string>
  created_at: string
}

export interface MediationScansTable {
  id: Generated<number>
  case_id: number
  /** The dossier document it belongs to (a DossierKey other than the back cover). */
  document: string
  file_name: string
  pages: Generated<number>
  stored_path: string
  sha256: string
  size: number
  added_at: string
}

/** Append-only: triggers refuse UPDATE and DELETE. */
export interface MediationFrozenMonthsTable {
  /** 'YYYY-MM' */
  month: string
  /** JSON of the month's MediationFigures. */
  figures: string
  frozen_at: string
}

/** Money an elder council raised: the charity fund's 乡贤筹款 entry it was posted as. */
export interface MediationCouncilFundsTable {
  id: Generated<number>
  council: string
  entry_id: number
  created_at: string
}
