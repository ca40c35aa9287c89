import { existsSync, statSync } from 'node:fs'
import sqlite3 from 'sqlite3'
import { sql } from 'kysely'
import type { Db } from './open-database'
import { schemaVersion } from './migrate'

/**
 * Whole-file operations that only make sense on SQLite: they live here, in the database layer,
 * so services above stay portable.
 */

/** Copies the live database to `target` with VACUUM INTO: a consistent snapshot, never a copy of an open file. */
export async function vacuumInto(db: Db, target: string): Promise<void> {
  await sql`vacuum into ${target}`.execute(db)
}

/** Full `integrity_check` plus `foreign_key_check` on the open database. */
export async function integrityCheck(db: Db): Promise<string[]> {
  const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)
  const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok')
  const fk = await sql<{ table: string; rowid: number; parent: string }>`pragma foreign_key_check`.execute(db)
  for (const r of fk.rows) problems.push(`表 ${r.table} 第 ${r.rowid} 行引用的 ${r.parent} 记录不存在`)
  return problems
}

/** Opens another file read-only and runs `integrity_check` on it (used to verify a backup copy). */
export function checkFileIntegrity(file: string): Promise<{ verdict: string; schemaVersion: number }> {
  return new Promise((resolve, reject) => {
    const copy = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (openErr) => {
      if (openErr) return reject(openErr)
      copy.all('pragma integrity_check', (err, rows: Array<{ integrity_check: string }>) => {
        if (err) return copy.close(() => reject(err))
        copy.get('pragma user_version', (err2, row: { user_version: number }) => {
          copy.close(() =>
            err2
              ? reject(err2)
              : resolve({ verdict: rows.map((r) => r.integrity_check).join('; '), schemaVersion: row.user_version }),
          )
        })
      })
    })
  })
}

/** Size of the data file plus its WAL, which holds recent commits not yet checkpointed. */
export function fileSize(file: string): number {
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0)
  return size(file) + size(`${file}-wal`)
}

export { schemaVersion }
