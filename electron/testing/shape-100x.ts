import { CompiledQuery, sql } from 'kysely'
import type { Db } from '../database/open-database'

/**
 * The planner's view of a file 100× the demo (30 years: 18,000 meetings, 60,000 topics, 300,000
 * residents — /work/bench-data/x100.sqlite after the open-record-indexes migration and a full ANALYZE): SQLite's
 * statistics (sqlite_stat1), table by table and index by index. Loaded into a small test file,
 * they make SQLite plan each statement as it would on the big one, so a test can pin a hot
 * query's plan (EXPLAIN QUERY PLAN) without generating 160 MB. Regenerate after adding an
 * index that hot queries use: `sqlite3 <migrated copy> "analyze; select tbl, idx, stat from sqlite_stat1"`.
 */
export const STATS_100X: ReadonlyArray<readonly [table: string, index: string | null, stat: string]> = [
  ['agenda_items', 'agenda_items_carried_from', '48 1'],
  ['agenda_items', 'agenda_items_meeting', '68104 4 1'],
  ['agenda_items', 'agenda_items_taken_up', '61400 4 2 2 2'],
  ['agenda_items', 'agenda_items_topic', '68104 4'],
  ['agenda_reports', 'agenda_reports_resolution', '314708 213'],
  ['agenda_reports', 'sqlite_autoindex_agenda_reports_1', '314708 48 1'],
  ['attendance', 'attendance_member', '167375 1034'],
  ['attendance', 'attendance_proxy', '167375 1109'],
  ['attendance', 'sqlite_autoindex_attendance_1', '167375 25 1'],
  ['audit_log', null, '1'],
  ['buildings', 'buildings_grid', '3000 750'],
  ['buildings', 'buildings_name_unique', '3000 1'],
  ['community', null, '1'],
  ['council_members', 'council_members_term', '162 27'],
  ['council_terms', null, '6'],
  ['councils', 'sqlite_autoindex_councils_1', '1 1'],
  ['feedback', 'feedback_rated', '32692 1 1'],
  ['feedback', 'feedback_resolution', '62135 5'],
  ['feedback', 'feedback_told', '62135 1'],
  ['feedback', 'feedback_topic', '62135 2'],
  ['grids', 'sqlite_autoindex_grids_1', '4 1'],
  ['meeting_series', null, '1'],
  ['meetings', 'meetings_room_time', '18000 4500 1'],
  ['meetings', 'meetings_series', '18000 9000 1'],
  ['meetings', 'meetings_series_occurrence', '18000 9000 50'],
  ['meetings', 'meetings_starts_at', '18000 1'],
  ['minutes', null, '17406'],
  ['number_sequences', 'sqlite_autoindex_number_sequences_1', '60 30 1'],
  ['residents', 'residents_name', '300000 3'],
  ['resolution_progress', 'resolution_progress_resolution', '36738 3 1'],
  ['resolutions', 'resolutions_decided', '15000 2'],
  ['resolutions', 'resolutions_item', '15000 1'],
  ['resolutions', 'resolutions_live_item', '14693 1 1'],
  ['resolutions', 'resolutions_number', '15000 500 1'],
  ['resolutions', 'resolutions_status_due', '15000 2500 2'],
  ['rooms', 'sqlite_autoindex_rooms_1', '4 1'],
  ['topic_categories', 'sqlite_autoindex_topic_categories_1', '5 1'],
  ['topics', 'topics_answered', '60000 1 1 1'],
  ['topics', 'topics_building', '60000 20'],
  ['topics', 'topics_category', '60000 12000 2'],
  ['topics', 'topics_duplicate', '4618 1'],
  ['topics', 'topics_month', '60000 167 24 2 2'],
  ['topics', 'topics_number', '60000 2000 1'],
  ['topics', 'topics_received', '60000 6 2 2'],
  ['topics', 'topics_received_at', '60000 1'],
  ['topics', 'topics_received_told', '60000 6 1 1 1'],
  ['topics', 'topics_resident', '60000 2'],
  ['topics', 'topics_routing_open', '1483 1483 1 1 1'],
  ['topics', 'topics_status', '60000 10000 3 3 2 2 2'],
  ['topics', 'topics_untold', '6728 1 1 1'],
]

/** Replaces the file's statistics with the 100× ones and makes the planner read them now. */
export async function planAs100x(db: Db): Promise<void> {
  // ANALYZE creates sqlite_stat1 (a file that never ran it has none); its rows are then replaced.
  await sql`analyze`.execute(db)
  await sql`delete from sqlite_stat1`.execute(db)
  for (const [table, index, stat] of STATS_100X) {
    await sql`insert into sqlite_stat1 (tbl, idx, stat) values (${table}, ${index}, ${stat})`.execute(db)
  }
  // Re-reads the statistics (SQLite loads them with the schema).
  await sql`analyze sqlite_schema`.execute(db)
}

/** SQLite's plan for a statement with its values bound, one step a line (EXPLAIN QUERY PLAN). */
export async function queryPlan(db: Db, statement: { sql: string; parameters: readonly unknown[] }): Promise<string[]> {
  const plan = await db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${statement.sql}`, [...statement.parameters]),
  )
  return plan.rows.map((r) => r.detail)
}

/**
 * The steps of a plan that read a whole table or index: every SCAN, except of the one constant
 * row of a SELECT without FROM and of a subquery's own result (MATERIALIZE / CO-ROUTINE name).
 */
export function scans(plan: string[]): string[] {
  const own = new Set(plan.flatMap((l) => /^(?:MATERIALIZE|CO-ROUTINE) (\S+)/.exec(l)?.[1] ?? []))
  return plan.filter((l) => l.startsWith('SCAN ') && l !== 'SCAN CONSTANT ROW' && !own.has(l.slice(5)))
}
