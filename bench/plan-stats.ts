import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { openDatabase } from '../electron/database/open-database'

/**
 * `npx tsx bench/plan-stats.ts [-- --size x100]`
 *
 * Writes electron/testing/history-stats.ts: the planner statistics (sqlite_stat1) of the 100× demo
 * file, migrated to the current schema and ANALYZEd, which the plan tests load into a small temp
 * file so SQLite plans as it would at 100× (electron/testing/history-shape.ts, the one 100×-shape
 * helper). Run it again after a migration adds or changes an index: it copies the file (never opens
 * the shared original), migrates the copy with the current migrations, ANALYZEs it fully and
 * rewrites history-stats.ts (formatted by prettier).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { size: { type: 'string', default: 'x100' }, dir: { type: 'string', default: '/tmp/plan-stats' } },
  })
  mkdirSync(values.dir, { recursive: true })
  const file = join(values.dir, `${values.size}.sqlite`)
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
  copyFileSync(`/work/bench-data/${values.size}.sqlite`, file)
  const opened = await openDatabase(file)
  await sql`analyze`.execute(opened.db)
  const { rows } = await sql<{ tbl: string; idx: string | null; stat: string }>`
    select tbl, idx, stat from sqlite_stat1 order by tbl, idx`.execute(opened.db)
  await opened.close()
  const out = join(import.meta.dirname, '../electron/testing/history-stats.ts')
  writeFileSync(
    out,
    `/**\n * sqlite_stat1 of the ${values.size} demo file (${rows.length} rows), migrated and ANALYZEd: written by\n * \`npx tsx bench/plan-stats.ts\`; loaded by history-shape.ts. Do not edit by hand.\n */\n` +
      `export const HISTORY_STATS: readonly (readonly [table: string, index: string | null, stat: string])[] = [\n` +
      rows.map((r) => `  [${JSON.stringify(r.tbl)}, ${JSON.stringify(r.idx)}, ${JSON.stringify(r.stat)}],\n`).join('') +
      `]\n`,
  )
  execFileSync('npx', ['prettier', '--write', out], { stdio: 'ignore' })
  console.log(`已写出 ${out}（${rows.length} 行）`)
}

void main()
