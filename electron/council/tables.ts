import type { Generated } from 'kysely'

/** The council module's tables, joined into `Database` in database/schema.ts. */
export interface CouncilTables {
  councils: CouncilsTable
  council_terms: CouncilTermsTable
  council_members: CouncilMembersTable
}

export type MajorityRule = '过半数' | '三分之二'

export interface CouncilsTable {
  id: Generated<number>
  name: string
  quorum_rule: MajorityRule
  pass_rule: MajorityRule
  note: Generated<string>
  created_at: string
}

export interface CouncilTermsTable {
  id: Generated<number>
  council_id: number
  name: string
  start_date: string
  end_date: string
}

export interface CouncilMembersTable {
  id: Generated<number>
  term_id: number
  resident_id: number
  role: string
  category: string
  start_date: string
  end_date: string | null
}
