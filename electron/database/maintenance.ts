import { closeSync, existsSync, fsyncSync, openSync, statSync } from 'node:fs'
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

/** What a backup file holds, read without writing anything to it. */
export interface FileInspection {
  verdict: string
  schemaVersion: number
  /** Rows per table for the tables the file has (an older version may lack some). */
  counts: Record<string, number>
  communityName: string | null
}

/**
 * Opens a file read-only and reads its integrity_check verdict, schema version, a few counts and
 * the community's name — enough for a clerk to recognise the backup before restoring it.
 * Rejects (with SQLite's error) when the file cannot be opened as a database at all.
 */
export function inspectFile(file: string, tables: readonly string[]): Promise<FileInspection> {
  return new Promise((resolvePromise, reject) => {
    const copy = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (openErr) => {
      if (openErr) return reject(openErr)
      const all = <T>(q: string) =>
        new Promise<T[]>((done, fail) => copy.all(q, (err, rows) => (err ? fail(err) : done(rows as T[]))))
      void (async () => {
        const verdict = (await all<{ integrity_check: string }>('pragma integrity_check'))
          .map((r) => r.integrity_check)
          .join('; ')
        const version = (await all<{ user_version: number }>('pragma user_version'))[0]?.user_version ?? 0
        const present = new Set(
          (await all<{ name: string }>("select name from sqlite_master where type = 'table'")).map((r) => r.name),
        )
        const counts: Record<string, number> = {}
        if (verdict === 'ok') {
          for (const t of tables.filter((name) => present.has(name))) {
            counts[t] = (await all<{ n: number }>(`select count(*) as n from "${t}"`))[0]?.n ?? 0
          }
        }
        const community =
          verdict === 'ok' && present.has('community')
            ? ((await all<{ name: string }>('select name from community limit 1'))[0]?.name ?? null)
            : null
        return { verdict, schemaVersion: version, counts, communityName: community || null }
      })().then(
        (result) => copy.close(() => resolvePromise(result)),
        (err) => copy.close(() => reject(err)),
      )
    })
  })
}

/** Flushes a written file to the disk (a USB stick pulled right after must still hold it). */
export function syncFile(file: string): void {
  const fd = openSync(file, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Flushes a folder's entries (a rename) where the OS allows it; Windows does not, and needs not. */
export function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // Not supported on this system: the rename is still atomic.
  }
}

/** Size of the data file plus its WAL, which holds recent commits not yet checkpointed. */
export function fileSize(file: string): number {
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0)
  return size(file) + size(`${file}-wal`)
}

export { schemaVersion }
