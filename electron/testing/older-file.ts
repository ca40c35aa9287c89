import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase } from '../database/open-database'
import type { Migration } from '../database/migrate'
import { MIGRATIONS } from '../database/migrations'
import { generateCommunity } from '../demo/generate-community'
import type { DemoOptions } from '../demo/context'
import { tempDir } from './temp-db'

/**
 * A file at the schema version BEFORE `migration`, holding a demo community: for a migration's test
 * on real rows. The demo is written by today's code (which writes today's columns, an audit entry's
 * operator for one), so it is generated into a current file and its rows copied, column by column
 * that the older schema has, into a file opened with the migrations before `migration`.
 * `analyzed`: whether the older file has SQLite's statistics (sqlite_stat1), as a used file does.
 * Closed without `pragma optimize`, which could analyze on its own.
 */
export async function demoFileBefore(
  migration: Migration,
  options: Partial<DemoOptions>,
  analyzed: boolean,
): Promise<{ file: string; rows: Record<string, number> }> {
  const dir = tempDir()
  const current = join(dir, 'current.sqlite')
  const made = await openDatabase(current)
  await generateCommunity(made.db, options)
  await made.close()

  const file = join(dir, 'before.sqlite')
  const old = await openDatabase(file, { migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(migration)) })
  const { db } = old
  await sql`pragma foreign_keys = off`.execute(db)
  await sql`attach database ${current} as cur`.execute(db)
  const tables = await sql<{ name: string }>`
    select name from main.sqlite_schema where type = 'table' and name not like 'sqlite_%'`.execute(db)
  // The rules the triggers keep (a frozen contest's criteria, an append-only log) are about new
  // writes, not about copying rows that already obeyed them: lift them for the copy, then restore.
  const triggers = await sql<{ name: string; sql: string }>`
    select name, sql from main.sqlite_schema where type = 'trigger'`.execute(db)
  for (const t of triggers.rows) await sql`drop trigger main.${sql.id(t.name)}`.execute(db)
  const rows: Record<string, number> = {}
  for (const { name } of tables.rows) {
    const columns = await sql<{ name: string }>`
      select o.name from pragma_table_info(${name}, 'main') as o
      join pragma_table_info(${name}, 'cur') as c on c.name = o.name`.execute(db)
    const list = sql.join(columns.rows.map((c) => sql.ref(c.name)))
    // Rows the older migrations seeded give way to the demo's (the audit log had none).
    if (name !== 'audit_log') await sql`delete from main.${sql.table(name)}`.execute(db)
    await sql`insert into main.${sql.table(name)} (${list}) select ${list} from cur.${sql.table(name)}`.execute(db)
    const n = await sql<{ n: number }>`select count(*) as n from main.${sql.table(name)}`.execute(db)
    rows[name] = Number(n.rows[0]!.n)
  }
  for (const t of triggers.rows) await sql.raw(t.sql).execute(db)
  await sql`detach database cur`.execute(db)
  await sql`pragma foreign_keys = on`.execute(db)
  if (analyzed) await sql`analyze`.execute(db)
  await db.destroy()
  return { file, rows }
}
