import * as community from './community-service'
import { handler } from '../registry/define'
import { count, id, input, note, noInput, oneOf, phone, text } from '../registry/fields'
import { importHandlers } from '../registry/import/handlers'
import { buildingImport, gridImport } from './import'

const profile = input({
  name: text('社区名称', { max: 50 }),
  kind: oneOf('社区类型', ['城市社区', '村']),
  address: text('地址', { max: 200 }),
  phone: phone('办公电话'),
})
const grid = { name: text('网格名称', { max: 30 }), note: note('备注') }
const building = {
  name: text('楼栋名称', { max: 30 }),
  gridId: id('所属网格').nullable().default(null),
  households: count('户数', 100_000),
  residents: count('人数', 1_000_000),
  note: note('备注'),
}

const buildings = importHandlers(buildingImport)
const grids = importHandlers(gridImport)

export const communityHandlers = {
  'community.overview': handler({ input: noInput, run: (db) => community.getOverview(db) }),
  'community.saveProfile': handler({ input: profile, run: (db, p) => community.saveProfile(db, p) }),
  'community.createGrid': handler({ input: input(grid), run: (db, g) => community.createGrid(db, g) }),
  'community.updateGrid': handler({
    input: input({ id: id('网格'), ...grid }),
    run: (db, { id: gridId, ...g }) => community.updateGrid(db, gridId, g),
  }),
  'community.deleteGrid': handler({
    input: input({ id: id('网格') }),
    run: (db, g) => community.deleteGrid(db, g.id),
  }),
  'community.createBuilding': handler({
    input: input(building),
    run: (db, b) => community.createBuilding(db, b),
  }),
  'community.updateBuilding': handler({
    input: input({ id: id('楼栋'), ...building }),
    run: (db, { id: buildingId, ...b }) => community.updateBuilding(db, buildingId, b),
  }),
  'community.deleteBuilding': handler({
    input: input({ id: id('楼栋') }),
    run: (db, b) => community.deleteBuilding(db, b.id),
  }),
  /** 导入楼栋 / 导入网格: the one importer's channels (registry/import/handlers.ts). */
  'community.importBuildingsLayout': buildings.layout,
  'community.importBuildingsPreview': buildings.preview,
  'community.importBuildingsCommit': buildings.commit,
  'community.importBuildingsProblems': buildings.problems,
  'community.importBuildingsTemplate': buildings.template,
  'community.importGridsLayout': grids.layout,
  'community.importGridsPreview': grids.preview,
  'community.importGridsCommit': grids.commit,
  'community.importGridsProblems': grids.problems,
  'community.importGridsTemplate': grids.template,
} as const
