import { inTransaction } from '../database/unit-of-work'
import { AppError, notFound } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { contains, expressionContains, residentSearchText, SEARCH_FIELD_SEPARATOR } from '../database/text-search'
import { pageTotal } from '../database/page-total'
import { maskPhone } from '../../shared/phone'
import { prepared } from '../database/prepared'

/**
 * The resident roster (居民名册), shared by every module. Phones are personal information: lists and
 * exports show them masked (138****5678, 021-62****00: shared/phone.ts); the full number is shown only on request, and that is logged.
 */
export interface ResidentInput {
  name: string
  buildingId: number | null
  unit: string
  room: string
  phone: string
  tags: string[]
  note: string
}

export interface ResidentRow {
  id: number
  name: string
  buildingId: number | null
  buildingName: string | null
  unit: string
  room: string
  /** Masked. */
  phone: string
  tags: string[]
  note: string
}

/** "3号楼 2单元 301": how a household is written on a sign-in sheet. */
export function householdLabel(r: { buildingName: string | null; unit: string; room: string }): string {
  return [r.buildingName, r.unit && `${r.unit}单元`, r.room].filter(Boolean).join(' ')
}

const rosterColumns = [
  'r.id',
  'r.name',
  'r.building_id as buildingId',
  'b.name as buildingName',
  'r.unit',
  'r.room',
  'r.phone',
  'r.tags',
  'r.note',
] as const

/**
 * Live residents matching the roster's search: the text in the name, note, tags, room or unit, or
 * in the building's name. The five fields are one indexed expression (residentSearchText, the
 * residents_search index), so this is one LIKE per live resident over that narrow index, not five
 * over every row; a text holding the separator (which no one types) is looked for field by field.
 */
function rosterFilter(db: Db, search: string) {
  let q = db.selectFrom('residents as r').where('r.deleted_at', 'is', null)
  if (search) {
    q = q.where((eb) =>
      eb.or([
        ...(search.includes(SEARCH_FIELD_SEPARATOR)
          ? ['r.name', 'r.note', 'r.tags', 'r.room', 'r.unit'].map((c) => contains(c, search))
          : [expressionContains(residentSearchText('r'), search)]),
        eb('r.building_id', 'in', eb.selectFrom('buildings as sb').select('sb.id').where(contains('sb.name', search))),
      ]),
    )
  }
  return q
}

/**
 * The statements of one roster page (exported for the plan tests). The roster reads in household
 * order: residents without a building first, then by building name, unit, room, name (and id, so a
 * page boundary never splits ties differently). Without a search the page is two walks of
 * residents_roster that stop after one page — the residents without a building, then buildings in
 * name order (a unique index) with each building's residents — instead of sorting every resident.
 */
export function rosterQueries(db: Db, search: string) {
  return {
    count: () =>
      search
        ? rosterFilter(db, search).select((eb) => eb.fn.countAll<number>().as('n'))
        : // Everyone minus the soft-deleted: b-tree counts over small indexes, no row is read.
          db.selectNoFrom((eb) =>
            eb(
              eb.selectFrom('residents').select(eb.fn.countAll<number>().as('all')),
              '-',
              eb
                .selectFrom('residents')
                .select(eb.fn.countAll<number>().as('deleted'))
                .where('deleted_at', 'is not', null),
            ).as('n'),
          ),
    // The matching residents found once, from the residents_search index (the ids), then only
    // those rows read and sorted; their number comes with the page (a window count), so the page's
    // total needs no second pass over the index.
    searchPage: (limit: number, offset: number) =>
      db
        .selectFrom('residents as r')
        .leftJoin('buildings as b', 'b.id', 'r.building_id')
        .where('r.id', 'in', rosterFilter(db, search).select('r.id'))
        .select(rosterColumns)
        .select((eb) => eb.fn.countAll<number>().over().as('matching'))
        .orderBy('b.name')
        .orderBy('r.unit')
        .orderBy('r.room')
        .orderBy('r.name')
        .orderBy('r.id')
        .limit(limit)
        .offset(offset),
    withoutBuildingCount: () =>
      rosterFilter(db, '')
        .where('r.building_id', 'is', null)
        .select((eb) => eb.fn.countAll<number>().as('n')),
    withoutBuilding: (limit: number, offset: number) =>
      rosterFilter(db, '')
        .where('r.building_id', 'is', null)
        .leftJoin('buildings as b', 'b.id', 'r.building_id')
        .select(rosterColumns)
        .orderBy('r.unit')
        .orderBy('r.room')
        .orderBy('r.name')
        .orderBy('r.id')
        .limit(limit)
        .offset(offset),
    inBuildings: (limit: number, offset: number) =>
      db
        .selectFrom('buildings as b')
        .innerJoin('residents as r', 'r.building_id', 'b.id')
        .where('r.deleted_at', 'is', null)
        .select(rosterColumns)
        .orderBy('b.name')
        .orderBy('r.unit')
        .orderBy('r.room')
        .orderBy('r.name')
        .orderBy('r.id')
        .limit(limit)
        .offset(offset),
  }
}

