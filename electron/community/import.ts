import type { Db } from '../database/open-database'
import { givenColumns, importer, parseCount, type ImportKind } from '../registry/import/engine'

/**
 * 导入楼栋 and 导入网格 through the one importer (registry/import/engine.ts). A row matches the
 * building (or grid) of the same name and updates the columns it gives; a building naming a grid
 * that does not exist yet offers to create it, as the roster offers its buildings.
 */

const MAX_HOUSEHOLDS = 100_000
const MAX_RESIDENTS = 1_000_000

const BUILDING_FIELDS = {
  name: {
    label: '楼栋',
    headers: ['楼栋', '楼栋名称', '楼栋名', '楼号', '楼栋号', '楼幢', '幢号', '栋号', '村民小组', '小组'],
    max: 30,
  },
  grid: { label: '所属网格', headers: ['所属网格', '网格', '网格名称', '网格名'], max: 30 },
  households: { label: '户数', headers: ['户数', '住户数', '总户数', '户'] },
  residents: { label: '人数', headers: ['人数', '居住人数', '居民人数', '人口', '人口数', '常住人口', '总人数'] },
  note: { label: '备注', headers: ['备注', '说明'], max: 500 },
} as const
type BuildingField = keyof typeof BUILDING_FIELDS

/** The buildings column each field writes. */
const BUILDING_COLUMN_OF = {
  name: 'name',
  grid: 'grid_id',
  households: 'households',
  residents: 'residents',
  note: 'note',
} as const satisfies Record<BuildingField, string>

interface BuildingValues {
  name: string
  households: number
  residents: number
  note: string
}

/** Name → id of what a table holds, and the names the file has used so far. */
async function byName(db: Db, table: 'buildings' | 'grids') {
  const rows = await db.selectFrom(table).select(['id', 'name']).execute()
  return new Map(rows.map((r) => [r.name, r.id]))
}

const COUNT_PROBLEM = (label: string, text: string, max: number) =>
  `${label}「${text}」应为 0 到 ${max.toLocaleString('en-US')} 之间的整数`

export const buildingKind: ImportKind<BuildingField, BuildingValues, Map<string, number>> = {
  sheetName: '楼栋',
  templateFile: '楼栋导入模板.xlsx',
  entity: '楼栋导入',
  sameRecord: '个楼栋',
  unit: '个楼栋',
  matchRule: '名称相同',
  fields: BUILDING_FIELDS,
  keyField: 'name',
  headerHint: '「楼栋」和「所属网格」「户数」「人数」',
  example: { name: '1号楼', grid: '第一网格', households: '48', residents: '126', note: '' },
  reference: {
    label: '网格',
    load: (db) => byName(db, 'grids'),
    async create(db, name, at) {
      const g = await db
        .insertInto('grids')
        .values({ name, note: '导入楼栋时新建', created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow()
      return g.id
    },
  },
  prepare: (db) => byName(db, 'buildings'),
  checkRow({ text, cell }, existing, reasons) {
    const name = text('name')
    const values: BuildingValues = { name, households: 0, residents: 0, note: text('note') }
    for (const [k, max] of [
      ['households', MAX_HOUSEHOLDS],
      ['residents', MAX_RESIDENTS],
    ] as const) {
      const c = cell(k)
      if (!c?.text) continue
      const n = parseCount(c, max)
      if (n === null) reasons.push(COUNT_PROBLEM(BUILDING_FIELDS[k].label, c.text, max))
      else values[k] = n
    }
    if (values.residents > 0 && values.households > values.residents) {
      reasons.push('户数比人数还多，请核对：一户至少有一人')
    }
    return { values, matchId: existing.get(name) ?? null, key: name, reference: text('grid') }
  },
  async write(db, rows, at) {
    for (const r of rows) {
      const v = r.values
      const all = {
        name: v.name,
        grid_id: r.referenceId,
        households: v.households,
        residents: v.residents,
        note: v.note,
      }
      if (r.matchId === null) {
        await db
          .insertInto('buildings')
          .values({ ...all, created_at: at, updated_at: at })
          .execute()
        continue
      }
      // An update changes what the row gives; an empty 所属网格 cell keeps the building's grid.
      const set = givenColumns(r.given, BUILDING_COLUMN_OF, all)
      await db
        .updateTable('buildings')
        .set({ ...set, updated_at: at })
        .where('id', '=', r.matchId)
        .execute()
    }
  },
}

const GRID_FIELDS = {
  name: { label: '网格', headers: ['网格', '网格名称', '网格名', '名称'], max: 30 },
  note: { label: '备注', headers: ['备注', '说明'], max: 500 },
} as const
type GridField = keyof typeof GRID_FIELDS

export const gridKind: ImportKind<GridField, { name: string; note: string }, Map<string, number>> = {
  sheetName: '网格',
  templateFile: '网格导入模板.xlsx',
  entity: '网格导入',
  sameRecord: '个网格',
  unit: '个网格',
  matchRule: '名称相同',
  fields: GRID_FIELDS,
  keyField: 'name',
  // A list of grids is often one column of names.
  headerFields: 1,
  headerHint: '「网格」',
  example: { name: '第一网格', note: '网格员：王芳' },
  prepare: (db) => byName(db, 'grids'),
  checkRow({ text }, existing) {
    const name = text('name')
    return { values: { name, note: text('note') }, matchId: existing.get(name) ?? null, key: name }
  },
  async write(db, rows, at) {
    for (const r of rows) {
      if (r.matchId === null) {
        await db
          .insertInto('grids')
          .values({ ...r.values, created_at: at, updated_at: at })
          .execute()
      } else if (r.given.has('note')) {
        await db.updateTable('grids').set({ note: r.values.note, updated_at: at }).where('id', '=', r.matchId).execute()
      }
    }
  },
}

export const buildingImport = importer(buildingKind)
export const gridImport = importer(gridKind)
