import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { prepared } from './prepared'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
  await t.db
    .insertInto('rooms')
    .values([
      { name: '活动室', capacity: 30, note: '' },
      { name: '会议室', capacity: 12, note: '' },
      { name: '党群服务中心', capacity: 80, note: '' },
    ])
    .execute()
})
afterEach(() => t.cleanup())

describe('prepared', () => {
  it('compiles once and runs with each call’s values', async () => {
    let builds = 0
    const roomsBut = prepared(['skip', 'name'], (db, v) => {
      builds += 1
      return db
        .selectFrom('rooms')
        .select('name')
        .where((eb) => eb.or([eb('name', '<>', v.skip), eb('name', '=', v.name)]))
        .orderBy('id')
    })
    expect(await roomsBut(t.db, { skip: '活动室', name: '' })).toEqual([{ name: '会议室' }, { name: '党群服务中心' }])
    expect(await roomsBut(t.db, { skip: '会议室', name: '会议室' })).toEqual([
      { name: '活动室' },
      { name: '会议室' },
      { name: '党群服务中心' },
    ])
    // Inside a transaction too: the compiled SQL does not belong to one handle.
    await t.db.transaction().execute(async (trx) => {
      expect(await roomsBut(trx, { skip: '党群服务中心', name: '' })).toEqual([{ name: '活动室' }, { name: '会议室' }])
    })
    expect(builds).toBe(1)
  })

  it('refuses a builder that computed with a marker instead of passing it as a value', async () => {
    const broken = prepared(['day'], (db, v) =>
      db.selectFrom('rooms').select('name').where('note', '=', v.day.slice(0, 4)),
    )
    await expect(broken(t.db, { day: '2026-12-01' })).rejects.toThrow('day did not reach the statement')
  })
})
