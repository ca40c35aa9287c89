import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createHash, randomBytes } from 'node:crypto'
import { constants, getPriority } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import sqlite3 from 'sqlite3'
import { runSideTask } from './side-process'
import { storeDir } from './attachment-store'
import { dispatch } from '../registry/dispatch'
import { registry } from '../registry'
import { openTempDb, type TempDb } from '../testing/temp-db'

/**
 * A backup and the full integrity check read the whole file on a read-only side connection: the
 * app's one connection keeps answering meanwhile. Asserted by order, not by time: reads issued
 * after the side connection started reading are answered while it is still reading.
 */
let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
  // 300,000 rows (~40 MB): checking or copying every row and index entry takes a while.
  await sql`
    insert into audit_log (at, action, entity, entity_id, detail)
    with recursive n(i) as (select 1 union all select i + 1 from n where i < 300000)
    select 'a', '测试', '填充', i, hex(randomblob(48)) from n
  `.execute(t.db)
})
afterEach(async () => t.cleanup())

/**
 * Once the side connection is reading, issues reads one after another; says for each whether the
 * side read was still going and whether the work had finished when the read was answered.
 */
async function readsDuring(running: Promise<unknown>): Promise<Array<{ sideReading: boolean; finished: boolean }>> {
  let finished = false
  void running.then(
    () => (finished = true),
    () => (finished = true),
  )
  await vi.waitFor(() => expect(t.live.opened.readersActive).toBe(1), { timeout: 5000, interval: 1 })
  const seen = []
  for (let i = 0; i < 3; i++) {
    const answer = await dispatch(registry, t.live, t.ctx, 'community.overview', undefined)
    expect(answer.ok, JSON.stringify(answer)).toBe(true)
    seen.push({ sideReading: t.live.opened.readersActive === 1, finished })
  }
  return seen
}

describe('whole-file reads never hold the app’s connection', () => {
  it('a backup runs while reads answer', async () => {
    const backup = dispatch(registry, t.live, t.ctx, 'data.backup', undefined)
    const seen = await readsDuring(backup)
    expect(seen[0]).toEqual({ sideReading: true, finished: false })
    expect(await backup).toMatchObject({ ok: true, value: { integrity: 'ok' } })
    expect(readdirSync(t.ctx.backupDir!)).toHaveLength(1)
  })

  it('the integrity check runs while reads answer', async () => {
    const check = dispatch(registry, t.live, t.ctx, 'data.integrityCheck', undefined)
    const seen = await readsDuring(check)
    expect(seen[0]).toEqual({ sideReading: true, finished: false })
    expect(await check).toMatchObject({ ok: true, value: { ok: true, problems: [] } })
  })

  it('closing the file interrupts a running check, which then reports nothing', async () => {
    const check = t.live.health.checkNow()
    const outcome = check.then(
      () => 'finished',
      (err: { code?: string }) => err.code,
    )
    await vi.waitFor(() => expect(t.live.opened.readersActive).toBe(1), { timeout: 5000, interval: 1 })
    await t.live.close()
    expect(await outcome).toBe('SQLITE_INTERRUPT')
    expect(t.live.opened.readersActive).toBe(0)
    expect(t.live.health.state.status).toBe('unchecked')
  })
})

/** Every table's rows, and a digest of the big one, read raw from a file. */
async function contentOf(file: string): Promise<Record<string, unknown>> {
  const connection = await new Promise<sqlite3.Database>((resolve, reject) => {
    const c = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(c)))
  })
  const all = <T>(q: string) =>
    new Promise<T[]>((resolve, reject) => connection.all(q, (err, rows) => (err ? reject(err) : resolve(rows as T[]))))
  const content: Record<string, unknown> = {}
  const tables = await all<{ name: string }>(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
  )
  for (const { name } of tables) content[name] = (await all<{ n: number }>(`select count(*) as n from "${name}"`))[0]!.n
  content.audit = await all(
    "select count(*) as n, sum(entity_id) as ids, sum(length(detail)) as bytes, group_concat(substr(detail, 1, 2), '') as heads from audit_log",
  )
  content.schema = await all('select type, name, sql from sqlite_master order by name')
  await new Promise<void>((resolve) => connection.close(() => resolve()))
  return content
}

