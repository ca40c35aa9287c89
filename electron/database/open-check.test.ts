import { afterEach, describe, expect, it, vi } from 'vitest'
import { spawn } from 'node:child_process'
import {
  appendFileSync,
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import sqlite3 from 'sqlite3'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from './open-database'
import { LiveDatabase } from './live-database'
import { MIGRATIONS } from './migrations'
import { migration0007 } from './migrations/0007-open-state'
import { QUICK_CHECK_AFTER_DAYS } from './open-check'
import { dataInfo } from '../data/data-service'
import { tempDir } from '../testing/temp-db'

/**
 * Which check runs at open, and why (open-check.ts), on real files: made by the app, closed in
 * order or killed mid-session, damaged in a data page, grown old, from before the state row.
 */
const open: Array<OpenDatabase | LiveDatabase> = []
afterEach(async () => {
  for (const o of open.splice(0)) await o.close()
})

async function opened(file: string, options: Parameters<typeof openDatabase>[1] = {}): Promise<OpenDatabase> {
  const o = await openDatabase(file, options)
  open.push(o)
  return o
}

/** Root pages of the data files' audit_log, read while the app had them open. */
const auditRoot = new Map<string, number>()

/** A data file closed in order, with a few hundred audit rows (so that table spans many pages). */
async function dataFile(migrations = MIGRATIONS): Promise<string> {
  const file = join(tempDir(), '社区数据.sqlite')
  const o = await openDatabase(file, { migrations })
  const { rows } = await sql<{ rootpage: number }>`select rootpage from sqlite_schema where name = 'audit_log'`.execute(
    o.db,
  )
  auditRoot.set(file, rows[0]!.rootpage)
  await o.db.transaction().execute(async (trx) => {
    for (let i = 0; i < 300; i++) {
      await trx
        .insertInto('audit_log')
        .values({ at: 'a', action: '测试', entity: '填充', entity_id: i, detail: `第${i}行`.repeat(200) })
        .execute()
    }
  })
  await o.close()
  return file
}

/** Opens the file in another process as the app does, and kills it (SIGKILL) mid-session. */
async function killedSession(file: string): Promise<void> {
  const script = `
    const load = async (p) => { const m = await import(p); return m.default ?? m }
    const { openDatabase } = await load(${JSON.stringify(new URL('./open-database.ts', import.meta.url).pathname)})
    await openDatabase(${JSON.stringify(file)})
    console.log('ready')
    setInterval(() => {}, 1000)
  `
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((done) => child.on('exit', () => done()))
  await new Promise<void>((done, fail) => {
    child.stdout.on('data', (b: Buffer) => b.toString().includes('ready') && done())
    child.on('exit', (code) => fail(new Error(`child exited ${code}`)))
  })
  child.kill('SIGKILL')
  await exited
}

function readOnly<T>(file: string, query: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (openErr) => {
      if (openErr) return reject(openErr)
      db.all(query, (err, rows) => db.close(() => (err ? reject(err) : resolve(rows as T[]))))
    })
  })
}

/**
 * Overwrites the root page of audit_log (an interior b-tree page: the table spans many) with
 * garbage, as a failing disk would, without opening the file in SQLite (a read-only connection
 * would leave a -wal behind).
 */
function damageAuditLog(file: string): void {
  const rootpage = auditRoot.get(file)!
  const pageSize = readFileSync(file).readUInt16BE(16)
  const fd = openSync(file, 'r+')
  try {
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootpage - 1) * pageSize)
  } finally {
    closeSync(fd)
  }
}

const state = async (file: string) =>
  (
    await readOnly<{ opened_at: string | null; closed_at: string | null; full_checked_at: string | null }>(
      file,
      'select opened_at, closed_at, full_checked_at from database_state',
    )
  )[0]!

