import type { Generated } from 'kysely'

/** The feedback module's tables, joined into `Database` in database/schema.ts. */
export interface FeedbackTables {
  feedback: FeedbackTable
}

export interface FeedbackTable {
  id: Generated<number>
  resolution_id: number | null
  topic_id: number | null
  channel: string
  told_at: string
  content: string
  satisfaction: string | null
  rated_at: string | null
  recorded_at: string
}
