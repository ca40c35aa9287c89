import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import sqlite3 from 'sqlite3'
import { sql } from 'kysely'
import * as community from '../community/community-service'
import * as data from './data-service'
import { checkFileIntegrity } from '../database/maintenance'
import { openDatabase } from '../database/open-database'
import { MIGRATIONS } from '../database/migrations'
import { registry } from '../registry'
import { dispatch } from '../registry/dispatch'
import { openTempDb, type TempDb } from '../testing/temp-db'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => t.cleanup())

const gridNames = async (db: TempDb['db']) =>
  (await db.selectFrom('grids').select('name').orderBy('id').execute()).map((r) => r.name)

/** A backup in the host's backup folder holding the given grids. */
async function backupWith(names: string[]): Promise<string> {
  for (const name of names) await community.createGrid(t.live.db, { name, note: '' })
  const r = await dispatch(registry, t.live, t.ctx, 'data.backup', undefined)
  if (!r.ok || !r.value) throw new Error(`backup failed: ${JSON.stringify(r)}`)
  return (r.value as { path: string }).path
}

function rawOpen(file: string): Promise<sqlite3.Database> {
  return new Promise((done, fail) => {
    const h = new sqlite3.Database(file, (err) => (err ? fail(err) : done(h)))
  })
}
const rawExec = (h: sqlite3.Database, q: string) =>
  new Promise<void>((done, fail) => h.exec(q, (err) => (err ? fail(err) : done())))

describe('restore from a backup', () => {
  it('replaces the data with exactly the backup’s, even with a stale -wal beside the file, and keeps the old file aside', async () => {
    const backup = await backupWith(['备份里的网格'])
    await community.createGrid(t.live.db, { name: '备份之后的网格', note: '' })

    // Another connection (a process that crashed without closing, an antivirus scanner) keeps the
    // file open with commits in the -wal: closing ours then leaves the -wal beside the file.
    const other = await rawOpen(t.file)
    await rawExec(
      other,
      "pragma wal_autocheckpoint = 0; insert into grids (name, note, created_at, updated_at) values ('崩溃前写入的网格', '', 'a', 'a')",
    )
    expect(existsSync(`${t.file}-wal`)).toBe(true)

    const r = await dispatch(registry, t.live, t.ctx, 'data.restore', { path: backup })
    await new Promise<void>((done) => other.close(() => done()))
    expect(r).toMatchObject({ ok: true, value: { restoredFrom: backup, schemaVersion: MIGRATIONS.length } })
    const { keptAs } = (r as { value: data.RestoreResult }).value

    // Calls after the restore use the new handle and read exactly the backup's rows.
    expect(await gridNames(t.live.db)).toEqual(['备份里的网格'])
    const overview = await dispatch(registry, t.live, t.ctx, 'community.overview', undefined)
    expect((overview as { value: { grids: Array<{ name: string }> } }).value.grids.map((g) => g.name)).toEqual([
      '备份里的网格',
    ])
    expect(
      await t.live.db.selectFrom('audit_log').select('action').where('action', '=', '恢复').execute(),
    ).toHaveLength(1)
    expect((await data.runIntegrityCheck(t.live.health)).ok).toBe(true)
    // The restored file still knows the backup it came from.
    expect((await data.dataInfo(t.live.db, t.file, t.live.health.state)).lastBackup).toMatchObject({ path: backup })

    // The file as it was just before is kept beside it, consistent, under a dated name.
    expect(basename(keptAs)).toMatch(/^test-恢复前-\d{8}-\d{6}\.sqlite$/)
    expect((await checkFileIntegrity(keptAs)).verdict).toBe('ok')
    const kept = await openDatabase(keptAs)
    expect(await gridNames(kept.db)).toEqual(['备份里的网格', '备份之后的网格', '崩溃前写入的网格'])
    await kept.close()

    // And after closing and opening again (a restart), it is still the backup's data.
    await t.live.close()
    const reopened = await openDatabase(t.file)
    expect(await gridNames(reopened.db)).toEqual(['备份里的网格'])
    await reopened.close()
  })

  it('migrates a backup from an older version when it is opened', async () => {
    const dir = join(t.dir, 'backups')
    const old = await openDatabase(join(dir, '社区工作台备份-20250101-120000.sqlite'), {
      migrations: MIGRATIONS.slice(0, 1),
      createFolder: true,
    })
    await old.db
      .insertInto('grids')
      .values({ name: '老版本的网格', note: '', created_at: 'a', updated_at: 'a' })
      .execute()
    await sql`pragma journal_mode = delete`.execute(old.db)
    await old.close()
    const listed = await dispatch(registry, t.live, t.ctx, 'data.backups', undefined)
    expect((listed as { value: { backups: Array<{ name: string }> } }).value.backups.map((b) => b.name)).toEqual([
      '社区工作台备份-20250101-120000.sqlite',
    ])
    const path = join(dir, '社区工作台备份-20250101-120000.sqlite')
    expect(await dispatch(registry, t.live, t.ctx, 'data.checkBackup', { path })).toMatchObject({
      ok: true,
      value: { schemaVersion: 1 },
    })
    expect(await dispatch(registry, t.live, t.ctx, 'data.restore', { path })).toMatchObject({
      ok: true,
      value: { schemaVersion: MIGRATIONS.length },
    })
    expect(await gridNames(t.live.db)).toEqual(['老版本的网格'])
  })

  it('refuses a damaged, empty, newer or foreign backup before touching anything', async () => {
    await community.createGrid(t.live.db, { name: '现在的网格', note: '' })
    const dir = join(t.dir, 'backups')
    await t.ctx.pickFolder('')
    const damaged = join(dir, '社区工作台备份-20260101-000001.sqlite')
    writeFileSync(damaged, Buffer.from('不是数据库'.repeat(2000)))
    const empty = join(dir, '社区工作台备份-20260101-000002.sqlite')
    writeFileSync(empty, '')
    const newer = join(dir, '社区工作台备份-20260101-000003.sqlite')
    const n = await openDatabase(newer)
    await sql`pragma user_version = 99`.execute(n.db)
    await n.close()
    const outside = join(t.dir, 'elsewhere.sqlite')
    const o = await openDatabase(outside)
    await o.close()
    const cases: Array<[string, string]> = [
      [damaged, 'BACKUP_UNREADABLE'],
      [empty, 'BACKUP_EMPTY'],
      [newer, 'BACKUP_TOO_NEW'],
      [outside, 'BAD_BACKUP'],
      [t.file, 'BAD_BACKUP'],
      ['/etc/passwd', 'BAD_BACKUP'],
    ]
    for (const [path, code] of cases) {
      const r = await dispatch(registry, t.live, t.ctx, 'data.restore', { path })
      expect(r, path).toMatchObject({ ok: false, code })
      expect((r as { message: string }).message.replaceAll(path, '').replaceAll(basename(path), '')).not.toMatch(
        /[A-Za-z]{3,}/,
      )
    }
    expect(await gridNames(t.live.db)).toEqual(['现在的网格'])
    expect(readdirSync(t.dir).filter((n) => n.includes('恢复前'))).toEqual([])
  })
})
