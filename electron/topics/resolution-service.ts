import { AppError, notFound } from '../../shared/app-error'
import { nowIso, officeDate, officeDateTime, officeLocalToUtc } from '../../shared/time'
import { chineseDate, daysBetween } from '../../shared/dates'
import type { Db } from '../database/open-database'
import type { ResolutionStatus } from '../database/schema'
import { audit } from '../database/audit'
import { contains } from '../database/text-search'
import { meetsRule } from '../meetings'
import {
  isDoneResolution,
  isOpenResolution,
  OPEN_RESOLUTION,
  RESOLUTION_FILTERS,
  resolutionNumber,
  topicNumber,
} from '../../shared/followup-values'
import { nextNumber } from '../database/numbering'
import { setTopicAnswer } from './topic-answer'
import { inTransaction, type Trx } from '../database/unit-of-work'
import { syncOverdueReports } from './overdue-report'

/**
 * A change to a resolution's status or due date can put it on, or take it off, the next
 * meeting's 督办通报: the report is brought up to date in the same transaction.
 */
function changing<T>(db: Db, now: string, work: (trx: Trx) => Promise<T>): Promise<T> {
  return inTransaction(db, async (trx) => {
    const result = await work(trx)
    await syncOverdueReports(trx, now)
    return result
  })
}

/**
 * 决议督办: a resolution decided on an agenda item, handled by a lead department (with others
 * helping) by a due date. 待办 → 办理中 (first progress note) → 已办结 → 已反馈 → 已评价.
 * 逾期 is computed from the due date and today, never stored. Progress notes are append-only
 * (the database refuses edits), so the history is evidence.
 */
export interface ResolutionInput {
  text: string
  leadDepartment: string
  coDepartments: string[]
  /** 'YYYY-MM-DD' */
  dueDate: string
}

const HELD = ['进行中', '待整理纪要', '纪要已确认', '已归档']
const EARLY_ENTRY_MS = 5 * 60_000

export function isOverdue(r: { status: string; due_date: string }, today: string): boolean {
  return isOpenResolution(r.status) && r.due_date < today
}

function cleanDepartments(input: ResolutionInput): string[] {
  const lead = input.leadDepartment.trim()
  return [...new Set(input.coDepartments.map((d) => d.trim()).filter((d) => d && d !== lead))]
}

async function itemWithMeeting(db: Db, agendaItemId: number) {
  const item = await db
    .selectFrom('agenda_items as a')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .select([
      'a.id',
      'a.title',
      'a.type',
      'a.state',
      'a.votes_for',
      'a.votes_eligible',
      'a.pass_rule',
      'a.topic_id',
      'a.is_report',
      'm.id as meetingId',
      'm.title as meetingTitle',
      'm.status as meetingStatus',
      'm.starts_at',
      'm.ends_at',
    ])
    .where('a.id', '=', agendaItemId)
    .executeTakeFirst()
  if (!item) throw notFound('议程事项')
  return item
}

function assertDueDate(dueDate: string, meetingDate: string): void {
  if (dueDate < meetingDate) {
    throw new AppError('INVALID_INPUT', `「办理时限」不能早于作出决议的会议日期（${chineseDate(meetingDate)}）。`)
  }
}

