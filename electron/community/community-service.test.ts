import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as community from './community-service'
import { openTempDb, type TempDb } from '../testing/temp-db'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => t.cleanup())

const building = (over: Partial<community.BuildingInput> = {}): community.BuildingInput => ({
  name: '1号楼',
  gridId: null,
  households: 40,
  residents: 100,
  note: '',
  ...over,
})

describe('community profile', () => {
  it('saves and updates the single profile row', async () => {
    await community.saveProfile(t.db, { name: '幸福里社区', kind: '城市社区', address: '幸福路 1 号', phone: '' })
    await community.saveProfile(t.db, { name: '幸福里社区', kind: '城市社区', address: '幸福路 2 号', phone: '12345' })
    const o = await community.getOverview(t.db)
    expect(o.profile).toEqual({ name: '幸福里社区', kind: '城市社区', address: '幸福路 2 号', phone: '12345' })
    expect(await t.db.selectFrom('community').selectAll().execute()).toHaveLength(1)
  })

  it('adds buildings up to grids and to the community (the participation denominator)', async () => {
    const g1 = await community.createGrid(t.db, { name: '第一网格', note: '' })
    const g2 = await community.createGrid(t.db, { name: '第二网格', note: '' })
    await community.createBuilding(t.db, building({ name: '1号楼', gridId: g1.id, households: 40, residents: 100 }))
    await community.createBuilding(t.db, building({ name: '2号楼', gridId: g1.id, households: 60, residents: 150 }))
    await community.createBuilding(t.db, building({ name: '3号楼', gridId: g2.id, households: 25, residents: 70 }))
    const o = await community.getOverview(t.db)
    expect(o.totals).toEqual({ grids: 2, buildings: 3, households: 125, residents: 320 })
    expect(o.grids.find((g) => g.name === '第一网格')).toMatchObject({
      buildingCount: 2,
      households: 100,
      residents: 250,
    })
    expect(await community.totalHouseholds(t.db)).toBe(125)
  })

  it('refuses duplicate names with a message that names them', async () => {
    await community.createGrid(t.db, { name: '第一网格', note: '' })
    await expect(community.createGrid(t.db, { name: '第一网格', note: '' })).rejects.toMatchObject({
      code: 'DUPLICATE',
      message: expect.stringContaining('「第一网格」'),
    })
    await community.createBuilding(t.db, building())
    await expect(community.createBuilding(t.db, building())).rejects.toMatchObject({ code: 'DUPLICATE' })
  })

  it('refuses to delete a grid that still has buildings, and audits deletions', async () => {
    const g = await community.createGrid(t.db, { name: '第一网格', note: '' })
    const b = await community.createBuilding(t.db, building({ gridId: g.id }))
    await expect(community.deleteGrid(t.db, g.id)).rejects.toMatchObject({
      code: 'IN_USE',
      message: expect.stringContaining('还有 1 个楼栋'),
    })
    await community.deleteBuilding(t.db, b.id)
    await community.deleteGrid(t.db, g.id)
    const log = await t.db.selectFrom('audit_log').select(['action', 'entity']).execute()
    expect(log).toEqual([
      { action: '删除', entity: '楼栋' },
      { action: '删除', entity: '网格' },
    ])
    await expect(community.deleteGrid(t.db, g.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('refuses more households than residents', async () => {
    await expect(community.createBuilding(t.db, building({ households: 50, residents: 10 }))).rejects.toMatchObject({
      message: expect.stringContaining('户数'),
    })
  })
})
