import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../../testing/temp-db'
import { buildingKind } from '../../community/import'
import { importer } from './engine'

/** The engine every list's import goes through: what holds for all kinds, whatever the kind writes. */
let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => t.cleanup())

const csv = (text: string) => ({ fileName: '楼栋.csv', bytes: new TextEncoder().encode(text) })

describe('the one importer', () => {
  it('writes in one transaction: a kind failing halfway leaves no row, no created reference and no audit', async () => {
    const failing = importer({
      ...buildingKind,
      async write(db, rows, at) {
        await buildingKind.write(db, rows.slice(0, 1), at)
        throw new Error('磁盘已满')
      },
    })
    const file = csv('楼栋,所属网格\n1号楼,新网格\n2号楼,新网格\n')
    await expect(failing.commit(t.db, file, { createMissing: true })).rejects.toThrow('磁盘已满')
    expect(await t.db.selectFrom('buildings').selectAll().execute()).toEqual([])
    expect(await t.db.selectFrom('grids').selectAll().execute()).toEqual([])
    expect(await t.db.selectFrom('audit_log').selectAll().where('entity', '=', '楼栋导入').execute()).toEqual([])
  })

  it('refuses a mapping without the key field, or two fields on one column, in Chinese', async () => {
    const imp = importer(buildingKind)
    const file = csv('楼栋,户数\n1号楼,3\n')
    const none = { name: null, grid: null, households: 1, residents: null, note: null }
    await expect(imp.preview(t.db, file, none)).rejects.toThrow('请指定哪一列是「楼栋」。')
    const twice = { name: 0, grid: null, households: 1, residents: 1, note: null }
    await expect(imp.preview(t.db, file, twice)).rejects.toThrow('「户数」和「人数」不能用同一列，请重新选择。')
  })
})
