import { sql, type Kysely } from 'kysely'

/**
 * The one rule for a migration that adds indexes, about SQLite's statistics (sqlite_stat1):
 *
 * - A file WITH statistics (the app's `pragma optimize` on close writes them once tables are used)
 *   gets them for the tables whose indexes changed, now: an index without a row in sqlite_stat1 is
 *   costed by SQLite's fixed guesses while its neighbours are costed by their real numbers, and on
 *   a big file the guess can win against a better index until the next close. Whole tables are
 *   analyzed, not single indexes, so every index of a table is costed alike, and fully: a sample
 *   (`pragma analysis_limit`) misjudges a column that is the same in every row — at 100× it gave
 *   residents.deleted_at "401 rows per value" for 300,000 NULLs, and the roster's first page went
 *   from an ordered index walk to a sort of every resident (81 ms). A full ANALYZE of the 100×
 *   file's touched tables takes a few seconds, once.
 * - A file WITHOUT statistics gets none: every index is then costed by the same guesses, which is
 *   consistent, and writing rows for a few new indexes only would make exactly the mix above (new
 *   indexes by their numbers, the old ones guessed). `pragma optimize` analyzes the tables as they
 *   are used.
 *
 * Used by migrations 0009, 0011 and 0013; keep its behaviour frozen (a migration must do the same
 * thing on every file it ever runs on). Tests: each of those migrations' tests, with and without.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function analyzeIfAnalyzed(db: Kysely<any>, tables: readonly string[]): Promise<void> {
  const stats = await sql<{ n: number }>`select count(*) as n from sqlite_schema where name = 'sqlite_stat1'`.execute(
    db,
  )
  if (Number(stats.rows[0]?.n ?? 0) === 0) return
  for (const table of new Set(tables)) await sql`analyze ${sql.table(table)}`.execute(db)
}
