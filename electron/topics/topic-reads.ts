import { notFound } from '../../shared/app-error'
import { nowIso, officeDate, officeDateTime, officeLocalToUtc } from '../../shared/time'
import type { Db } from '../database/open-database'
import type { TopicStatus } from '../database/schema'
import { likes } from '../database/text-search'
import { candidateId, GRAM_KIND, gramIdsOf, jsonIds, settleHolders } from '../database/gram-search'
import { pageTotal } from '../database/page-total'
import {
  exactSearchCount,
  exactSearchOthers,
  findText,
  NO_SEARCH,
  residentsNamed,
  searchValues,
  type FoundText,
  type SearchValues,
} from './topic-search'
import { prepared } from '../database/prepared'
import { addDays } from '../../shared/dates'
import { householdLabel } from '../people'
import { resolutionNumber, topicNumber, VOIDED } from '../../shared/followup-values'

/**
 * Reading the topic register: the list with its filters (the same filter counts the home page's
 * tiles), one topic's page, and the meetings a topic can be put on. Nothing here writes.
 */
export interface RoutingState {
  department: string
  /** Office-local 'YYYY-MM-DDTHH:mm'. */
  routedAt: string
  respondBy: string
  respondedAt: string | null
  responseText: string
  /** Hours until the limit (negative: past it). Null once answered. */
  hoursLeft: number | null
  /** Hours the department took, once answered. */
  hoursTaken: number | null
  state: '待答复' | '已超时' | '已答复' | '超时答复'
}

export interface TopicRow {
  id: number
  number: string
  receivedAt: string
  receivedOn: string
  channel: string
  residentId: number | null
  /** '' for an anonymous topic. */
  residentName: string
  household: string
  gridId: number | null
  gridName: string | null
  buildingId: number | null
  buildingName: string | null
  categoryId: number
  categoryName: string
  urgency: string
  description: string
  status: TopicStatus
  statusReason: string
  duplicateOf: { id: number; number: string } | null
  routing: RoutingState | null
  agenda: { meetingId: number; meetingTitle: string; meetingStart: string; itemId: number; itemState: string } | null
  answeredAt: string | null
  toldAt: string | null
  /** Set when the topic was voided: when (office-local) and why. */
  voided: { at: string; reason: string } | null
}

export interface TopicQuery {
  /** A status, or 已作废 for the voided topics (which every other choice leaves out). */
  status: TopicStatus | typeof VOIDED | null
  channel: string | null
  categoryId: number | null
  gridId: number | null
  /** Office-local dates, inclusive; null = open-ended. */
  from: string | null
  to: string | null
  search: string
  /** Only topics whose answer has not reached the resident. */
  untold: boolean
  /** Only topics routed to a department that has not answered by its deadline (首页「转办已超时」). */
  overdueRouting?: boolean
  limit: number
  offset: number
}

export type TopicFilter = Omit<TopicQuery, 'limit' | 'offset'>

const NO_FILTER: TopicFilter = {
  status: null,
  channel: null,
  categoryId: null,
  gridId: null,
  from: null,
  to: null,
  search: '',
  untold: false,
  overdueRouting: false,
}

function routingState(
  t: {
    routed_department: string | null
    routed_at: string | null
    respond_by: string | null
    responded_at: string | null
    response_text: string
  },
  now: string,
): RoutingState | null {
  if (!t.routed_department || !t.routed_at || !t.respond_by) return null
  const hours = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 360_000) / 10
  const answered = t.responded_at !== null
  const late = answered ? t.responded_at! > t.respond_by : now > t.respond_by
  return {
    department: t.routed_department,
    routedAt: officeDateTime(t.routed_at),
    respondBy: officeDateTime(t.respond_by),
    respondedAt: t.responded_at ? officeDateTime(t.responded_at) : null,
    responseText: t.response_text,
    hoursLeft: answered ? null : hours(now, t.respond_by),
    hoursTaken: answered ? hours(t.routed_at, t.responded_at!) : null,
    state: answered ? (late ? '超时答复' : '已答复') : late ? '已超时' : '待答复',
  }
}