describe('the side process', () => {
  it('writes a backup that opens and holds what the file holds', async () => {
    // As it was when the backup began (the backup's own record and audit entry come after).
    const before = await contentOf(t.live.file)
    const answer = await dispatch(registry, t.live, t.ctx, 'data.backup', undefined)
    expect(answer).toMatchObject({ ok: true, value: { integrity: 'ok' } })
    const [name] = readdirSync(t.ctx.backupDir!).filter((n) => n.endsWith('.sqlite'))
    const copy = await contentOf(join(t.ctx.backupDir!, name!))
    expect(copy.audit_log).toBeGreaterThanOrEqual(300000)
    expect(copy).toEqual(before)
  })

  it('copies the attachment store too, after the copy of the file is in place', async () => {
    // 30 files of 2 MB: reading and hashing them is the side process's work, not the app's.
    const store = storeDir(t.live.file)
    mkdirSync(store, { recursive: true })
    for (let i = 0; i < 30; i++) {
      const bytes = randomBytes(2 * 1024 * 1024)
      writeFileSync(join(store, `${createHash('sha256').update(bytes).digest('hex')}.pdf`), bytes)
    }
    const backup = dispatch(registry, t.live, t.ctx, 'data.backup', undefined)
    const written = () => readdirSync(t.ctx.backupDir!).some((n) => /^社区工作台备份-.*\.sqlite$/.test(n))
    // The backup file is renamed into place before its attachments are copied: a side read is
    // running then, and the app goes on answering.
    await vi.waitFor(
      () => {
        expect(written()).toBe(true)
        expect(t.live.opened.readersActive).toBe(1)
      },
      { timeout: 20_000, interval: 1 },
    )
    expect((await dispatch(registry, t.live, t.ctx, 'community.overview', undefined)).ok).toBe(true)
    const answer = await backup
    expect(answer).toMatchObject({ ok: true, value: { attachments: { files: 30, damaged: [] } } })
    const [name] = readdirSync(t.ctx.backupDir!).filter((n) => n.endsWith('.sqlite'))
    expect(readdirSync(storeDir(join(t.ctx.backupDir!, name!))).sort()).toEqual(readdirSync(store).sort())
  })

  it('runs at the lowest CPU priority, each of its threads', async () => {
    const run = runSideTask({ kind: 'integrityCheck', file: t.live.file, busyTimeoutMs: 1000 })
    const niceOfThreads = () =>
      readdirSync(`/proc/${run.pid}/task`).map((tid) => {
        // /proc/<pid>/task/<tid>/stat: the 19th field is the nice value (after the name in brackets).
        const stat = readFileSync(`/proc/${run.pid}/task/${tid}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])
      })
    await vi.waitFor(() => expect(run.pid).toBeTypeOf('number'), { timeout: 5000, interval: 1 })
    await vi.waitFor(() => expect(getPriority(run.pid)).toBe(constants.priority.PRIORITY_LOW), {
      timeout: 5000,
      interval: 1,
    })
    if (process.platform === 'linux') {
      // Once the check reads (the pool threads exist), every thread is lowered, the pool's too.
      await vi.waitFor(
        () => {
          const nice = niceOfThreads()
          expect(nice.length).toBeGreaterThan(4)
          expect(new Set(nice)).toEqual(new Set([constants.priority.PRIORITY_LOW]))
        },
        { timeout: 10000, interval: 5 },
      )
    }
    expect(await run.result).toEqual({ findings: [], foreignKeys: [] })
  })

  it('a stopped task rejects as interrupted and its process ends', async () => {
    const run = runSideTask({ kind: 'integrityCheck', file: t.live.file, busyTimeoutMs: 1000 })
    await vi.waitFor(() => expect(run.pid).toBeTypeOf('number'), { timeout: 5000, interval: 1 })
    const pid = run.pid!
    run.stop()
    await expect(run.result).rejects.toMatchObject({ code: 'SQLITE_INTERRUPT' })
    await vi.waitFor(() => expect(() => process.kill(pid, 0)).toThrow(), { timeout: 5000, interval: 5 })
  })

  it('answers SQLite’s error with its code', async () => {
    await expect(
      runSideTask({ kind: 'checkFile', file: join(t.dir, 'nothing-here.sqlite') }).result,
    ).rejects.toMatchObject({ code: 'SQLITE_CANTOPEN' })
  })
})
