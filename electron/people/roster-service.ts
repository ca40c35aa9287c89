import { inTransaction } from '../database/unit-of-work'
import { AppError, notFound } from '../../shared/app-error'
import { nowIso, officeDate } from '../../shared/time'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import {
  expressionLikes,
  likePattern,
  likes,
  residentSearchText,
  SEARCH_FIELD_SEPARATOR,
} from '../database/text-search'
import { pageTotal } from '../database/page-total'
import {
  candidateId,
  chooseGram,
  firstKey,
  GRAM_KIND,
  gramIdsOf,
  gramValues,
  holdersUpTo,
  settleHolders,
  keyedIds,
  keyIsExact,
  longTextIds,
  WALK_FROM,
  type GramKey,
  type GramValues,
} from '../database/gram-search'
import { sql, type Expression, type SqlBool } from 'kysely'
import { maskPhone } from '../../shared/phone'
import {
  idGender,
  idNumberConflicts,
  idNumberProblem,
  isMaskedIdNumber,
  maskIdNumber,
  parseIdNumber,
  PARTLY_SHOWN_ID_NUMBER,
} from '../../shared/id-number'
import { prepared } from '../database/prepared'

/**
 * The resident roster (居民名册), shared by every module. Phones are personal information: lists and
 * exports show them masked (138****5678, 021-62****00: shared/phone.ts); the full number is shown only on request, and that is logged.
 * ID numbers likewise (110***********1234: shared/id-number.ts), through reveal.show kind resident.idNumber.
 */
export interface ResidentInput {
  name: string
  buildingId: number | null
  unit: string
  room: string
  phone: string
  tags: string[]
  note: string
  /**
   * 身份证号, '' for none. On an update, left out — or the masked value the list showed, sent back
   * unchanged — keeps the stored number.
   */
  idNumber?: string
  /** '男' / '女' / ''; filled from the ID number when left empty. */
  gender?: string
  /** 'YYYY-MM-DD', or '' / null for none; filled from the ID number when left empty. */
  birthDate?: string | null
  /** 人员类型 (户籍、常住、流动 …), free text as the import takes it. */
  kind?: string
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
  /** Masked (110***********1234), '' for none: the full number only through reveal.show. */
  idNumber: string
  gender: string
  birthDate: string
  kind: string
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
  'r.id_number as idNumber',
  'r.gender',
  'r.birth_date as birthDate',
  'r.kind',
] as const

/**
 * A roster search as its statements take it, computed before they are built (so each is compiled
 * once per shape, prepared.ts): the LIKE pattern, the gram key, and whether the text holds the
 * fields' separator (then it is confirmed field by field).
 */
type RosterSearch = { pattern: string; fieldWise: boolean } & GramValues

function rosterSearch(search: string, key: GramKey | null = firstKey(search)): RosterSearch | null {
  return search && key
    ? { pattern: likePattern(search), fieldWise: search.includes(SEARCH_FIELD_SEPARATOR), ...gramValues(key) }
    : null
}

/**
 * Live residents matching the roster's search: the text in the name, note, tags, room or unit, or
 * in the building's name. The candidates come from the gram index (the residents whose joined
 * text, residentSearchText, holds the text's gram — electron/database/gram-search.ts — and the
 * residents of the buildings named), and only those are confirmed by the LIKE on residentSearchText;
 * a text holding the separator (which no one types) is confirmed field by field.
 */
function rosterFilter(db: Db, s: RosterSearch | null, walk: Walk | false = false) {
  const q = db.selectFrom('residents as r').where('r.deleted_at', 'is', null)
  return s ? q.where(rosterMatch(db, s, walk)) : q
}

/**
 * How a page walks the roster's order for a search with many matches: 'probe' tests each resident
 * walked against the gram index's candidates (read once into a list), 'confirm' only confirms each
 * by the LIKE. Reading the candidates costs in proportion to their number (8,948 for 「王」 at 100×:
 * about 2 ms), the walk in proportion to the residents walked before the page is full — so a text
 * matched by many residents (dense) is confirmed along the walk, a rarer one probed (walkKind).
 */
type Walk = 'probe' | 'confirm'

const namedBuildings = (db: Db, s: RosterSearch) =>
  db.selectFrom('buildings as sb').select('sb.id').where(likes('sb.name', s.pattern))

