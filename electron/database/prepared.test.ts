import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { prepared } from './prepared'
import type { Db } from './open-database'

let t: TempDb
const ROOMS = [
  { name: '活动室', capacity: 30, note: '' },
  { name: '会议室', capacity: 12, note: '二楼' },
  { name: '党群服务中心', capacity: 80, note: '' },
  { name: '小会议室', capacity: 8, note: '二楼' },
  { name: '老年活动室', capacity: 40, note: '一楼' },
]
beforeEach(async () => {
  t = await openTempDb()
  await t.db.insertInto('rooms').values(ROOMS).execute()
})
afterEach(() => t.cleanup())

/** A list read with optional filters, as the app's lists are written: one builder for every filter. */
interface RoomFilter {
  minCapacity: number | null
  note: string
  withNote: boolean
  ids: readonly number[] | null
  search: string
  limit: number
  offset: number
}
function roomsQuery(db: Db, f: RoomFilter) {
  let q = db.selectFrom('rooms').select(['id', 'name', 'capacity'])
  if (f.minCapacity !== null) q = q.where('capacity', '>=', f.minCapacity)
  if (f.note) q = q.where('note', '=', f.note)
  if (f.withNote) q = q.where('note', '<>', '')
  if (f.ids) q = q.where('id', 'in', f.ids.length ? f.ids : [-1])
  if (f.search) q = q.where('name', 'like', `%${f.search}%`)
  return q.orderBy('capacity', 'desc').orderBy('id').limit(f.limit).offset(f.offset)
}

describe('prepared', () => {
  it('compiles once and runs with each call’s values, inside a transaction too', async () => {
    let builds = 0
    const roomsBut = prepared((db, v: { skip: string; name: string }) => {
      builds += 1
      return db
        .selectFrom('rooms')
        .select('name')
        .where((eb) => eb.or([eb('name', '<>', v.skip), eb('name', '=', v.name)]))
        .where('capacity', '>', 10)
        .orderBy('id')
    })
    expect(await roomsBut(t.db, { skip: '活动室', name: '小会议室' })).toEqual([
      { name: '会议室' },
      { name: '党群服务中心' },
      { name: '老年活动室' },
    ])
    expect(await roomsBut(t.db, { skip: '会议室', name: '会议室' })).toEqual([
      { name: '活动室' },
      { name: '会议室' },
      { name: '党群服务中心' },
      { name: '老年活动室' },
    ])
    // The compiled SQL does not belong to one handle.
    await t.db.transaction().execute(async (trx) => {
      expect(await roomsBut(trx, { skip: '党群服务中心', name: 'x' })).toEqual([
        { name: '活动室' },
        { name: '会议室' },
        { name: '老年活动室' },
      ])
    })
    expect(builds).toBe(1)
  })

  it('gives the same rows as building each call, for every combination of filters, with one build per shape', async () => {
    let builds = 0
    const cached = prepared(
      (db, f: RoomFilter) => {
        builds += 1
        return roomsQuery(db, f)
      },
      { perCall: ['search'] },
    )
    const shapes = new Set<string>()
    const cases: RoomFilter[] = []
    for (const minCapacity of [null, 0, 12, 35])
      for (const note of ['', '二楼', '一楼'])
        for (const withNote of [false, true])
          for (const ids of [null, [], [1], [2, 3, 4], [5, 1]])
            for (const page of [
              { limit: 2, offset: 0 },
              { limit: 20, offset: 1 },
            ]) {
              cases.push({ minCapacity, note, withNote, ids, search: '', ...page })
              shapes.add(`${minCapacity === null}|${note === ''}|${withNote}|${ids?.length}`)
            }
    for (const f of cases) {
      const expected = await roomsQuery(t.db, f).execute()
      expect(await cached(t.db, f), JSON.stringify(f)).toEqual(expected)
    }
    expect(shapes.size).toBeLessThan(cases.length)
    expect(builds).toBe(shapes.size)

    // A search text is computed with (a LIKE pattern): built per call, and right each time.
    const before = builds
    for (const search of ['会议', '活动', '没有']) {
      const f: RoomFilter = { minCapacity: null, note: '', withNote: false, ids: null, search, limit: 20, offset: 0 }
      expect(await cached(t.db, f)).toEqual(await roomsQuery(t.db, f).execute())
    }
    expect(builds).toBe(before + 3)
  })

  it('stays right when more shapes come than it keeps (lists of every length)', async () => {
    let builds = 0
    const byIds = prepared((db, v: { ids: readonly number[] }) => {
      builds += 1
      return db.selectFrom('rooms').select('id').where('id', 'in', v.ids).orderBy('id')
    })
    for (let round = 0; round < 2; round++) {
      for (let n = 1; n <= 40; n++) {
        const ids = Array.from({ length: n }, (_, i) => ((i * 7 + round) % 6) + 1)
        const expected = [...new Set(ids)].filter((id) => id <= ROOMS.length).sort((a, b) => a - b)
        expect((await byIds(t.db, { ids })).map((r) => r.id)).toEqual(expected)
      }
    }
    // Lengths 1–40 share 7 shapes (1, 2, 4 … 64 slots, the last item repeated): built once each.
    expect(builds).toBe(7)
  })

  it('builds per call, with the real values, a shape whose builder computed with a value (and says so in the log)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      let builds = 0
      const broken = prepared((db, v: { day: string }) => {
        builds += 1
        return db.selectFrom('rooms').select('name').where('note', '=', v.day.slice(0, 2)).orderBy('id')
      })
      expect(await broken(t.db, { day: '二楼的' })).toEqual([{ name: '会议室' }, { name: '小会议室' }])
      expect(await broken(t.db, { day: '一楼' })).toEqual([{ name: '老年活动室' }])
      // Once with markers (found wanting), then once per call with the real values.
      expect(builds).toBe(3)
      expect(warn).toHaveBeenCalledTimes(1)
      expect(String(warn.mock.calls[0]![0])).toContain('day did not reach the statement')
    } finally {
      warn.mockRestore()
    }
  })
})