/** One topic's row with everything a list row shows of it: the joins only look up names by id. */
function withNames<Q extends ReturnType<typeof topicsOnly>>(q: Q) {
  // Every join is a LEFT JOIN of the topic (its category_id is NOT NULL and a foreign key, so the
  // category is always there): SQLite then keeps topics as the outer loop and walks the list's
  // index in order. With an inner join it may loop over the five categories first and sort every
  // topic for each page (what the issue measured at 100×).
  return q
    .leftJoin('topic_categories as c', 'c.id', 't.category_id')
    .leftJoin('residents as r', 'r.id', 't.resident_id')
    .leftJoin('buildings as b', 'b.id', 't.building_id')
    .leftJoin('grids as g', 'g.id', 't.grid_id')
    .leftJoin('topics as d', 'd.id', 't.duplicate_of_id')
}

const topicsOnly = (db: Db) => db.selectFrom('topics as t')

const columns = [
  't.id',
  't.year',
  't.seq',
  't.received_at',
  't.received_on',
  't.channel',
  't.resident_id',
  'r.name as residentName',
  'r.unit as residentUnit',
  'r.room as residentRoom',
  't.grid_id',
  'g.name as gridName',
  't.building_id',
  'b.name as buildingName',
  't.category_id',
  'c.name as categoryName',
  't.urgency',
  't.description',
  't.status',
  't.status_reason',
  't.duplicate_of_id',
  'd.year as dupYear',
  'd.seq as dupSeq',
  't.routed_department',
  't.routed_at',
  't.respond_by',
  't.responded_at',
  't.response_text',
  't.answered_at',
  't.told_at',
  't.voided_at',
  't.void_reason',
] as const

/**
 * A filter as its statements take it: what is computed from the clerk's choices is computed (the
 * date range as moments), and what decides the statement's shape is a choice (prepared.ts).
 */
type TopicValues = {
  voided: boolean
  status: TopicStatus | null
  channel: string | null
  categoryId: number | null
  gridId: number | null
  /** received_at from / before (UTC moments). */
  receivedFrom: string | null
  receivedBefore: string | null
  /** Now, when only routed topics past their deadline are asked for. */
  overdueAt: string | null
  untold: boolean
} & SearchValues

function topicValues(f: TopicFilter, now: string, found?: FoundText): TopicValues {
  return {
    voided: f.status === VOIDED,
    status: f.status === VOIDED ? null : f.status,
    channel: f.channel || null,
    categoryId: f.categoryId,
    gridId: f.gridId,
    // received_on is the office date of received_at, so a date range is a range of received_at: the
    // order key itself, and the page walks the range in order.
    receivedFrom: f.from ? officeLocalToUtc(`${f.from}T00:00`) : null,
    receivedBefore: f.to ? officeLocalToUtc(`${addDays(f.to, 1)}T00:00`) : null,
    overdueAt: f.overdueRouting ? now : null,
    untold: f.untold,
    ...searchValues(f.search, found),
  }
}

/** No filter at all but the one every list has (live topics): counted without reading rows. */
const isUnfiltered = (f: TopicValues) =>
  !f.voided &&
  f.status === null &&
  f.channel === null &&
  f.categoryId === null &&
  f.gridId === null &&
  f.receivedFrom === null &&
  f.receivedBefore === null &&
  f.pattern === null &&
  !f.untold &&
  f.overdueAt === null

/**
 * The register narrowed by a filter, on the topics table alone — the list, its count and the home
 * page's tiles share it. Names (resident, building) are matched by id lists, not joins, so a count
 * reads no other table, and each filter has an index that also gives the list's order (migration
 * 0007): a page walks it newest first and stops after one page.
 */