/** The search's text in one of the resident's fields (alias r). */
function textMatches(s: RosterSearch, alias = 'r'): Expression<SqlBool> {
  return s.fieldWise
    ? sql<SqlBool>`(${sql.join(
        ['name', 'note', 'tags', 'room', 'unit'].map((c) => likes(`${alias}.${c}`, s.pattern)),
        sql` or `,
      )})`
    : expressionLikes(residentSearchText(alias), s.pattern)
}

/** The roster's search on the residents aliased r (see rosterFilter); `walk`: see candidateId and Walk. */
function rosterMatch(db: Db, s: RosterSearch, walk: Walk | false): Expression<SqlBool> {
  const named = namedBuildings(db, s)
  const confirm = [textMatches(s), sql<SqlBool>`${sql.ref('r.building_id')} in (${named})`]
  if (walk === 'confirm') return sql<SqlBool>`(${sql.join(confirm, sql` or `)})`
  const candidates = gramIdsOf(db, GRAM_KIND.residentText, s).unionAll(
    db
      .selectFrom('residents as br')
      .select('br.id as row_id')
      .where('br.deleted_at', 'is', null)
      .where('br.building_id', 'in', named),
  )
  return sql<SqlBool>`(${candidateId('r.id', !!walk)} in (${candidates}) and (${sql.join(confirm, sql` or `)}))`
}

/**
 * The statements of one roster page (exported for the plan tests). The roster reads in household
 * order: residents without a building first, then by building name, unit, room, name (and id, so a
 * page boundary never splits ties differently). Without a search the page is two walks of
 * residents_roster that stop after one page — the residents without a building, then buildings in
 * name order (a unique index) with each building's residents — instead of sorting every resident.
 */
export function rosterQueries(db: Db, search: string, key: GramKey | null = firstKey(search), walk: Walk = 'probe') {
  return searchStatements(db, rosterSearch(search, key), walk)
}

