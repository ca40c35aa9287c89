import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { insertResidents } from '../testing/bulk-residents'
import * as community from '../community/community-service'
import { sql } from 'kysely'
import { createResident, deleteResident, listResidents, type ResidentInput } from './roster-service'
import { EXACT_UP_TO } from '../database/gram-search'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => t.cleanup())

const person = (name: string, buildingId: number | null, unit: string, room: string): ResidentInput => ({
  name,
  buildingId,
  unit,
  room,
  phone: '',
  tags: [],
  note: '',
})

describe('the resident roster', () => {
  it('reads in household order across pages: no building first, then building name, unit, room, name', async () => {
    const grid = await community.createGrid(t.db, { name: '第一网格', note: '' })
    const building = (name: string) =>
      community.createBuilding(t.db, { name, gridId: grid.id, households: 1, residents: 1, note: '' })
    // Created in an order unlike the roster's, so the order has to come from the query.
    const b2 = await building('2号楼')
    const b1 = await building('1号楼')
    const people: ResidentInput[] = [
      person('周六', b2.id, '1', '101'),
      person('吴一', null, '', ''),
      person('郑二', b1.id, '2', '201'),
      person('王三', b1.id, '1', '102'),
      person('李四', b1.id, '1', '101'),
      person('张五', null, '', '空房'),
      person('陈七', b1.id, '1', '101'),
      person('删了', b1.id, '1', '101'),
    ]
    const ids = new Map<string, number>()
    for (const p of people) ids.set(p.name, (await createResident(t.db, p)).id)
    await deleteResident(t.db, ids.get('删了')!)

    const all = await listResidents(t.db, { search: '', limit: 50, offset: 0 })
    expect(all.total).toBe(7)
    const names = all.rows.map((r) => r.name)
    // 李四 and 陈七 share 1号楼 1单元 101: by name as SQLite compares text (李 U+674E before 陈 U+9648).
    expect(names).toEqual(['吴一', '张五', '李四', '陈七', '王三', '郑二', '周六'])
    expect(all.rows[2]).toMatchObject({ buildingName: '1号楼', unit: '1', room: '101' })

    // Pages of every size put together give the same roster, each with the same total.
    for (const size of [1, 2, 3, 4]) {
      const paged: string[] = []
      for (let offset = 0; offset < 8; offset += size) {
        const page = await listResidents(t.db, { search: '', limit: size, offset })
        expect(page.total).toBe(7)
        paged.push(...page.rows.map((r) => r.name))
      }
      expect(paged).toEqual(names)
    }
    // A page past the end is empty and still knows the total.
    expect(await listResidents(t.db, { search: '', limit: 5, offset: 20 })).toEqual({
      rows: [],
      total: 7,
      atLeast: false,
    })
  })

  it('searches names, rooms and building names; the total of a search is its rows', async () => {
    const grid = await community.createGrid(t.db, { name: '第一网格', note: '' })
    const b = await community.createBuilding(t.db, {
      name: '银杏苑3号楼',
      gridId: grid.id,
      households: 1,
      residents: 1,
      note: '',
    })
    await createResident(t.db, person('刘一', b.id, '1', '101'))
    await createResident(t.db, person('刘二', null, '', ''))
    await createResident(t.db, person('孙三', null, '', ''))
    expect((await listResidents(t.db, { search: '银杏', limit: 10, offset: 0 })).rows.map((r) => r.name)).toEqual([
      '刘一',
    ])
    const liu = await listResidents(t.db, { search: '刘', limit: 1, offset: 0 })
    expect(liu.rows.map((r) => r.name)).toEqual(['刘二'])
    expect(liu.total).toBe(2)
    expect(await listResidents(t.db, { search: '50%', limit: 10, offset: 0 })).toEqual({
      rows: [],
      total: 0,
      atLeast: false,
    })
  })

  it('finds a text in any one field — name, note, tags, room, unit, building — never across two', async () => {
    const b = await community.createBuilding(t.db, {
      name: '枫林7号楼',
      gridId: null,
      households: 1,
      residents: 1,
      note: '',
    })
    await createResident(t.db, { ...person('周一', b.id, '2', '305'), note: '独居老人', tags: ['低保'] })
    await createResident(t.db, person('吴二', null, '3', '1201'))
    const names = async (search: string) =>
      (await listResidents(t.db, { search, limit: 10, offset: 0 })).rows.map((r) => r.name)
    expect(await names('周一')).toEqual(['周一'])
    expect(await names('独居')).toEqual(['周一'])
    expect(await names('低保')).toEqual(['周一'])
    expect(await names('305')).toEqual(['周一'])
    expect(await names('枫林')).toEqual(['周一'])
    expect(await names('120')).toEqual(['吴二'])
    // The end of one field and the start of the next are not one text (unit '3' then room '1201').
    expect(await names('吴二3')).toEqual([])
    expect(await names('31201')).toEqual([])
    expect(await names('一独')).toEqual([])
    // The separator the fields are joined with, typed in, finds nothing rather than everything.
    expect(await names('\u001f')).toEqual([])
    // A page past the end of a search still knows its total.
    expect(await listResidents(t.db, { search: '周', limit: 5, offset: 5 })).toEqual({
      rows: [],
      total: 1,
      atLeast: false,
    })
  })

  it('counts a one-character search exactly up to EXACT_UP_TO matches, and stops there (… 以上) above it', async () => {
    const add = (names: string[]) => insertResidents(t.db, names)
    // Just under the line: exact, whatever the page.
    const few = Array.from({ length: EXACT_UP_TO - 10 }, (_, i) => `王${i}`)
    await add(few)
    await add(['王王明', '李四'])
    const exact = async () =>
      Number(
        (
          await sql<{
            n: number
          }>`select count(*) as n from residents where deleted_at is null and name like '%王%'`.execute(t.db)
        ).rows[0]!.n,
      )
    const under = await listResidents(t.db, { search: '王', limit: 20, offset: 0 })
    expect(under).toMatchObject({ total: await exact(), atLeast: false })
    expect(under.total).toBe(EXACT_UP_TO - 9)

    // Over it, counting stops: a true lower bound (and far below the 2,041 there are).
    await add(Array.from({ length: 50 }, (_, i) => `老王${i}`))
    const over = await listResidents(t.db, { search: '王', limit: 20, offset: 0 })
    expect(over).toMatchObject({ total: EXACT_UP_TO + 1, atLeast: true })
    expect(await exact()).toBe(EXACT_UP_TO + 41)
    // The rows are exact: twenty residents, each holding 王, in the roster's order.
    expect(over.rows.map((r) => r.name)).toEqual([
      '王0',
      '王1',
      '王10',
      '王100',
      '王1000',
      '王1001',
      '王1002',
      '王1003',
      '王1004',
      '王1005',
      '王1006',
      '王1007',
      '王1008',
      '王1009',
      '王101',
      '王1010',
      '王1011',
      '王1012',
      '王1013',
      '王1014',
    ])

    // A deleted resident holding the character: the bound would no longer be sure, so every one is counted.
    const gone = await createResident(t.db, person('王删', null, '', ''))
    await deleteResident(t.db, gone.id)
    expect(await listResidents(t.db, { search: '王', limit: 20, offset: 0 })).toMatchObject({
      total: await exact(),
      atLeast: false,
    })
    // A two-character search is always counted exactly.
    expect(await listResidents(t.db, { search: '老王', limit: 20, offset: 0 })).toMatchObject({
      total: 50,
      atLeast: false,
    })
  })
})
