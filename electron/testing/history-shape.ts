import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import sqlite3 from 'sqlite3'
import { CompiledQuery, Kysely, sql } from 'kysely'
import { openDatabase, type Db } from '../database/open-database'
import { Sqlite3Dialect } from '../database/sqlite3-dialect'
import type { Database } from '../database/schema'
import { HISTORY_STATS } from './history-stats'
import { tempDir } from './temp-db'

/**
 * THE 100× shape (the one helper for it): a small temp file that SQLite plans for as if it held 30
 * years of a large community. The statistics ANALYZE gave on the 100× demo file (history-stats.ts)
 * are written into its sqlite_stat1, so `EXPLAIN QUERY PLAN` shows the plans the real 100× file
 * gets — without a 160 MB fixture. Every statement the returned `db` runs is recorded, so a test
 * can run the real service code and read the plan of each statement it sent.
 *
 * Regenerate the statistics after a migration adds or changes an index (one script, it copies
 * /work/bench-data/x100.sqlite, migrates the copy with the current migrations and ANALYZEs it):
 *   `npx tsx bench/plan-stats.ts`   (then `npx prettier --write electron/testing/history-stats.ts`)
 * Tables the 100× demo file leaves empty (it predates the partner ledger and the fund) have no
 * statistics: SQLite costs them by its fixed guesses, as it would on a file that never ran ANALYZE.
 */
export interface HistoryShapedDb {
  db: Db
  /** The statements run since the last `take()`, which empties the record. */
  take(): CompiledQuery[]
  /** SQLite's plan of a statement with its values bound, one step a line (EXPLAIN QUERY PLAN). */
  plan(query: { sql: string; parameters: readonly unknown[] }): Promise<string[]>
  /** Closes the connection and removes the temp file. */
  close(): Promise<void>
  file: string
}

/** Tables that grow with every year of history: a list must never read all of one. */
export const HISTORY_TABLES = [
  'topics',
  'meetings',
  'residents',
  'resolutions',
  'resolution_progress',
  'agenda_items',
  'agenda_reports',
  'attendance',
  'feedback',
  'minutes',
  'audit_log',
] as const

/**
 * `statistics`: rows that replace the 100× file's ones for the same (table, index) — e.g. the
 * sampled numbers `pragma optimize` writes on close, to pin a plan against them too.
 */
export async function openHistoryShapedDb(
  seed?: (db: Db) => Promise<void>,
  statistics: readonly (readonly [tbl: string, idx: string, stat: string])[] = [],
): Promise<HistoryShapedDb> {
  const file = join(tempDir('desk-plan-'), 'history.sqlite')
  const made = await openDatabase(file)
  await seed?.(made.db)
  // ANALYZE first creates sqlite_stat1; its rows are then replaced by the 100× ones.
  await sql`analyze`.execute(made.db)
  await sql`delete from sqlite_stat1`.execute(made.db)
  const replaced = new Map(statistics.map(([tbl, idx, stat]) => [`${tbl}|${idx}`, stat]))
  for (const [tbl, idx, stat] of HISTORY_STATS.map(
    ([tbl, idx, stat]) => [tbl, idx, replaced.get(`${tbl}|${idx}`) ?? stat] as const,
  )) {
    await sql`insert into sqlite_stat1 (tbl, idx, stat) values (${tbl}, ${idx}, ${stat})`.execute(made.db)
  }
  await made.db.destroy()
  // A fresh connection loads the statistics as it opens (no `pragma optimize` on the way out).
  const raw = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (err) => (err ? reject(err) : resolve(d)))
  })
  let statements: CompiledQuery[] = []
  const db = new Kysely<Database>({
    dialect: new Sqlite3Dialect({ open: async () => raw }),
    log: (e) => {
      if (e.level === 'query') statements.push(e.query)
    },
  })
  return {
    db,
    file,
    take() {
      const out = statements
      statements = []
      return out
    },
    async plan(query) {
      const result = await db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      )
      statements.pop()
      return result.rows.map((r) => r.detail)
    },
    async close() {
      await db.destroy()
      rmSync(dirname(file), { recursive: true, force: true })
    },
  }
}

/**
 * What is wrong with a plan for a statement a clerk waits on, for 30 years of history:
 *
 * - a SCAN of a history table: it reads every row. Two walks are bounded and allowed: a count of a
 *   whole table (SQLite counts the cells of its smallest index page by page, reading no row), and
 *   an index walk that gives the ORDER BY of a statement with a LIMIT (it stops after one page);
 * - a temp B-tree for the ORDER BY: every matching row is read and sorted before the first one is
 *   returned. `ownRows` says the statement reads the rows of one record (a meeting's agenda, a
 *   resolution's progress notes), which do not grow with history: sorting those is allowed.
 *
 * Aliases are resolved through the statement's SQL.
 */
export function planProblems(query: { sql: string }, plan: readonly string[], ownRows = false): string[] {
  const tableOf = new Map<string, string>()
  for (const m of query.sql.matchAll(/(?:from|join)\s+"(\w+)"(?:\s+as\s+"(\w+)")?/gi)) tableOf.set(m[2] ?? m[1]!, m[1]!)
  const sorts = plan.some((line) => /TEMP B-TREE FOR (.*)ORDER BY/.test(line))
  const problems: string[] = []
  for (const line of plan) {
    const scan = /^SCAN (\w+)( USING (COVERING )?INDEX \w+)?/.exec(line)
    if (scan && (HISTORY_TABLES as readonly string[]).includes(tableOf.get(scan[1]!) ?? scan[1]!)) {
      const table = tableOf.get(scan[1]!) ?? scan[1]!
      // count(*) straight from the table, nothing after it: no WHERE, no join.
      const wholeTableCount =
        scan[3] !== undefined &&
        new RegExp(`count\\(\\*\\) as "\\w+" from "${table}"( as "\\w+")?(\\)|$)`).test(query.sql)
      const orderedPage =
        scan[2] !== undefined && !sorts && /\blimit\b/i.test(query.sql) && /\border by\b/i.test(query.sql)
      if (!wholeTableCount && !orderedPage) problems.push(line)
    }
    if (!ownRows && /TEMP B-TREE FOR (.*)ORDER BY/.test(line)) problems.push(line)
  }
  return problems
}

/**
 * The steps of a plan that read a whole table or index: every SCAN, except of the one constant
 * row of a SELECT without FROM and of a subquery's own result (MATERIALIZE / CO-ROUTINE name).
 * Stricter than planProblems: for statements that must never walk anything whole (counts of what is
 * open, a period's figures).
 */
export function scans(plan: readonly string[]): string[] {
  const own = new Set(plan.flatMap((l) => /^(?:MATERIALIZE|CO-ROUTINE) (\S+)/.exec(l)?.[1] ?? []))
  return plan.filter((l) => l.startsWith('SCAN ') && l !== 'SCAN CONSTANT ROW' && !own.has(l.slice(5)))
}