function searchStatements(db: Db, s: RosterSearch | null, walk: Walk = 'probe') {
  return {
    count: () =>
      s
        ? rosterFilter(db, s).select((eb) => eb.fn.countAll<number>().as('n'))
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
    /**
     * The exact number of matches of a text whose key is exact (keyIsExact: 1–2 characters), read
     * from the gram index without reading the thousands of residents holding it: the residents
     * holding the key and the deleted ones among them (read through residents_deleted) — this
     * statement — plus exactOthers: those whose text is too long for the index and contains it
     * further on, and the residents of the buildings named whose own text does not contain it. Each
     * resident is counted once: a resident holding the key contains the text, and one that does not
     * contain it holds no key. Past EXACT_UP_TO holders the count stops (holdersUpTo, settleHolders).
     */
    exactCount: () =>
      db.selectNoFrom((eb) => {
        if (!s) throw new Error('exactCount needs a search')
        const keyed = () => keyedIds(db, GRAM_KIND.residentText, s)
        const deleted = eb
          .selectFrom('residents as d')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('d.deleted_at', 'is not', null)
          // +d.id: driven by residents_deleted (the few deleted), not by the thousands holding the key.
          .where(candidateId('d.id', true), 'in', keyed())
        return [
          holdersUpTo(db, GRAM_KIND.residentText, s).as('holders'),
          deleted.as('removed'),
          residentsAtMost(db).as('residents'),
        ]
      }),
    /**
     * The rest of exactCount, asked only for an exact total: past a stopped count (atLeast) it
     * could only add to a bound that already holds, and for a digit the named buildings' residents
     * are tens of thousands (「1」 at 100×: 42,000 confirmed one by one, 65 ms).
     */
    exactOthers: () =>
      db.selectNoFrom((eb) => {
        if (!s) throw new Error('exactOthers needs a search')
        const keyed = () => keyedIds(db, GRAM_KIND.residentText, s)
        const long = eb
          .selectFrom('residents as lr')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('lr.deleted_at', 'is', null)
          .where('lr.id', 'in', longTextIds(db, GRAM_KIND.residentText))
          .where('lr.id', 'not in', keyed())
          .where(textMatches(s, 'lr'))
        const byBuilding = eb
          .selectFrom('residents as nr')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('nr.deleted_at', 'is', null)
          .where('nr.building_id', 'in', namedBuildings(db, s))
          .where(sql<SqlBool>`not ${textMatches(s, 'nr')}`)
        return eb(long, '+', byBuilding).as('n')
      }),
    // Few candidates (below WALK_FROM): the matching residents found once from the gram index,
    // then only those rows read and sorted (at most WALK_FROM of them); their number comes with the page (a window count), so the page's
    // total needs no second pass over the index.
    searchPage: (limit: number, offset: number) =>
      db
        .selectFrom('residents as r')
        .leftJoin('buildings as b', 'b.id', 'r.building_id')
        .where('r.id', 'in', rosterFilter(db, s).select('r.id'))
        .select(rosterColumns)
        .select((eb) => eb.fn.countAll<number>().over().as('matching'))
        .orderBy('b.name')
        .orderBy('r.unit')
        .orderBy('r.room')
        .orderBy('r.name')
        .orderBy('r.id')
        .limit(limit)
        .offset(offset),
    // A search with many candidates (walk) whose key is not exact: its matches, and how many of them have no building.
    searchCounts: () =>
      rosterFilter(db, s).select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>(sql`${sql.ref('r.building_id')} is null`).as('without'),
        residentsAtMost(db).as('residents'),
      ]),
    // How many of the matches without a building come before a later page (a walk that stops there).
    withoutBuildingBefore: (offset: number) =>
      db
        .selectFrom(rosterFilter(db, s, walk).where('r.building_id', 'is', null).select('r.id').limit(offset).as('w'))
        .select((eb) => eb.fn.countAll<number>().as('n')),
    withoutBuildingCount: () =>
      rosterFilter(db, null)
        .where('r.building_id', 'is', null)
        .select((eb) => eb.fn.countAll<number>().as('n')),
    withoutBuilding: (limit: number, offset: number) =>
      rosterFilter(db, s, walk)
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
        // CROSS JOIN: SQLite keeps buildings as the outer loop, so the page walks buildings in name
        // order whatever the statistics say (after `pragma optimize` had analysed the gram index,
        // the planner read every live resident through residents_deleted and sorted them: 28 ms).
        .selectFrom('buildings as b')
        .crossJoin('residents as r')
        .whereRef('r.building_id', '=', 'b.id')
        .where('r.deleted_at', 'is', null)
        .$if(!!s, (q) => q.where(rosterMatch(db, s!, walk)))
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
): Promise<{ rows: ResidentRow[]; total: number; atLeast: boolean }> {
  if (query.search) return searchResidents(db, query)
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
  return { total, rows: rows.map(toListRow), atLeast: false }
}

/**
 * A roster search. A 1–2 character text (keyIsExact) is counted first, from the gram index
 * (exactCount): that count decides between sorting the few matches and walking the roster's order.
 * A longer text's rarest gram is looked up (chooseGram); with many candidates they are counted.
 */
