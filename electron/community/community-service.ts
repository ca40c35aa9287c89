import { inTransaction } from '../database/unit-of-work'
import { AppError, notFound } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import type { Db } from '../database/open-database'
import type { CommunityKind } from '../database/schema'
import { audit } from '../database/audit'
import { prepared } from '../database/prepared'

export interface ProfileInput {
  name: string
  kind: CommunityKind
  address: string
  phone: string
}
export interface GridInput {
  name: string
  note: string
}
export interface BuildingInput {
  name: string
  gridId: number | null
  households: number
  residents: number
  note: string
}

export interface GridRow {
  id: number
  name: string
  note: string
  buildingCount: number
  households: number
  residents: number
}
export interface BuildingRow {
  id: number
  name: string
  gridId: number | null
  gridName: string | null
  households: number
  residents: number
  note: string
}
export interface CommunityOverview {
  profile: ProfileInput | null
  grids: GridRow[]
  buildings: BuildingRow[]
  totals: { grids: number; buildings: number; households: number; residents: number }
}

/**
 * The community profile: who we are and how many households live where. Household counts sit on
 * buildings (楼栋, or 村民小组 in a village) and add up to grids and to the whole community, so the
 * denominator of every participation rate is typed once.
 */
export async function getOverview(db: Db): Promise<CommunityOverview> {
  const profile = await db
    .selectFrom('community')
    .select(['name', 'kind', 'address', 'phone'])
    .where('id', '=', 1)
    .executeTakeFirst()
  const buildings = await db
    .selectFrom('buildings as b')
    .leftJoin('grids as g', 'g.id', 'b.grid_id')
    .select(['b.id', 'b.name', 'b.grid_id as gridId', 'g.name as gridName', 'b.households', 'b.residents', 'b.note'])
    .orderBy('g.name')
    .orderBy('b.name')
    .execute()
  const grids = await db.selectFrom('grids').select(['id', 'name', 'note']).orderBy('name').execute()
  const gridRows: GridRow[] = grids.map((g) => {
    const mine = buildings.filter((b) => b.gridId === g.id)
    return {
      ...g,
      buildingCount: mine.length,
      households: sum(mine.map((b) => b.households)),
      residents: sum(mine.map((b) => b.residents)),
    }
  })
  return {
    profile: profile ?? null,
    grids: gridRows,
    buildings,
    totals: {
      grids: grids.length,
      buildings: buildings.length,
      households: sum(buildings.map((b) => b.households)),
      residents: sum(buildings.map((b) => b.residents)),
    },
  }
}

/** Households of the whole community: the denominator of participation rates. */
export async function totalHouseholds(db: Db): Promise<number> {
  const [row] = await householdsTotal(db, {})
  return Number(row!.total)
}

// Read by every attendance summary: compiled once.
const householdsTotal = prepared((db, _: Record<never, never>) =>
  db.selectFrom('buildings').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('households'), eb.lit(0)).as('total')),
)

export async function saveProfile(db: Db, input: ProfileInput): Promise<ProfileInput> {
  const values = { ...input, updated_at: nowIso() }
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('community')
      .values({ id: 1, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute()
    await audit(trx, '修改', '社区档案', 1, input)
  })
  return input
}

export async function createGrid(db: Db, input: GridInput): Promise<{ id: number }> {
  await assertGridNameFree(db, input.name, null)
  const at = nowIso()
  const row = await db
    .insertInto('grids')
    .values({ name: input.name, note: input.note, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id }
}

export async function updateGrid(db: Db, id: number, input: GridInput): Promise<void> {
  await assertGridNameFree(db, input.name, id)
  const res = await db
    .updateTable('grids')
    .set({ name: input.name, note: input.note, updated_at: nowIso() })
    .where('id', '=', id)
    .executeTakeFirst()
  if (res.numUpdatedRows === 0n) throw notFound('网格')
}

export async function deleteGrid(db: Db, id: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const grid = await trx.selectFrom('grids').selectAll().where('id', '=', id).executeTakeFirst()
    if (!grid) throw notFound('网格')
    const inUse = await trx
      .selectFrom('buildings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('grid_id', '=', id)
      .executeTakeFirstOrThrow()
    if (Number(inUse.n) > 0) {
      throw new AppError(
        'IN_USE',
        `网格「${grid.name}」下还有 ${inUse.n} 个楼栋，不能删除。请先把这些楼栋改到其他网格或删除它们。`,
      )
    }
    await trx.deleteFrom('grids').where('id', '=', id).execute()
    await audit(trx, '删除', '网格', id, grid)
  })
}

export async function createBuilding(db: Db, input: BuildingInput): Promise<{ id: number }> {
  await assertBuildingValid(db, input, null)
  const at = nowIso()
  const row = await db
    .insertInto('buildings')
    .values({ ...toBuildingRow(input), created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id }
}

export async function updateBuilding(db: Db, id: number, input: BuildingInput): Promise<void> {
  await assertBuildingValid(db, input, id)
  const res = await db
    .updateTable('buildings')
    .set({ ...toBuildingRow(input), updated_at: nowIso() })
    .where('id', '=', id)
    .executeTakeFirst()
  if (res.numUpdatedRows === 0n) throw notFound('楼栋')
}

export async function deleteBuilding(db: Db, id: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const building = await trx.selectFrom('buildings').selectAll().where('id', '=', id).executeTakeFirst()
    if (!building) throw notFound('楼栋')
    await trx.deleteFrom('buildings').where('id', '=', id).execute()
    await audit(trx, '删除', '楼栋', id, building)
  })
}

function toBuildingRow(input: BuildingInput) {
  return {
    name: input.name,
    grid_id: input.gridId,
    households: input.households,
    residents: input.residents,
    note: input.note,
  }
}

async function assertGridNameFree(db: Db, name: string, exceptId: number | null): Promise<void> {
  let q = db.selectFrom('grids').select('id').where('name', '=', name)
  if (exceptId !== null) q = q.where('id', '!=', exceptId)
  if (await q.executeTakeFirst()) throw new AppError('DUPLICATE', `已经有名为「${name}」的网格了，请换一个名称。`)
}

async function assertBuildingValid(db: Db, input: BuildingInput, exceptId: number | null): Promise<void> {
  let q = db.selectFrom('buildings').select('id').where('name', '=', input.name)
  if (exceptId !== null) q = q.where('id', '!=', exceptId)
  if (await q.executeTakeFirst()) {
    throw new AppError('DUPLICATE', `已经有名为「${input.name}」的楼栋了，请换一个名称（如“3号楼”“5组”）。`)
  }
  if (input.gridId !== null) {
    const grid = await db.selectFrom('grids').select('id').where('id', '=', input.gridId).executeTakeFirst()
    if (!grid) throw notFound('网格')
  }
  if (input.households > input.residents && input.residents > 0) {
    throw new AppError('INVALID_INPUT', '「户数」比「人数」还多，请核对：一户至少有一人。')
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
