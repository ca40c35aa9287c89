import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { openDatabase } from './open-database'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { inSavepoint, inTransaction } from './unit-of-work'
import { nextNumber } from './numbering'
import { createGrid } from '../community/community-service'
import { createTopic, voidTopic } from '../topics/topic-service'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => {
  await t.cleanup()
})

const NOW = '2026-11-20T02:00:00.000Z'
const addGrid = (db: TempDb['db'], name: string) =>
  inTransaction(db, (trx) =>
    trx.insertInto('grids').values({ name, note: '', created_at: NOW, updated_at: NOW }).execute(),
  )
const gridNames = async () => (await t.db.selectFrom('grids').select('name').orderBy('id').execute()).map((g) => g.name)

describe('units of work that compose', () => {
  it('joins the open transaction: a failure later in it undoes what an inner unit wrote', async () => {
    await expect(
      inTransaction(t.db, async (trx) => {
        await addGrid(trx, '一网格')
        await addGrid(trx, '二网格')
        throw new Error('第二步失败')
      }),
    ).rejects.toThrow('第二步失败')
    expect(await gridNames()).toEqual([])
  })

  it('commits on its own when there is no open transaction', async () => {
    await addGrid(t.db, '一网格')
    expect(await gridNames()).toEqual(['一网格'])
  })

  it('undoes only a failed savepoint unit, and the outer unit carries on and commits', async () => {
    await inTransaction(t.db, async (trx) => {
      await addGrid(trx, '一网格')
      await expect(
        inSavepoint(trx, async (inner) => {
          await addGrid(inner, '作废网格')
          throw new Error('这一步失败')
        }),
      ).rejects.toThrow('这一步失败')
      await inSavepoint(trx, (inner) => addGrid(inner, '二网格'))
    })
    expect(await gridNames()).toEqual(['一网格', '二网格'])
  })

  it("supports Kysely's own savepoints through the dialect", async () => {
    const trx = await t.db.startTransaction().execute()
    await trx.insertInto('grids').values({ name: '一网格', note: '', created_at: NOW, updated_at: NOW }).execute()
    const afterFirst = await trx.savepoint('after_first').execute()
    await afterFirst
      .insertInto('grids')
      .values({ name: '二网格', note: '', created_at: NOW, updated_at: NOW })
      .execute()
    await afterFirst.rollbackToSavepoint('after_first').execute()
    await afterFirst.commit().execute()
    expect(await gridNames()).toEqual(['一网格'])
  })
})

describe("two services' writes in one unit", () => {
  it('commits both, or — when the second fails — leaves nothing of the first', async () => {
    const category = await t.db.selectFrom('topic_categories').select('id').orderBy('id').executeTakeFirstOrThrow()
    const topic = (description: string) => ({
      receivedAt: '2026-11-18T19:00',
      channel: '电话' as const,
      residentId: null,
      gridId: null,
      buildingId: null,
      categoryId: category.id,
      urgency: '一般' as const,
      description,
      duplicateOfId: null,
    })
    // The second service refuses (voiding a topic that is already void): the grid and the
    // topic written before it in the same unit are gone too, and the topic's number with them.
    await expect(
      inTransaction(t.db, async (trx) => {
        await createGrid(trx, { name: '三网格', note: '' })
        const made = await createTopic(trx, topic('路灯坏了'), NOW)
        await voidTopic(trx, made.id, '登记重了', NOW)
        await voidTopic(trx, made.id, '又点了一次', NOW)
      }),
    ).rejects.toThrow('已经作废')
    expect(await gridNames()).toEqual([])
    expect(await t.db.selectFrom('topics').selectAll().execute()).toEqual([])
    expect(await t.db.selectFrom('audit_log').selectAll().where('entity', 'like', '议题%').execute()).toEqual([])

    await inTransaction(t.db, async (trx) => {
      await createGrid(trx, { name: '三网格', note: '' })
      await createTopic(trx, topic('路灯坏了'), NOW)
    })
    expect(await gridNames()).toEqual(['三网格'])
    const topics = await t.db.selectFrom('topics').select(['year', 'seq']).execute()
    expect(topics).toEqual([{ year: 2026, seq: 1 }])
  })
})

describe('numbering', () => {
  it('hands out 1, 2, 3 per name and year, for any sequence name', async () => {
    const got = []
    for (let i = 0; i < 3; i++) got.push(await nextNumber(t.db, '调解案件', 2026))
    got.push(await nextNumber(t.db, '调解案件', 2027))
    got.push(await nextNumber(t.db, 'topic', 2026))
    expect(got).toEqual([1, 2, 3, 1, 1])
  })

  it('gives a number back when the transaction that took it fails', async () => {
    await expect(
      inTransaction(t.db, async (trx) => {
        await nextNumber(trx, 'receipt', 2026)
        throw new Error('失败')
      }),
    ).rejects.toThrow()
    expect(await nextNumber(t.db, 'receipt', 2026)).toBe(1)
  })

  it('never hands the same number to two processes writing one file', async () => {
    // Two separate processes, each with its own connection, take 300 numbers each at the same moment.
    await t.close()
    const startAt = String(Date.now() + 2500)
    const run = () =>
      new Promise<number[]>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', join(__dirname, '../testing/take-numbers.ts'), t.file, '300', startAt],
          {
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        )
        let out = ''
        child.stdout.on('data', (c: Buffer) => (out += c.toString()))
        child.on('exit', (code) =>
          code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`退出码 ${code}`)),
        )
      })
    const [a, b] = await Promise.all([run(), run()])
    const all = [...a, ...b].sort((x, y) => x - y)
    expect(all).toEqual(Array.from({ length: 600 }, (_, i) => i + 1))
    const reopened = await openDatabase(t.file)
    t = { ...t, ...reopened }
  }, 60_000)
})
