import { notFound } from '../../shared/app-error'
import { nowIso, officeDate, officeDateTime } from '../../shared/time'
import { daysBetween } from '../../shared/dates'
import type { Db } from '../database/open-database'
import type { ResolutionStatus } from '../database/schema'
import { likePattern, likes } from '../database/text-search'
import { fixedIn } from '../database/fixed-terms'
import { pageTotal } from '../database/page-total'
import { prepared } from '../database/prepared'
import {
  isOpenResolution,
  OPEN_RESOLUTION,
  RESOLUTION_FILTERS,
  resolutionNumber,
  topicNumber,
} from '../../shared/followup-values'
import { isOverdue } from './resolution-rules'

/**
 * Reading 决议督办: the list with its filters (the same filter counts the home page's tile), one
 * resolution's page with its timeline, and the resolutions of agenda items. Nothing here writes.
 */
export interface ResolutionRow {
  id: number
  number: string
  year: number
  seq: number
  text: string
  leadDepartment: string
  coDepartments: string[]
  dueDate: string
  decidedAt: string
  meeting: { id: number; title: string; date: string }
  agendaItem: { id: number; title: string }
  topics: { id: number; number: string; residentName: string }[]
  status: ResolutionStatus
  overdue: boolean
  /** Days past the due date while open (0 when not overdue). */
  overdueDays: number
  /** Days until the due date while open (negative = overdue); null once done. */
  daysLeft: number | null
  firstActionAt: string | null
  completedAt: string | null
  completionNote: string
  voidReason: string
  completedOnTime: boolean | null
}

export interface ResolutionQuery {
  status: (typeof RESOLUTION_FILTERS)[number] | null
  department: string | null
  year: number | null
  search: string
  limit: number
  offset: number
}

function baseQuery(db: Db) {
  return db
    .selectFrom('resolutions as r')
    .innerJoin('agenda_items as a', 'a.id', 'r.agenda_item_id')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
}

const columns = [
  'r.id',
  'r.year',
  'r.seq',
  'r.text',
  'r.lead_department',
  'r.co_departments',
  'r.due_date',
  'r.decided_at',
  'r.status',
  'r.first_action_at',
  'r.completed_at',
  'r.completion_note',
  'r.void_reason',
  'a.id as itemId',
  'a.title as itemTitle',
  'a.topic_id',
  'm.id as meetingId',
  'm.title as meetingTitle',
  'm.starts_at as meetingStart',
] as const

type RawResolution = {
  id: number
  year: number
  seq: number
  text: string
  lead_department: string
  co_departments: string
  due_date: string
  decided_at: string
  status: ResolutionStatus
  first_action_at: string | null
  completed_at: string | null
  completion_note: string
  void_reason: string
  itemId: number
  itemTitle: string
  topic_id: number | null
  meetingId: number
  meetingTitle: string
  meetingStart: string
}

function toRow(r: RawResolution, topics: ResolutionRow['topics'], today: string): ResolutionRow {
  const open = isOpenResolution(r.status)
  const overdue = isOverdue(r, today)
  return {
    id: r.id,
    number: resolutionNumber(r.year, r.seq),
    year: r.year,
    seq: r.seq,
    text: r.text,
    leadDepartment: r.lead_department,
    coDepartments: JSON.parse(r.co_departments) as string[],
    dueDate: r.due_date,
    decidedAt: officeDateTime(r.decided_at),
    meeting: { id: r.meetingId, title: r.meetingTitle, date: officeDate(r.meetingStart) },
    agendaItem: { id: r.itemId, title: r.itemTitle },
    topics,
    status: r.status,
    overdue,
    overdueDays: overdue ? daysBetween(r.due_date, today) : 0,
    daysLeft: open ? daysBetween(today, r.due_date) : null,
    firstActionAt: r.first_action_at ? officeDateTime(r.first_action_at) : null,
    completedAt: r.completed_at ? officeDateTime(r.completed_at) : null,
    completionNote: r.completion_note,
    voidReason: r.void_reason,
    completedOnTime: r.completed_at ? officeDate(r.completed_at) <= r.due_date : null,
  }
}

const topicsByIds = prepared((db, v: { ids: readonly number[] }) =>
  db
    .selectFrom('topics as t')
    .leftJoin('residents as p', 'p.id', 't.resident_id')
    .select(['t.id', 't.year', 't.seq', 'p.name'])
    .where('t.id', 'in', v.ids),
)