function filteredQuery(db: Db, query: TopicValues, walk = false) {
  let q = topicsOnly(db)
  if (query.voided) q = q.where('t.voided_at', 'is not', null)
  else {
    q = q.where('t.voided_at', 'is', null)
    if (query.status !== null) q = q.where('t.status', '=', query.status)
  }
  if (query.channel !== null) q = q.where('t.channel', '=', query.channel)
  if (query.categoryId !== null) q = q.where('t.category_id', '=', query.categoryId)
  if (query.gridId !== null) q = q.where('t.grid_id', '=', query.gridId)
  if (query.receivedFrom !== null) q = q.where('t.received_at', '>=', query.receivedFrom)
  if (query.receivedBefore !== null) q = q.where('t.received_at', '<', query.receivedBefore)
  if (query.overdueAt !== null) {
    q = q.where('t.status', '=', '转办').where('t.responded_at', 'is', null).where('t.respond_by', '<', query.overdueAt)
  }
  if (query.untold) q = q.where('t.answered_at', 'is not', null).where('t.told_at', 'is', null)
  if (query.pattern !== null) {
    const pattern = query.pattern
    const residentIds =
      query.residentIds !== null
        ? jsonIds(query.residentIds)
        : residentsNamed(db, pattern, { gram: query.residentGram!, gramEnd: query.residentGramEnd })
    const buildingIds =
      query.buildingIds !== null
        ? jsonIds(query.buildingIds)
        : db.selectFrom('buildings as sb').select('sb.id').where(likes('sb.name', pattern))
    // The candidates (the description's gram ∪ the topics of the named residents and buildings) drive
    // the statement; the OR below confirms each, exactly as the LIKE scan did.
    let candidates = gramIdsOf(db, GRAM_KIND.topicDescription, { gram: query.gram!, gramEnd: query.gramEnd })
    if (query.anyResident)
      candidates = candidates.unionAll(
        db.selectFrom('topics as rt').select('rt.id as row_id').where('rt.resident_id', 'in', residentIds),
      )
    if (query.anyBuilding)
      candidates = candidates.unionAll(
        db.selectFrom('topics as bt').select('bt.id as row_id').where('bt.building_id', 'in', buildingIds),
      )
    q = q
      .where(candidateId('t.id', walk), 'in', candidates)
      .where((eb) =>
        eb.or([
          likes('t.description', pattern),
          ...(query.anyResident ? [eb('t.resident_id', 'in', residentIds)] : []),
          ...(query.anyBuilding ? [eb('t.building_id', 'in', buildingIds)] : []),
        ]),
      )
  }
  return q
}

/** The statement that counts a filter's topics (exported for the plan tests). */
export function topicCountQuery(db: Db, filter: TopicFilter, now: string, found?: FoundText) {
  return countStatement(db, topicValues(filter, now, found))
}

function countStatement(db: Db, filter: TopicValues) {
  if (isUnfiltered(filter)) {
    // All topics minus the voided ones: both are b-tree counts (the second over its partial
    // index), no row is read, at any size.
    return db.selectNoFrom((eb) =>
      eb(
        eb.selectFrom('topics').select(eb.fn.countAll<number>().as('all')),
        '-',
        eb.selectFrom('topics').select(eb.fn.countAll<number>().as('voided')).where('voided_at', 'is not', null),
      ).as('n'),
    )
  }
  if (isExactSearch(filter)) return exactSearchCount(db, { gram: filter.gram!, gramEnd: filter.gramEnd })
  return filteredQuery(db, filter).select((eb) => eb.fn.countAll<number>().as('n'))
}

/** The statement that reads one page of the register (exported for the plan tests). */
export function topicPageQuery(db: Db, query: TopicQuery, now: string, found?: FoundText) {
  return pageStatement(db, { ...topicValues(query, now, found), limit: query.limit, offset: query.offset })
}