export async function listResidents(
  db: Db,
  query: { search: string; limit: number; offset: number },
): Promise<{ rows: ResidentRow[]; total: number }> {
  const q = rosterQueries(db, query.search)
  if (query.search) {
    const page = await q.searchPage(query.limit, query.offset).execute()
    const total =
      page.length > 0
        ? Number(page[0]!.matching)
        : await pageTotal(query, 0, async () => Number((await q.count().executeTakeFirstOrThrow()).n))
    return { total, rows: page.map(({ matching: _, ...r }) => toListRow(r)) }
  }
  const without = Number((await roster.withoutBuildingCount(db, {}))[0]!.n)
  const first =
    query.offset < without
      ? await roster.withoutBuilding(db, { limit: Math.min(query.limit, without - query.offset), offset: query.offset })
      : []
  const rest = query.limit - first.length
  const rows =
    rest > 0
      ? first.concat(await roster.inBuildings(db, { limit: rest, offset: Math.max(0, query.offset - without) }))
      : first
  const total = await pageTotal(query, rows.length, async () => Number((await roster.count(db, {}))[0]!.n))
  return { total, rows: rows.map(toListRow) }
}

// The roster without a search, each statement compiled once (prepared.ts).
const roster = {
  withoutBuildingCount: prepared((db, _: Record<never, never>) => rosterQueries(db, '').withoutBuildingCount()),
  withoutBuilding: prepared((db, v: { limit: number; offset: number }) =>
    rosterQueries(db, '').withoutBuilding(v.limit, v.offset),
  ),
  inBuildings: prepared((db, v: { limit: number; offset: number }) =>
    rosterQueries(db, '').inBuildings(v.limit, v.offset),
  ),
  count: prepared((db, _: Record<never, never>) => rosterQueries(db, '').count()),
}

function toListRow<R extends { phone: string; tags: string }>(r: R) {
  return { ...r, phone: maskPhone(r.phone), tags: JSON.parse(r.tags) as string[] }
}

export async function createResident(db: Db, input: ResidentInput): Promise<{ id: number }> {
  await assertBuilding(db, input.buildingId)
  const at = nowIso()
  const row = await db
    .insertInto('residents')
    .values({ ...toRow(input), created_at: at, updated_at: at, deleted_at: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id }
}

/** `phone` left out means "unchanged", so editing a resident never requires reading the full number. */
export async function updateResident(
  db: Db,
  id: number,
  input: Omit<ResidentInput, 'phone'> & { phone?: string },
): Promise<void> {
  await assertBuilding(db, input.buildingId)
  const { phone, ...rest } = toRow({ ...input, phone: input.phone ?? '' })
  const res = await db
    .updateTable('residents')
    .set({ ...rest, ...(input.phone === undefined ? {} : { phone }), updated_at: nowIso() })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (res.numUpdatedRows === 0n) throw notFound('居民')
}

/** Soft delete: council memberships and attendance history keep pointing at the person. */
export async function deleteResident(db: Db, id: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const res = await trx
      .updateTable('residents')
      .set({ deleted_at: nowIso() })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    if (res.numUpdatedRows === 0n) throw notFound('居民')
    await audit(trx, '删除', '居民', id, {})
  })
}

/**
 * A resident's full phone number, for `reveal.show` (kind resident.phone), which asks the reason
 * and writes the audit log with the operator's name.
 */
export async function readPhone(db: Db, id: number): Promise<string> {
  const row = await db
    .selectFrom('residents')
    .select('phone')
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (!row) throw notFound('居民')
  return row.phone
}

function toRow(input: ResidentInput) {
  return {
    name: input.name,
    building_id: input.buildingId,
    unit: input.unit,
    room: input.room,
    phone: input.phone,
    tags: JSON.stringify([...new Set(input.tags)]),
    note: input.note,
  }
}

async function assertBuilding(db: Db, buildingId: number | null): Promise<void> {
  if (buildingId === null) return
  const b = await db.selectFrom('buildings').select('id').where('id', '=', buildingId).executeTakeFirst()
  if (!b) throw new AppError('NOT_FOUND', '所选楼栋不存在，请先在“社区档案”中添加。')
}