async function searchResidents(
  db: Db,
  query: { search: string; limit: number; offset: number },
): Promise<{ rows: ResidentRow[]; total: number; atLeast: boolean }> {
  let s: RosterSearch
  let total: number | null = null
  let atLeast = false
  let without: number | null = null
  let residents = 0
  if (keyIsExact(query.search)) {
    s = rosterSearch(query.search)!
    const [counted] = await searching.exactCount(db, { gram: s.gram, gramEnd: s.gramEnd })
    const removed = Number(counted!.removed)
    const held = await settleHolders(db, GRAM_KIND.residentText, s, Number(counted!.holders), removed)
    atLeast = held.atLeast
    total = atLeast ? held.holders : held.holders - removed + Number((await searching.exactOthers(db, s))[0]!.n)
    residents = Number(counted!.residents ?? 0)
    if (total < WALK_FROM) total = null
  } else {
    const chosen = (await chooseGram(db, GRAM_KIND.residentText, query.search))!
    s = rosterSearch(query.search, chosen.key)!
    if (chosen.estimate >= WALK_FROM) {
      const [counted] = await searching.counts(db, s)
      total = Number(counted!.n)
      without = Number(counted!.without ?? 0)
      residents = Number(counted!.residents ?? 0)
    }
  }
  if (total === null) {
    // Few candidates: read and sort them; their number comes with the page.
    const page = await searching.page(db, { ...s, limit: query.limit, offset: query.offset })
    const counted =
      page.length > 0
        ? Number(page[0]!.matching)
        : await pageTotal(query, 0, async () => Number((await searching.count(db, s))[0]!.n))
    return { total: counted, rows: page.map(({ matching: _, ...r }) => toListRow(r)), atLeast: false }
  }
  // Many matches: the two walks of the roster's order stop after one page — no sort of thousands of
  // residents.
  // A count that stopped (atLeast) says nothing of how dense the matches are beyond it; probing would
  // read every candidate (8,948 for 「王」 at 100×), while the first page's confirming walk reads at
  // most about limit × residents ÷ EXACT_UP_TO residents (3,000 at 100×).
  const walk = atLeast && query.offset === 0 ? 'confirm' : walkKind(total, query.offset + query.limit, residents)
  // A confirming walk reads no gram: its statements take none (prepared.ts wants each value used).
  const walked: RosterSearch = walk === 'confirm' ? { ...s, gram: '', gramEnd: null } : s
  const page = { ...walked, limit: query.limit, offset: query.offset }
  // Without the number of matches lacking a building (a 1–2 character text): the first page walks
  // them until it is full; a later page counts those before it (a walk stopping at its offset).
  const before =
    without !== null
      ? Math.min(without, query.offset)
      : query.offset > 0
        ? Number((await searching.withoutBuildingBefore[walk](db, { ...walked, offset: query.offset }))[0]!.n)
        : 0
  const first =
    before === query.offset && (without === null || query.offset < without)
      ? await searching.withoutBuilding[walk](db, {
          ...page,
          limit: without === null ? query.limit : Math.min(query.limit, without - query.offset),
        })
      : []
  const rest = query.limit - first.length
  const rows =
    rest > 0 && query.offset + first.length < total
      ? first.concat(await searching.inBuildings[walk](db, { ...page, limit: rest, offset: query.offset - before }))
      : first
  return { total, rows: rows.map(toListRow), atLeast }
}

/** At least the number of residents (max id: one b-tree descent), for walkKind's estimate only. */
function residentsAtMost(db: Db) {
  return db.selectFrom('residents as mx').select((e) => e.fn.max<number | null>('mx.id').as('m'))
}

/**
 * Probe or confirm along the walk (see Walk): a walk to row `end` of `matches` among `residents`
 * reads about end × residents / matches residents, confirming each by the LIKE (about 0.6 µs);
 * probing first reads every candidate into a list (about 0.25 µs each). Only the speed depends on
 * it: both answer the same rows.
 */