function pageStatement(db: Db, query: TopicValues & { limit: number; offset: number }) {
  return withNames(filteredQuery(db, query, query.walk))
    .select(columns)
    .orderBy('t.received_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(query.limit)
    .offset(query.offset)
}

// The page and the count are compiled once per combination of filters (and a search's shape: its
// key a range or one gram, names listed or not, walk or sort); a search looks its grams and names up
// first (findText) and passes them as values.
const preparedPage = prepared((db, v: TopicValues & { limit: number; offset: number }) => pageStatement(db, v))
const preparedCount = prepared((db, v: TopicValues) => countStatement(db, v))
// A search alone, of 1–2 characters: counted from the gram index (exactSearchCount), in two parts.
const isExactSearch = (v: TopicValues) => v.exact && isUnfiltered({ ...v, ...NO_SEARCH })
const exactHolders = prepared((db, v: { gram: string; gramEnd: string | null }) => exactSearchCount(db, v))
const preparedOthers = prepared((db, v: TopicValues) => exactSearchOthers(db, v))

/**
 * How many topics a filter selects: the number of rows the list shows with that filter — or, for a
 * 1-character search held by more than EXACT_UP_TO topics, a lower bound (`atLeast`, see
 * exactSearchCount).
 */
export async function countTopics(db: Db, filter: Partial<TopicFilter>, now = nowIso()) {
  return countOf(db, topicValues({ ...NO_FILTER, ...filter }, now))
}

async function countOf(db: Db, values: TopicValues): Promise<{ n: number; atLeast: boolean }> {
  if (!isExactSearch(values)) {
    const [row] = await preparedCount(db, values)
    return { n: Number((row as unknown as { n: number }).n), atLeast: false }
  }
  const key = { gram: values.gram!, gramEnd: values.gramEnd }
  const [parts] = await exactHolders(db, key)
  const removed = Number(parts!.removed)
  const held = await settleHolders(db, GRAM_KIND.topicDescription, key, Number(parts!.holders), removed)
  if (held.atLeast) return { n: held.holders, atLeast: true }
  const [others] = await preparedOthers(db, values)
  return { n: held.holders - removed + Number(others!.n), atLeast: false }
}

export async function listTopics(
  db: Db,
  query: TopicQuery,
  now = nowIso(),
): Promise<{ rows: TopicRow[]; total: number; atLeast: boolean }> {
  const found = query.search ? await findText(db, query.search) : undefined
  const values = topicValues({ ...NO_FILTER, ...query }, now, found)
  const rows = await preparedPage(db, { ...values, limit: query.limit, offset: query.offset })
  let atLeast = false
  const total = await pageTotal(query, rows.length, async () => {
    const counted = await countOf(db, values)
    atLeast = counted.atLeast
    return counted.n
  })
  const agenda = await agendaOf(
    db,
    rows.map((r) => r.id),
  )
  return { rows: rows.map((r) => toRow(r, agenda.get(r.id) ?? null, now)), total, atLeast }
}

// The few items of one page's topics are ordered here, not by SQL (no sort step in the plan).
const agendaItemsOf = prepared((db, v: { topicIds: readonly number[] }) =>
  db
    .selectFrom('agenda_items as a')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .select(['a.id', 'a.topic_id', 'a.state', 'm.id as meetingId', 'm.title', 'm.starts_at'])
    .where('a.topic_id', 'in', v.topicIds),
)

/** The latest agenda item each topic sits on (a carried-over item's copy is the latest). */
async function agendaOf(db: Db, topicIds: number[]) {
  const map = new Map<number, TopicRow['agenda']>()
  if (topicIds.length === 0) return map
  const items = await agendaItemsOf(db, { topicIds })
  const latest = new Map<number, (typeof items)[number]>()
  for (const i of items) {
    const seen = latest.get(i.topic_id!)
    if (!seen || i.starts_at > seen.starts_at || (i.starts_at === seen.starts_at && i.id > seen.id)) {
      latest.set(i.topic_id!, i)
    }
  }
  for (const [topicId, i] of latest) {
    map.set(topicId, {
      meetingId: i.meetingId,
      meetingTitle: i.title,
      meetingStart: officeDateTime(i.starts_at),
      itemId: i.id,
      itemState: i.state,
    })
  }
  return map
}

type RawTopic = {
  id: number
  year: number
  seq: number
  received_at: string
  received_on: string
  channel: string
  resident_id: number | null
  residentName: string | null
  residentUnit: string | null
  residentRoom: string | null
  grid_id: number | null
  gridName: string | null
  building_id: number | null
  buildingName: string | null
  category_id: number
  categoryName: string | null
  urgency: string
  description: string
  status: TopicStatus
  status_reason: string
  duplicate_of_id: number | null
  dupYear: number | null
  dupSeq: number | null
  routed_department: string | null
  routed_at: string | null
  respond_by: string | null
  responded_at: string | null
  response_text: string
  answered_at: string | null
  told_at: string | null
  voided_at: string | null
  void_reason: string
}

function toRow(t: RawTopic, agenda: TopicRow['agenda'], now: string): TopicRow {
  return {
    id: t.id,
    number: topicNumber(t.year, t.seq),
    receivedAt: officeDateTime(t.received_at),
    receivedOn: t.received_on,
    channel: t.channel,
    residentId: t.resident_id,
    residentName: t.residentName ?? '',
    household: t.residentName
      ? householdLabel({ buildingName: t.buildingName, unit: t.residentUnit ?? '', room: t.residentRoom ?? '' })
      : '',
    gridId: t.grid_id,
    gridName: t.gridName,
    buildingId: t.building_id,
    buildingName: t.buildingName,
    categoryId: t.category_id,
    categoryName: t.categoryName ?? '',
    urgency: t.urgency,
    description: t.description,
    status: t.status,
    statusReason: t.status_reason,
    duplicateOf:
      t.duplicate_of_id !== null && t.dupYear !== null && t.dupSeq !== null
        ? { id: t.duplicate_of_id, number: topicNumber(t.dupYear, t.dupSeq) }
        : null,
    routing: routingState(t, now),
    agenda,
    answeredAt: t.answered_at ? officeDateTime(t.answered_at) : null,
    toldAt: t.told_at ? officeDateTime(t.told_at) : null,
    voided: t.voided_at ? { at: officeDateTime(t.voided_at), reason: t.void_reason } : null,
  }
}

// One topic's page: its row and what hangs off it, each statement compiled once.
const topicById = prepared((db, v: { id: number }) =>
  withNames(topicsOnly(db)).select(columns).where('t.id', '=', v.id),
)
const resolutionsOfTopic = prepared((db, v: { id: number }) =>
  db
    .selectFrom('resolutions as r')
    .innerJoin('agenda_items as a', 'a.id', 'r.agenda_item_id')
    .select(['r.id', 'r.year', 'r.seq', 'r.status', 'r.due_date'])
    .where('a.topic_id', '=', v.id)
    .orderBy('r.id'),
)
const duplicatesOfTopic = prepared((db, v: { id: number }) =>
  db.selectFrom('topics').select(['id', 'year', 'seq']).where('duplicate_of_id', '=', v.id).orderBy('id'),
)

export async function getTopic(db: Db, id: number, now = nowIso()) {
  const [t] = await topicById(db, { id })
  if (!t) throw notFound('议题')
  const agenda = await agendaOf(db, [id])
  const resolutions = await resolutionsOfTopic(db, { id })
  const duplicates = await duplicatesOfTopic(db, { id })
  return {
    topic: toRow(t, agenda.get(id) ?? null, now),
    resolutionIds: resolutions.map((r) => r.id),
    /** The same resolutions with what a drawer shows of them (〔2026〕议字第3号, status, due date). */
    resolutions: resolutions.map((r) => ({
      id: r.id,
      number: resolutionNumber(r.year, r.seq),
      status: r.status,
      dueDate: r.due_date,
    })),
    duplicates: duplicates.map((d) => ({ id: d.id, number: topicNumber(d.year, d.seq) })),
  }
}

/** Meetings a topic can still be put on: not yet held or under way, from yesterday on. */
export async function agendaTargets(db: Db, now = nowIso()) {
  const since = officeLocalToUtc(`${officeDate(now)}T00:00`)
  const rows = await db
    .selectFrom('meetings')
    .select(['id', 'title', 'starts_at', 'status'])
    .where('status', 'in', ['草稿', '已通知', '延期', '进行中'])
    .where('starts_at', '>=', new Date(Date.parse(since) - 86_400_000).toISOString())
    .orderBy('starts_at')
    .limit(40)
    .execute()
  return rows.map((m) => ({ id: m.id, title: m.title, start: officeDateTime(m.starts_at), status: m.status }))
}