export async function createResolution(
  db: Db,
  agendaItemId: number,
  input: ResolutionInput,
  now = nowIso(),
): Promise<{ id: number; number: string }> {
  return changing(db, now, async (trx) => {
    const item = await itemWithMeeting(trx, agendaItemId)
    if (item.type === '通报' || item.is_report) {
      throw new AppError('INVALID_INPUT', '通报事项只是告知情况，不形成决议。请在讨论或表决事项上形成决议。')
    }
    if (!HELD.includes(item.meetingStatus)) {
      throw new AppError('BAD_STATUS', `会议还没有召开（现在是「${item.meetingStatus}」），开会议定之后才能形成决议。`)
    }
    if (item.type === '表决') {
      if (item.votes_for === null) throw new AppError('BAD_STATUS', '这个事项还没有录入表决结果，不能形成决议。')
      if (!meetsRule(item.votes_for, item.votes_eligible ?? 0, item.pass_rule ?? '过半数')) {
        throw new AppError('BAD_STATUS', '这个事项表决未通过，不能形成决议。')
      }
    } else if (item.state !== '已议') {
      throw new AppError('BAD_STATUS', '这个事项还没有议定（请先在议程中标为“已议”），不能形成决议。')
    }
    const meetingDate = officeDate(item.starts_at)
    assertDueDate(input.dueDate, meetingDate)
    const year = Number(meetingDate.slice(0, 4))
    const seq = await nextNumber(trx, 'resolution', year)
    const row = await trx
      .insertInto('resolutions')
      .values({
        year,
        seq,
        agenda_item_id: agendaItemId,
        text: input.text,
        lead_department: input.leadDepartment.trim(),
        co_departments: JSON.stringify(cleanDepartments(input)),
        due_date: input.dueDate,
        decided_at: item.ends_at,
        status: '待办',
        first_action_at: null,
        completed_at: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    // The topic's answer is now this resolution's completion, not the decision itself.
    if (item.topic_id !== null) await setTopicAnswer(trx, [item.topic_id], null, now)
    await audit(trx, '新增', '决议', row.id, { number: resolutionNumber(year, seq), ...input })
    return { id: row.id, number: resolutionNumber(year, seq) }
  })
}

async function resolutionRecord(db: Db, id: number) {
  const r = await db.selectFrom('resolutions').selectAll().where('id', '=', id).executeTakeFirst()
  if (!r) throw notFound('决议')
  return r
}

/** The topic an agenda item came from (the resident who is owed the answer), if any. */
async function topicOfItem(db: Db, agendaItemId: number): Promise<number[]> {
  const a = await db.selectFrom('agenda_items').select('topic_id').where('id', '=', agendaItemId).executeTakeFirst()
  return a?.topic_id != null ? [a.topic_id] : []
}

function eventTime(at: string | null, now: string, notBefore: string, label: string): string {
  const t = at === null ? now : officeLocalToUtc(at)
  if (Date.parse(t) > Date.parse(now) + EARLY_ENTRY_MS)
    throw new AppError('INVALID_INPUT', `「${label}」不能晚于现在。`)
  if (t < notBefore) {
    throw new AppError(
      'INVALID_INPUT',
      `「${label}」不能早于决议作出的时间（${officeDateTime(notBefore).replace('T', ' ')}）。`,
    )
  }
  return t
}

/**
 * What the history says about a moved deadline: "办理时限由2026年10月20日改为2026年12月31日（原期限
 * 已逾期 32 天）。理由：…". A deadline that had already passed says so, so an extension granted
 * after the fact cannot pass for one agreed in time.
 */
export function deadlineChangeNote(from: string, to: string, today: string, reason: string): string {
  const overdue = from < today ? `（原期限已逾期 ${daysBetween(from, today)} 天）` : ''
  return `办理时限由${chineseDate(from)}改为${chineseDate(to)}${overdue}。理由：${reason}`
}

/**
 * Changes text, departments or due date while the work is open; the change itself becomes a note.
 * Moving the due date needs a reason (it is what the council and the residents will ask about).
 */
export async function updateResolution(
  db: Db,
  id: number,
  input: ResolutionInput & { reason: string },
  now = nowIso(),
): Promise<void> {
  const reason = input.reason.trim()
  await changing(db, now, async (trx) => {
    const r = await resolutionRecord(trx, id)
    if (!isOpenResolution(r.status)) throw new AppError('LOCKED', `决议已「${r.status}」，不能再修改。`)
    assertDueDate(input.dueDate, officeDate(r.decided_at))
    const co = cleanDepartments(input)
    const changes: string[] = []
    if (r.text !== input.text) changes.push('决议内容')
    if (r.lead_department !== input.leadDepartment.trim())
      changes.push(`牵头部门 ${r.lead_department}→${input.leadDepartment.trim()}`)
    if (r.co_departments !== JSON.stringify(co)) changes.push('配合部门')
    const dueMoved = r.due_date !== input.dueDate
    if (changes.length === 0 && !dueMoved) return
    if (dueMoved && !reason) {
      throw new AppError(
        'INVALID_INPUT',
        `改办理时限要写明理由（例如“街道要求延期”“需等材料到位”），理由会记入办理记录${
          isOverdue(r, officeDate(now)) ? '，并注明原期限已逾期' : ''
        }。`,
      )
    }
    await trx
      .updateTable('resolutions')
      .set({
        text: input.text,
        lead_department: input.leadDepartment.trim(),
        co_departments: JSON.stringify(co),
        due_date: input.dueDate,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute()
    const lines: string[] = []
    if (changes.length > 0) lines.push(`修改了${changes.join('；')}。${!dueMoved && reason ? `原因：${reason}` : ''}`)
    if (dueMoved) lines.push(deadlineChangeNote(r.due_date, input.dueDate, officeDate(now), reason))
    await trx
      .insertInto('resolution_progress')
      .values({ resolution_id: id, at: now, kind: '修改', text: lines.join(''), recorded_at: now })
      .execute()
    await audit(trx, '修改', '决议', id, { before: r, after: input })
  })
}

export async function addProgress(
  db: Db,
  id: number,
  input: { text: string; at: string | null; reportedBy: string },
  now = nowIso(),
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const r = await resolutionRecord(trx, id)
    if (r.status === '已撤销') throw new AppError('LOCKED', '决议已撤销，不能再登记进展。')
    const at = eventTime(input.at, now, r.decided_at, '进展时间')
    await trx
      .insertInto('resolution_progress')
      .values({
        resolution_id: id,
        at,
        kind: '进展',
        text: input.text,
        reported_by: input.reportedBy,
        recorded_at: now,
      })
      .execute()
    const firstAction = r.first_action_at === null || at < r.first_action_at ? at : r.first_action_at
    await trx
      .updateTable('resolutions')
      .set({ status: r.status === '待办' ? '办理中' : r.status, first_action_at: firstAction, updated_at: now })
      .where('id', '=', id)
      .execute()
  })
}

/** 办结: the department reports it done. Telling the residents is the next step (feedback). */
export async function completeResolution(
  db: Db,
  id: number,
  input: { note: string; at: string | null; reportedBy: string },
  now = nowIso(),
): Promise<void> {
  await changing(db, now, async (trx) => {
    const r = await resolutionRecord(trx, id)
    if (!isOpenResolution(r.status)) throw new AppError('BAD_STATUS', `决议已「${r.status}」，不能再办结。`)
    const at = eventTime(input.at, now, r.decided_at, '办结时间')
    if (r.first_action_at && at < r.first_action_at) {
      throw new AppError('INVALID_INPUT', '「办结时间」不能早于第一次登记的进展。')
    }
    await trx
      .insertInto('resolution_progress')
      .values({
        resolution_id: id,
        at,
        kind: '办结',
        text: input.note,
        reported_by: input.reportedBy,
        recorded_at: now,
      })
      .execute()
    await trx
      .updateTable('resolutions')
      .set({
        status: '已办结',
        completed_at: at,
        completion_note: input.note,
        first_action_at: r.first_action_at ?? at,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute()
    // The residents who raised it (and those who raised the same thing) now have an answer waiting.
    await setTopicAnswer(trx, await topicOfItem(trx, r.agenda_item_id), at, now)
  })
}

/**
 * 重新办理: the department said it was done, the resident says it is not (不满意), and the office
 * sends it back. The resolution is open again (办理中) with a new due date; the history keeps the
 * earlier completion and says why it was reopened; the resident is owed a new answer.
 */
export async function reopenResolution(
  db: Db,
  id: number,
  input: { reason: string; dueDate: string },
  now = nowIso(),
): Promise<void> {
  const reason = input.reason.trim()
  if (!reason) throw new AppError('INVALID_INPUT', '请写明为什么重新办理（例如居民反映的问题仍然存在）。')
  await changing(db, now, async (trx) => {
    const r = await resolutionRecord(trx, id)
    if (!isDoneResolution(r.status)) {
      throw new AppError(
        'BAD_STATUS',
        r.status === '已撤销' ? '决议已撤销，不能重新办理。' : `决议还在「${r.status}」，不需要重新办理。`,
      )
    }
    const today = officeDate(now)
    if (input.dueDate < today) throw new AppError('INVALID_INPUT', '重新办理的「办理时限」不能早于今天。')
    const latest = await trx
      .selectFrom('feedback')
      .select('satisfaction')
      .where('resolution_id', '=', id)
      .where('satisfaction', 'is not', null)
      .orderBy('told_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst()
    const why = latest?.satisfaction === '不满意' ? '居民评价不满意，' : ''
    await trx
      .updateTable('resolutions')
      .set({
        status: '办理中',
        completed_at: null,
        completion_note: '',
        due_date: input.dueDate,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute()
    await trx
      .insertInto('resolution_progress')
      .values({
        resolution_id: id,
        at: now,
        kind: '修改',
        text: `重新办理：${why}原「${r.status}」退回办理中，办理时限改为${chineseDate(input.dueDate)}。原因：${reason}`,
        recorded_at: now,
      })
      .execute()
    await setTopicAnswer(trx, await topicOfItem(trx, r.agenda_item_id), null, now)
    await audit(trx, '修改', '决议重新办理', id, { from: r.status, reason, dueDate: input.dueDate })
  })
}

/** 撤销: kept with its number (numbers are never reused), out of every open list. */
export async function voidResolution(db: Db, id: number, reason: string, now = nowIso()): Promise<void> {
  await changing(db, now, async (trx) => {
    const r = await resolutionRecord(trx, id)
    if (!isOpenResolution(r.status)) throw new AppError('BAD_STATUS', `决议已「${r.status}」，不能撤销。`)
    await trx
      .updateTable('resolutions')
      .set({ status: '已撤销', void_reason: reason, updated_at: now })
      .where('id', '=', id)
      .execute()
    await trx
      .insertInto('resolution_progress')
      .values({ resolution_id: id, at: now, kind: '撤销', text: `撤销决议。原因：${reason}`, recorded_at: now })
      .execute()
    await audit(trx, '修改', '决议撤销', id, { reason })
  })
}

// ---- reading ----

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

async function topicsOf(db: Db, topicIds: number[]) {
  const map = new Map<number, ResolutionRow['topics'][number]>()
  const ids = [...new Set(topicIds)]
  if (ids.length === 0) return map
  const rows = await db
    .selectFrom('topics as t')
    .leftJoin('residents as p', 'p.id', 't.resident_id')
    .select(['t.id', 't.year', 't.seq', 'p.name'])
    .where('t.id', 'in', ids)
    .execute()
  for (const t of rows) map.set(t.id, { id: t.id, number: topicNumber(t.year, t.seq), residentName: t.name ?? '' })
  return map
}

export type ResolutionFilter = Omit<ResolutionQuery, 'limit' | 'offset'>

/** The resolutions a filter selects; the list and every count of it (the home page's too) share it. */
function filteredQuery(db: Db, query: ResolutionFilter, today: string) {
  let q = baseQuery(db)
  if (query.status === '逾期') q = q.where('r.status', 'in', OPEN_RESOLUTION).where('r.due_date', '<', today)
  else if (query.status) q = q.where('r.status', '=', query.status)
  if (query.department) {
    const d = query.department
    q = q.where((eb) => eb.or([eb('r.lead_department', '=', d), contains('r.co_departments', `"${d}"`)]))
  }
  if (query.year !== null) q = q.where('r.year', '=', query.year)
  if (query.search) {
    const s = query.search
    q = q.where((eb) => eb.or([contains('r.text', s), contains('a.title', s)]))
  }
  return q
}

/** How many resolutions a filter selects: exactly the number of rows the list shows with that filter. */
export async function countResolutions(db: Db, filter: Partial<ResolutionFilter>, now = nowIso()): Promise<number> {
  const query = { status: null, department: null, year: null, search: '', ...filter }
  const total = await filteredQuery(db, query, officeDate(now))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(total.n)
}

export async function listResolutions(
  db: Db,
  query: ResolutionQuery,
  now = nowIso(),
): Promise<{ rows: ResolutionRow[]; total: number }> {
  const today = officeDate(now)
  const q = filteredQuery(db, query, today)
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const rows = await q
    .select(columns)
    .orderBy('r.year', 'desc')
    .orderBy('r.seq', 'desc')
    .limit(query.limit)
    .offset(query.offset)
    .execute()
  const topics = await topicsOf(
    db,
    rows.flatMap((r) => (r.topic_id === null ? [] : [r.topic_id])),
  )
  return {
    rows: rows.map((r) =>
      toRow(r, r.topic_id !== null && topics.has(r.topic_id) ? [topics.get(r.topic_id)!] : [], today),
    ),
    total: Number(total.n),
  }
}

export async function getResolution(db: Db, id: number, now = nowIso()) {
  const r = await baseQuery(db).select(columns).where('r.id', '=', id).executeTakeFirst()
  if (!r) throw notFound('决议')
  const today = officeDate(now)
  const topics = await topicsOf(db, r.topic_id === null ? [] : [r.topic_id])
  const progress = await db
    .selectFrom('resolution_progress')
    .select(['id', 'at', 'kind', 'text', 'reported_by', 'recorded_at'])
    .where('resolution_id', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute()
  const feedback = await db
    .selectFrom('feedback')
    .select(['id', 'channel', 'told_at', 'content', 'satisfaction', 'rated_at'])
    .where('resolution_id', '=', id)
    .orderBy('told_at')
    .execute()
  const reports = await db
    .selectFrom('agenda_reports as ar')
    .innerJoin('agenda_items as a', 'a.id', 'ar.agenda_item_id')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .select(['m.id', 'm.title', 'm.starts_at'])
    .where('ar.resolution_id', '=', id)
    .orderBy('m.starts_at')
    .execute()
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