export function walkKind(matches: number, end: number, residents: number): Walk {
  return (end * residents * 0.6) / Math.max(1, matches) < matches * 0.25 ? 'confirm' : 'probe'
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

// The roster's search, each statement compiled once per shape (a prefix key or one gram; a text
// with the fields' separator or not): the pattern and the key are values (rosterSearch).
type Paged = RosterSearch & { limit: number; offset: number }
const byWalk = <V, R>(statement: (walk: Walk) => (db: Db, v: V) => Promise<R[]>) =>
  ({ probe: statement('probe'), confirm: statement('confirm') }) as const
const searching = {
  // The key alone: the holders' count reads no pattern (prepared.ts wants each value used).
  exactCount: prepared((db, v: GramValues) =>
    searchStatements(db, { ...v, pattern: '', fieldWise: false }).exactCount(),
  ),
  exactOthers: prepared((db, v: RosterSearch) => searchStatements(db, v).exactOthers()),
  counts: prepared((db, v: RosterSearch) => searchStatements(db, v).searchCounts()),
  count: prepared((db, v: RosterSearch) => searchStatements(db, v).count()),
  page: prepared((db, v: Paged) => searchStatements(db, v).searchPage(v.limit, v.offset)),
  withoutBuildingBefore: byWalk((walk) =>
    prepared((db, v: RosterSearch & { offset: number }) =>
      searchStatements(db, v, walk).withoutBuildingBefore(v.offset),
    ),
  ),
  withoutBuilding: byWalk((walk) =>
    prepared((db, v: Paged) => searchStatements(db, v, walk).withoutBuilding(v.limit, v.offset)),
  ),
  inBuildings: byWalk((walk) =>
    prepared((db, v: Paged) => searchStatements(db, v, walk).inBuildings(v.limit, v.offset)),
  ),
}

/** Every list read ends here: the phone and the ID number leave the main process masked. */
function toListRow<R extends { phone: string; tags: string; idNumber: string }>(r: R) {
  return { ...r, phone: maskPhone(r.phone), idNumber: maskIdNumber(r.idNumber), tags: JSON.parse(r.tags) as string[] }
}

export async function createResident(db: Db, input: ResidentInput): Promise<{ id: number }> {
  await assertBuilding(db, input.buildingId)
  const at = nowIso()
  const row = await db
    .insertInto('residents')
    .values({ ...toRow(input), ...(await identity(db, input, null)), created_at: at, updated_at: at, deleted_at: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id }
}

/**
 * `phone` left out means "unchanged", and so does an ID number left out or sent back as the list's
 * masked value, so editing a resident never requires reading the full numbers.
 */
export async function updateResident(
  db: Db,
  id: number,
  input: Omit<ResidentInput, 'phone'> & { phone?: string },
): Promise<void> {
  await assertBuilding(db, input.buildingId)
  const storedNumber = await readIdNumber(db, id)
  const { phone, ...rest } = toRow({ ...input, phone: input.phone ?? '' })
  const res = await db
    .updateTable('residents')
    .set({
      ...rest,
      ...(input.phone === undefined ? {} : { phone }),
      ...(await identity(db, input, { id, idNumber: storedNumber })),
      updated_at: nowIso(),
    })
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

/** A live resident's personal value in full (居民 not found otherwise): never for a list. */
async function readFull(db: Db, id: number, column: 'phone' | 'id_number'): Promise<string> {
  const row = await db
    .selectFrom('residents')
    .select((eb) => eb.ref(column).as('value'))
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (!row) throw notFound('居民')
  return row.value
}

/**
 * A resident's full phone number, for `reveal.show` (kind resident.phone), which asks the reason
 * and writes the audit log with the operator's name.
 */
export const readPhone = (db: Db, id: number) => readFull(db, id, 'phone')

/**
 * A resident's full ID number, for `reveal.show` (kind resident.idNumber): asked with a reason and
 * logged like the phone.
 */
export const readIdNumber = (db: Db, id: number) => readFull(db, id, 'id_number')

const refuse = (message: string) => new AppError('VALIDATION', message)

/**
 * The identity columns to write. The ID number is checked as the import checks it (shared/id-number.ts):
 * a real number, its birth date and sex agreeing with 出生日期 and 性别 when those are given (and
 * filling them when not), and not already another live resident's. On an update (`before`), an ID
 * number left out or equal to the stored one's mask keeps the stored number, and is still checked
 * against the other fields; a masked value that is not the stored one's is refused, never stored.
 */
async function identity(
  db: Db,
  input: Pick<ResidentInput, 'idNumber' | 'gender' | 'birthDate' | 'kind'>,
  before: { id: number; idNumber: string } | null,
) {
  const today = officeDate()
  const typed = (input.idNumber ?? '').trim()
  let number: string
  if (before && (input.idNumber === undefined || isMaskedIdNumber(typed))) {
    if (input.idNumber !== undefined && maskIdNumber(typed) !== maskIdNumber(before.idNumber)) {
      throw refuse(PARTLY_SHOWN_ID_NUMBER)
    }
    number = before.idNumber
  } else if (typed) {
    const problem = idNumberProblem(typed, today)
    if (problem) throw refuse(problem)
    number = parseIdNumber(typed, today)!.number
  } else number = ''
  let gender = input.gender ?? ''
  let birthDate = input.birthDate ?? ''
  if (birthDate > today) throw refuse(`出生日期 ${birthDate} 还没到`)
  const parsed = number ? parseIdNumber(number) : null
  if (parsed) {
    const conflicts = idNumberConflicts(parsed, { gender, birthDate })
    if (conflicts.length) throw refuse(conflicts.join('；'))
    gender ||= idGender(parsed)
    birthDate ||= parsed.birthDate
  }
  if (number && number !== before?.idNumber) {
    const same = await db
      .selectFrom('residents')
      .select('name')
      .where('id_number', '=', number)
      .where('deleted_at', 'is', null)
      .$if(before !== null, (q) => q.where('id', '!=', before!.id))
      .executeTakeFirst()
    if (same) throw refuse(`身份证号与名册里的“${same.name}”相同，请核对；同一个人请直接修改原来那条。`)
  }
  return { id_number: number, gender, birth_date: birthDate, kind: (input.kind ?? '').trim() }
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
