import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { runUpkeep, startUpkeep } from './upkeep'
import type { Db } from '../database/open-database'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => {
  await t.cleanup()
})

describe('daily upkeep', () => {
  it('runs each module once on start and not again the same day', async () => {
    let runs = 0
    const stop = startUpkeep(async (fn: (db: Db) => Promise<void>) => {
      runs++
      await fn(t.db)
    }, 10)
    await new Promise((done) => setTimeout(done, 80))
    stop()
    expect(runs).toBe(1)
  })

  it('leaves an empty file as it was (nothing overdue, nothing to list)', async () => {
    await runUpkeep(t.db)
    expect(await t.db.selectFrom('agenda_items').selectAll().execute()).toEqual([])
  })
})