async function topicsOf(db: Db, topicIds: number[]) {
  const map = new Map<number, ResolutionRow['topics'][number]>()
  const ids = [...new Set(topicIds)]
  if (ids.length === 0) return map
  const rows = await topicsByIds(db, { ids })
  for (const t of rows) map.set(t.id, { id: t.id, number: topicNumber(t.year, t.seq), residentName: t.name ?? '' })
  return map
}

export type ResolutionFilter = Omit<ResolutionQuery, 'limit' | 'offset'>

/**
 * The resolutions a filter selects, on the resolutions table alone — the list, its count and the
 * home page's tile share it; a search matches the agenda item's title by its key, not a join. Pages walk resolutions_number (or resolutions_list_status) newest
 * first and stop after one page.
 */
function filteredQuery(db: Db, query: ResolutionValues) {
  let q = db.selectFrom('resolutions as r')
  if (query.overdueBefore !== null) {
    // Written out (not bound): it lets the page walk resolutions_open_number newest first.
    q = q.where(fixedIn('r.status', OPEN_RESOLUTION)).where('r.due_date', '<', query.overdueBefore)
  } else if (query.status !== null) q = q.where('r.status', '=', query.status)
  if (query.department !== null) {
    const d = query.department
    const co = query.coDepartmentPattern
    q = q.where((eb) => eb.or([eb('r.lead_department', '=', d), likes('r.co_departments', co)]))
  }
  if (query.year !== null) q = q.where('r.year', '=', query.year)
  if (query.pattern) {
    const p = query.pattern
    q = q.where((eb) =>
      eb.or([
        likes('r.text', p),
        // Correlated (one lookup by primary key per resolution read): the page walks resolutions
        // newest first and stops after one page, so it never reads every agenda item's title.
        eb.exists(
          eb
            .selectFrom('agenda_items as sa')
            .select('sa.id')
            .whereRef('sa.id', '=', 'r.agenda_item_id')
            .where(likes('sa.title', p)),
        ),
      ]),
    )
  }
  return q
}

const NO_FILTER: ResolutionFilter = { status: null, department: null, year: null, search: '' }

/** A filter as its statements take it (prepared.ts): 逾期 is the open ones due before today. */
type ResolutionValues = {
  overdueBefore: string | null
  status: ResolutionStatus | null
  department: string | null
  /** The department as one of the co_departments JSON list's items ("…"), as a LIKE pattern. */
  coDepartmentPattern: string
  year: number | null
  /** The search text's LIKE pattern, or '' for none. */
  pattern: string
}

function resolutionValues(f: ResolutionFilter, today: string): ResolutionValues {
  return {
    overdueBefore: f.status === '逾期' ? today : null,
    status: f.status === '逾期' ? null : f.status || null,
    department: f.department || null,
    coDepartmentPattern: f.department ? likePattern(`"${f.department}"`) : '',
    year: f.year,
    pattern: f.search ? likePattern(f.search) : '',
  }
}

/** The statement that counts a filter's resolutions (exported for the plan tests). */
export function resolutionCountQuery(db: Db, filter: ResolutionFilter, today: string) {
  return countStatement(db, resolutionValues(filter, today))
}

const countStatement = (db: Db, filter: ResolutionValues) =>
  filteredQuery(db, filter).select((eb) => eb.fn.countAll<number>().as('n'))

/** The statement that reads one page of 决议督办 (exported for the plan tests). */
export function resolutionPageQuery(db: Db, query: ResolutionQuery, today: string) {
  return pageStatement(db, { ...resolutionValues(query, today), limit: query.limit, offset: query.offset })
}

// Compiled once per combination of filters (a department and a search are values: LIKE patterns).
const preparedCount = prepared(countStatement)
const preparedPage = prepared((db, v: ResolutionValues & { limit: number; offset: number }) => pageStatement(db, v))

