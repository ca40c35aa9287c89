import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import sqlite3 from 'sqlite3'
import { sql } from 'kysely'
import { openTempDb, tempDir, type TempDb } from '../testing/temp-db'
import { StatementCache } from './statement-cache'

function open(file: string): Promise<sqlite3.Database> {
  return new Promise((done, fail) => {
    const db = new sqlite3.Database(file, (err) => (err ? fail(err) : done(db)))
  })
}
const exec = (db: sqlite3.Database, text: string) =>
  new Promise<void>((done, fail) => db.exec(text, (err) => (err ? fail(err) : done())))
const all = (db: sqlite3.Database, text: string) =>
  new Promise<unknown[]>((done, fail) => db.all(text, (err, rows) => (err ? fail(err) : done(rows))))
const close = (db: sqlite3.Database) => new Promise<void>((done, fail) => db.close((e) => (e ? fail(e) : done())))

describe('kept statements on a raw connection', () => {
  let db: sqlite3.Database
  let cache: StatementCache
  beforeEach(async () => {
    db = await open(join(tempDir(), 'kept.sqlite'))
    await exec(
      db,
      "create table t (id integer primary key, name text); insert into t values (1, '甲'), (2, '乙'), (3, '丙')",
    )
    cache = new StatementCache(db, 2)
  })
  afterEach(async () => {
    await cache.finalizeAll()
    await close(db) // refused (SQLITE_BUSY) if a statement were left
  })

  it('runs one kept statement with each call’s values', async () => {
    const text = 'select name from t where id >= ? order by id'
    expect(await cache.all(text, [2])).toEqual([{ name: '乙' }, { name: '丙' }])
    expect(await cache.all(text, [3])).toEqual([{ name: '丙' }])
    expect(await cache.all(text, [9])).toEqual([])
    expect(cache.size).toBe(1)
  })

  it('keeps at most its limit, dropping the least recently used', async () => {
    await cache.all('select 1 as n', [])
    await cache.all('select 2 as n', [])
    await cache.all('select 1 as n', [])
    await cache.all('select 3 as n', [])
    expect(cache.size).toBe(2)
    // The dropped one is prepared again when asked for.
    expect(await cache.all('select 2 as n', [])).toEqual([{ n: 2 }])
  })

  it('does not keep a statement SQLite refused, and tries it anew next time', async () => {
    const text = 'select id from later'
    await expect(cache.all(text, [])).rejects.toMatchObject({ code: 'SQLITE_ERROR' })
    expect(cache.size).toBe(0)
    await exec(db, 'create table later (id integer); insert into later values (7)')
    expect(await cache.all(text, [])).toEqual([{ id: 7 }])
  })

  it('answers from the new schema after a table changes', async () => {
    const text = 'select * from t where id = ?'
    expect(await cache.all(text, [1])).toEqual([{ id: 1, name: '甲' }])
    await exec(db, "alter table t add column note text not null default '备注'")
    expect(await cache.all(text, [1])).toEqual([{ id: 1, name: '甲', note: '备注' }])
  })

  it('holds no read snapshot between calls: another connection writes and checkpoints the whole log', async () => {
    const file = join(tempDir(), 'wal.sqlite')
    const reader = await open(file)
    await exec(reader, 'pragma journal_mode = wal; create table t (id integer primary key); insert into t values (1)')
    const kept = new StatementCache(reader)
    const writer = await open(file)
    try {
      expect(await kept.all('select count(*) as n from t', [])).toEqual([{ n: 1 }])
      await exec(writer, 'insert into t values (2)')
      // busy = 1 if a reader still held the older snapshot; log = checkpointed = 0 after TRUNCATE.
      expect(await all(writer, 'pragma wal_checkpoint(truncate)')).toEqual([{ busy: 0, log: 0, checkpointed: 0 }])
      expect(await kept.all('select count(*) as n from t', [])).toEqual([{ n: 2 }])
    } finally {
      await kept.finalizeAll()
      await close(reader)
      await close(writer)
    }
  })
})

describe('kept statements in the app’s connection', () => {
  let t: TempDb
  beforeEach(async () => (t = await openTempDb()))
  afterEach(() => t.cleanup())

  it('a built SELECT is kept, raw SQL and writes are not, and the file still closes', async () => {
    await t.db.insertInto('rooms').values({ name: '活动室', capacity: 30, note: '' }).execute()
    const read = () => t.db.selectFrom('rooms').select('name').where('capacity', '>=', 10).execute()
    expect(await read()).toEqual([{ name: '活动室' }])
    await t.db.updateTable('rooms').set({ capacity: 5 }).execute()
    // The kept statement sees the write at once.
    expect(await read()).toEqual([])
    // The raw statement and the write went through the usual path (an error would have shown).
    expect((await sql<{ n: number }>`select count(*) as n from rooms`.execute(t.db)).rows).toEqual([{ n: 1 }])
    await t.close()
  })

  it('a SELECT inside a transaction that is rolled back leaves nothing behind', async () => {
    await t.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('rooms').values({ name: '会议室', capacity: 12, note: '' }).execute()
        expect(await trx.selectFrom('rooms').select('name').execute()).toEqual([{ name: '会议室' }])
        throw new Error('放弃')
      })
      .catch(() => undefined)
    expect(await t.db.selectFrom('rooms').select('name').execute()).toEqual([])
  })
})