describe('the check at open', () => {
  it('a new file: nothing to check; it is marked open while open and closed in order after', async () => {
    const file = join(tempDir(), 'new.sqlite')
    const o = await opened(file)
    expect(o.openCheck).toEqual({ check: 'none', reason: 'new-file' })
    expect((await o.db.selectFrom('database_state').selectAll().executeTakeFirstOrThrow()).opened_at).not.toBeNull()
    await o.close()
    expect(await state(file)).toMatchObject({ opened_at: null, closed_at: expect.any(String) })
  })

  it('closed in order and checked recently: the cheap checks only', async () => {
    const file = await dataFile()
    expect((await opened(file)).openCheck).toEqual({ check: 'none', reason: 'clean' })
  })

  it('after a session that was killed: quick_check first, and a sound file opens with all its rows', async () => {
    const file = await dataFile()
    await killedSession(file)
    expect((await state(file)).opened_at).not.toBeNull()
    const o = await opened(file)
    expect(o.openCheck).toEqual({ check: 'quick', reason: 'unclean-shutdown' })
    expect(await o.db.selectFrom('audit_log').select('id').execute()).toHaveLength(300)
    await o.close()
    // Closed in order this time: the next open is fast again.
    expect((await opened(file)).openCheck).toEqual({ check: 'none', reason: 'clean' })
  })

  it('a file damaged in a data page after a killed session is refused, the file and its -wal left as they were', async () => {
    const file = await dataFile()
    await killedSession(file)
    damageAuditLog(file)
    const before = [readFileSync(file), readFileSync(`${file}-wal`)]
    await expect(openDatabase(file)).rejects.toMatchObject({
      code: 'DB_DAMAGED',
      message: expect.stringContaining('从备份恢复'),
    })
    expect(readFileSync(file).equals(before[0]!)).toBe(true)
    expect(readFileSync(`${file}-wal`).equals(before[1]!)).toBe(true)
  })

  it('a file damaged in a data page after an orderly close opens fast; the background check reports the damage', async () => {
    const file = await dataFile()
    damageAuditLog(file)
    const live = await LiveDatabase.open(file)
    open.push(live)
    expect(live.opened.openCheck).toEqual({ check: 'none', reason: 'clean' })
    expect(live.health.state.status).toBe('unchecked')

    const stop = live.health.schedule({ firstDelayMs: 0 })
    try {
      await vi.waitFor(() => expect(live.health.state.status).toBe('damaged'), { timeout: 10_000, interval: 20 })
    } finally {
      stop()
    }
    const { problems } = live.health.state
    expect(problems.length).toBeGreaterThan(0)
    // The clerk reads Chinese; SQLite's own words went to the log.
    for (const p of problems) expect(p, p).not.toMatch(/[A-Za-z]{3,}/)
    // 首页 and 数据与备份 read it with the data file's facts.
    const info = await live.shared((db) => dataInfo(db, file, live.health.state))
    expect(info.health.status).toBe('damaged')
    // Damage is not recorded as a passed check: the next session checks again.
    expect(info.lastFullCheckAt).toBeNull()
  })

  it('a sound file: the background check passes once and records it; the schedule does not run it again that day', async () => {
    const file = await dataFile()
    const live = await LiveDatabase.open(file)
    open.push(live)
    const result = await live.health.checkNow()
    expect(result).toMatchObject({ ok: true, problems: [] })
    expect(live.health.state.status).toBe('ok')
    const recorded = (await live.shared((db) => dataInfo(db, file, live.health.state))).lastFullCheckAt
    expect(recorded).toBe(result.checkedAt)
    await live.health.checkIfDue()
    expect((await live.shared((db) => dataInfo(db, file, live.health.state))).lastFullCheckAt).toBe(recorded)
  })

  it(`not checked for ${QUICK_CHECK_AFTER_DAYS} days: quick_check at open, whatever became of the background check`, async () => {
    const file = await dataFile()
    const later = new Date(Date.now() + (QUICK_CHECK_AFTER_DAYS + 1) * 86_400_000)
    const o = await opened(file, { now: () => later })
    expect(o.openCheck).toEqual({ check: 'quick', reason: 'not-checked-recently' })
  })

  it('a file from before the state row: quick_check (its history is unknown), then it has one', async () => {
    const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(migration0007))
    const file = await dataFile(before)
    const o = await opened(file)
    expect(o.openCheck).toEqual({ check: 'quick', reason: 'no-state' })
    await o.close()
    expect((await opened(file)).openCheck).toEqual({ check: 'none', reason: 'clean' })
  })

  it('a -wal beside a file whose state says closed: quick_check', async () => {
    const file = await dataFile()
    appendFileSync(`${file}-wal`, '')
    expect((await opened(file)).openCheck).toEqual({ check: 'quick', reason: 'wal-left-behind' })
  })

  it('the header against the size: a file shorter than it says is refused as it is; a longer one gets the quick_check', async () => {
    const longer = await dataFile()
    appendFileSync(longer, Buffer.alloc(4096))
    expect((await opened(longer)).openCheck).toEqual({ check: 'quick', reason: 'header-mismatch' })

    const shorter = await dataFile()
    truncateSync(shorter, statSync(shorter).size - 4096)
    const bytes = readFileSync(shorter)
    await expect(openDatabase(shorter)).rejects.toMatchObject({ code: 'DB_DAMAGED' })
    expect(readFileSync(shorter).equals(bytes)).toBe(true)
    expect(existsSync(`${shorter}-wal`)).toBe(false)
  })
})