function pageStatement(db: Db, query: ResolutionValues & { limit: number; offset: number }) {
  if (query.overdueBefore !== null) {
    // 逾期: the page's numbers first, from resolutions_open_number alone (walked newest first, the
    // due date and status checked in the index, stopping after one page), then those rows with
    // their item and meeting. Joined in one statement, SQLite would read every overdue resolution
    // and sort them, however many years of them the file holds.
    const page = filteredQuery(db, query)
      .select(['r.id', 'r.year', 'r.seq'])
      .orderBy('r.year', 'desc')
      .orderBy('r.seq', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .as('p')
    return db
      .selectFrom(page)
      .innerJoin('resolutions as r', 'r.id', 'p.id')
      .innerJoin('agenda_items as a', 'a.id', 'r.agenda_item_id')
      .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
      .select(columns)
      .orderBy('p.year', 'desc')
      .orderBy('p.seq', 'desc')
  }
  return filteredQuery(db, query)
    .innerJoin('agenda_items as a', 'a.id', 'r.agenda_item_id')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .select(columns)
    .orderBy('r.year', 'desc')
    .orderBy('r.seq', 'desc')
    .limit(query.limit)
    .offset(query.offset)
}

/** How many resolutions a filter selects: exactly the number of rows the list shows with that filter. */
export async function countResolutions(db: Db, filter: Partial<ResolutionFilter>, now = nowIso()): Promise<number> {
  const [total] = await preparedCount(db, resolutionValues({ ...NO_FILTER, ...filter }, officeDate(now)))
  return Number(total!.n)
}

export async function listResolutions(
  db: Db,
  query: ResolutionQuery,
  now = nowIso(),
): Promise<{ rows: ResolutionRow[]; total: number }> {
  const today = officeDate(now)
  const rows = await preparedPage(db, { ...resolutionValues(query, today), limit: query.limit, offset: query.offset })
  const total = await pageTotal(query, rows.length, () => countResolutions(db, query, now))
  const topics = await topicsOf(
    db,
    rows.flatMap((r) => (r.topic_id === null ? [] : [r.topic_id])),
  )
  return {
    rows: rows.map((r) =>
      toRow(r, r.topic_id !== null && topics.has(r.topic_id) ? [topics.get(r.topic_id)!] : [], today),
    ),
    total,
  }
}

// One resolution's page: each statement compiled once.
const resolutionById = prepared((db, v: { id: number }) => baseQuery(db).select(columns).where('r.id', '=', v.id))
const progressOf = prepared((db, v: { id: number }) =>
  db
    .selectFrom('resolution_progress')
    .select(['id', 'at', 'kind', 'text', 'reported_by', 'recorded_at'])
    .where('resolution_id', '=', v.id)
    .orderBy('at')
    .orderBy('id'),
)
const feedbackOf = prepared((db, v: { id: number }) =>
  db
    .selectFrom('feedback')
    .select(['id', 'channel', 'told_at', 'content', 'satisfaction', 'rated_at'])
    .where('resolution_id', '=', v.id)
    .orderBy('told_at'),
)
const reportsOf = prepared((db, v: { id: number }) =>
  db
    .selectFrom('agenda_reports as ar')
    .innerJoin('agenda_items as a', 'a.id', 'ar.agenda_item_id')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .select(['m.id', 'm.title', 'm.starts_at'])
    .where('ar.resolution_id', '=', v.id)
    .orderBy('m.starts_at'),
)

export async function getResolution(db: Db, id: number, now = nowIso()) {
  const [r] = await resolutionById(db, { id })
  if (!r) throw notFound('决议')
  const today = officeDate(now)
  const topics = await topicsOf(db, r.topic_id === null ? [] : [r.topic_id])
  const progress = await progressOf(db, { id })
  const feedback = await feedbackOf(db, { id })
  const reports = await reportsOf(db, { id })
  return {
    resolution: toRow(r, r.topic_id !== null && topics.has(r.topic_id) ? [topics.get(r.topic_id)!] : [], today),
    progress: progress.map((p) => ({
      id: p.id,
      at: officeDateTime(p.at),
      kind: p.kind,
      text: p.text,
      reportedBy: p.reported_by,
      recordedAt: officeDateTime(p.recorded_at),
    })),
    feedback: feedback.map((f) => ({
      id: f.id,
      channel: f.channel,
      toldAt: officeDateTime(f.told_at),
      content: f.content,
      satisfaction: f.satisfaction,
    })),
    reportedAt: reports.map((m) => ({ meetingId: m.id, title: m.title, date: officeDate(m.starts_at) })),
  }
}

/** Resolutions decided on one agenda item, for the meeting page. */
export async function resolutionsOfItems(db: Db, itemIds: number[]) {
  if (itemIds.length === 0) return []
  const rows = await db
    .selectFrom('resolutions')
    .select(['id', 'year', 'seq', 'status', 'agenda_item_id', 'due_date'])
    .where('agenda_item_id', 'in', itemIds)
    .orderBy('seq')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    agendaItemId: r.agenda_item_id,
    number: resolutionNumber(r.year, r.seq),
    status: r.status,
    dueDate: r.due_date,
  }))
}
