import type { Generated } from 'kysely'
import type {
  AgreementKind,
  CarryPolicy,
  CommitmentKind,
  PartnerKind,
  PeriodUnit,
  Side,
} from '../../shared/partner-values'

/** The partner ledger's tables (migration 0010-partners), joined into `Database` in database/schema.ts. */
export interface PartnersTables {
  partners: PartnersTable
  partner_members: PartnerMembersTable
  partner_agreements: PartnerAgreementsTable
  partner_commitments: PartnerCommitmentsTable
  partner_periods: PartnerPeriodsTable
  partner_payments: PartnerPaymentsTable
  partner_holders: PartnerHoldersTable
  partner_evidence: PartnerEvidenceTable
  partner_meeting_credits: PartnerMeetingCreditsTable
}

export interface PartnersTable {
  id: Generated<number>
  kind: PartnerKind
  name: string
  /** 统一社会信用代码, 18 characters, check character verified; null for a 居民自组织 without one. */
  credit_code: string | null
  contact_name: Generated<string>
  contact_phone: Generated<string>
  address: Generated<string>
  note: Generated<string>
  created_at: string
  updated_at: string
}

export interface PartnerMembersTable {
  partner_id: number
  resident_id: number
}

export interface PartnerAgreementsTable {
  id: Generated<number>
  partner_id: number
  kind: AgreementKind
  number: string
  title: string
  /** Null while 草拟. */
  signed_on: string | null
  start_date: string
  /** Null for an open-ended term (ended by notice). */
  end_date: string | null
  notice_days: Generated<number>
  /** end_date − notice_days, written with the dates (for the home page's index); null when open-ended. */
  notice_on: string | null
  community_signatory: Generated<string>
  partner_signatory: Generated<string>
  predecessor_id: number | null
  terminated_on: Generated<string | null>
  termination_reason: Generated<string>
  voided_at: Generated<string | null>
  void_reason: Generated<string>
  note: Generated<string>
  created_at: string
  updated_at: string
}

export interface PartnerCommitmentsTable {
  id: Generated<number>
  agreement_id: number
  position: number
  side: Side
  kind: CommitmentKind
  category: Generated<string>
  title: string
  /** Null for a one-off deliverable. */
  period_unit: PeriodUnit | null
  /** 每期次数 / 保持人数: how many per period. */
  quantity: Generated<number>
  /** 固定金额: fen per period. */
  amount_fen: Generated<number>
  /** 比例分成: 万分之一 (10 % = 1000). */
  rate_bp: Generated<number>
  /** 一次性交付: the date it is due. */
  due_date: string | null
  area_m2: number | null
  /** What a year of it is worth (市场价折算), for the 对价 view. */
  imputed_yearly_fen: Generated<number>
  /** Its weight in the agreement's 履约率, set at signing. */
  weight: Generated<number>
  carry_policy: Generated<CarryPolicy>
  /** 1: held council meetings hosted by the partner count for it. */
  counts_meetings: Generated<number>
  note: Generated<string>
}

export interface PartnerPeriodsTable {
  id: Generated<number>
  commitment_id: number
  seq: number
  start_date: string
  end_date: string
  base_fen: Generated<number | null>
  paid_fen: Generated<number>
  done_count: Generated<number>
  waived_reason: Generated<string>
  reviewed_by: Generated<string>
  reviewed_at: Generated<string | null>
  note: Generated<string>
  planned: Generated<number>
  actual: Generated<number>
  credited: Generated<number>
  carry_in: Generated<number>
  true_up_fen: Generated<number>
  short: Generated<number>
}

export interface PartnerPaymentsTable {
  id: Generated<number>
  period_id: number
  fen: number
  paid_on: string
  fund_entry_id: number | null
  note: Generated<string>
  created_at: string
}

export interface PartnerHoldersTable {
  id: Generated<number>
  commitment_id: number
  resident_id: number
  role: Generated<string>
  from_date: string
  to_date: string | null
}

export interface PartnerEvidenceTable {
  id: Generated<number>
  period_id: number
  kind: string
  file_name: string
  stored_name: string
  sha256: string
  size: number
  added_at: string
}

export interface PartnerMeetingCreditsTable {
  meeting_id: number
  partner_id: number
  on_date: string
  period_id: number | null
}
