import { AppError, notFound } from '../../shared/app-error'
import { nowIso, officeDate, officeDateTime, officeLocalToUtc } from '../../shared/time'
import type { Db } from '../database/open-database'
import type { TopicStatus } from '../database/schema'
import { audit } from '../database/audit'
import { contains } from '../database/text-search'
import { householdLabel } from '../people'
import { getCategory } from './category-service'
import { resolutionNumber, topicNumber, VOIDED, type TopicChannel, type Urgency } from '../../shared/followup-values'
import { nextNumber } from '../database/numbering'
import { appendItem, onAgendaItemChange } from '../meetings'
import { inTransaction } from '../database/unit-of-work'
import { followOriginals, followOwnOriginal, setTopicAnswer } from './topic-answer'

/**
 * 议题征集: a resident's concern as the office heard it, and where it went — onto a council agenda,
 * to a department (转办), or declined with a reason the resident will be told.
 *
 *   征集中 → 已采纳 → 已上会 → 已议          (已议 is set when the agenda item is decided)
 *   征集中 / 已采纳 → 转办 | 不予采纳 (reason required)
 *
 * A topic entered by mistake (twice, or with a wrong year nobody can fix by editing) is 作废 with a
 * reason: it keeps its number and its status as history, leaves every list, count and "still to
 * tell" (it is never told to the resident as a rejection), and shows under the 已作废 filter.
 */
export interface TopicInput {
  /** Office-local 'YYYY-MM-DDTHH:mm'; null = now. */
  receivedAt: string | null
  channel: TopicChannel
  residentId: number | null
  gridId: number | null
  buildingId: number | null
  categoryId: number
  urgency: Urgency
  description: string
  duplicateOfId: number | null
}

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

const EARLY_ENTRY_MS = 5 * 60_000

function receivedInstant(input: { receivedAt: string | null }, now: string): string {
  if (input.receivedAt === null) return now
  const at = officeLocalToUtc(input.receivedAt)
  if (Date.parse(at) > Date.parse(now) + EARLY_ENTRY_MS) {
    throw new AppError('INVALID_INPUT', '「收到时间」不能晚于现在。')
  }
  return at
}

/** Checks the places and the person named, and fills the grid from the building (or the resident's home). */
async function placeOf(db: Db, input: TopicInput): Promise<{ gridId: number | null; buildingId: number | null }> {
  let { gridId, buildingId } = input
  if (input.residentId !== null) {
    const r = await db
      .selectFrom('residents')
      .select(['building_id', 'deleted_at'])
      .where('id', '=', input.residentId)
      .executeTakeFirst()
    if (!r || r.deleted_at) throw notFound('居民')
    if (buildingId === null && gridId === null) buildingId = r.building_id
  }
  if (buildingId !== null) {
    const b = await db.selectFrom('buildings').select('grid_id').where('id', '=', buildingId).executeTakeFirst()
    if (!b) throw notFound('楼栋')
    if (gridId === null) gridId = b.grid_id
    else if (b.grid_id !== null && b.grid_id !== gridId) {
      throw new AppError('INVALID_INPUT', '所选楼栋不属于所选网格，请重新选择。')
    }
  }
  if (gridId !== null) {
    const g = await db.selectFrom('grids').select('id').where('id', '=', gridId).executeTakeFirst()
    if (!g) throw notFound('网格')
  }
  return { gridId, buildingId }
}

async function assertDuplicateTarget(db: Db, duplicateOfId: number | null, selfId: number | null): Promise<void> {
  if (duplicateOfId === null) return
  if (duplicateOfId === selfId) throw new AppError('INVALID_INPUT', '议题不能标记为与自己重复。')
  const t = await db
    .selectFrom('topics')
    .select(['id', 'year', 'seq', 'voided_at'])
    .where('id', '=', duplicateOfId)
    .executeTakeFirst()
  if (!t) throw notFound('被标记为重复的原议题')
  if (t.voided_at) {
    throw new AppError('VOIDED', `议题 ${topicNumber(t.year, t.seq)} 已作废，不能标记为与它重复。`)
  }
}

export async function createTopic(db: Db, input: TopicInput, now = nowIso()): Promise<{ id: number; number: string }> {
  const receivedAt = receivedInstant(input, now)
  const receivedOn = officeDate(receivedAt)
  const year = Number(receivedOn.slice(0, 4))
  return inTransaction(db, async (trx) => {
    const category = await getCategory(trx, input.categoryId)
    if (category.retired) throw new AppError('INVALID_INPUT', `分类「${category.name}」已停用，请选择其他分类。`)
    const place = await placeOf(trx, input)
    await assertDuplicateTarget(trx, input.duplicateOfId, null)
    const seq = await nextNumber(trx, 'topic', year)
    const row = await trx
      .insertInto('topics')
      .values({
        year,
        seq,
        received_at: receivedAt,
        received_on: receivedOn,
        channel: input.channel,
        resident_id: input.residentId,
        grid_id: place.gridId,
        building_id: place.buildingId,
        category_id: input.categoryId,
        urgency: input.urgency,
        description: input.description,
        status: '征集中',
        duplicate_of_id: input.duplicateOfId,
        routed_department: null,
        routed_at: null,
        respond_by: null,
        responded_at: null,
        answered_at: null,
        told_at: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    // Registered as the same as a topic already answered: this reporter is owed that answer too.
    if (input.duplicateOfId !== null) await followOwnOriginal(trx, row.id, now)
    return { id: row.id, number: topicNumber(year, seq) }
  })
}

/** A live topic (a voided one can no longer be handled). */
async function topicRecord(db: Db, id: number) {
  const t = await db.selectFrom('topics').selectAll().where('id', '=', id).executeTakeFirst()
  if (!t) throw notFound('议题')
  if (t.voided_at) throw new AppError('VOIDED', `议题 ${topicNumber(t.year, t.seq)} 已作废，不能再办理。`)
  return t
}

/**
 * What was recorded at intake can be corrected until the topic has gone somewhere (征集中 or
 * 已采纳: not yet on an agenda, routed or declined). A received date moved to another year (a
 * mistyped year) gives the topic the next number of that year, since the number says the year;
 * the old number is never handed out again, and the audit log keeps both.
 */
export async function updateTopic(
  db: Db,
  id: number,
  input: TopicInput,
  now = nowIso(),
): Promise<{ number: string; previousNumber: string | null }> {
  return inTransaction(db, async (trx) => {
    const t = await topicRecord(trx, id)
    if (!['征集中', '已采纳'].includes(t.status)) {
      throw new AppError('LOCKED', `议题已「${t.status}」，登记内容不能再改。`)
    }
    const receivedAt = input.receivedAt === null ? t.received_at : receivedInstant(input, now)
    const category = await getCategory(trx, input.categoryId)
    if (category.retired && category.id !== t.category_id) {
      throw new AppError('INVALID_INPUT', `分类「${category.name}」已停用，请选择其他分类。`)
    }
    const place = await placeOf(trx, input)
    await assertDuplicateTarget(trx, input.duplicateOfId, id)
    const year = Number(officeDate(receivedAt).slice(0, 4))
    const seq = year === t.year ? t.seq : await nextNumber(trx, 'topic', year)
    await trx
      .updateTable('topics')
      .set({
        year,
        seq,
        received_at: receivedAt,
        received_on: officeDate(receivedAt),
        channel: input.channel,
        resident_id: input.residentId,
        grid_id: place.gridId,
        building_id: place.buildingId,
        category_id: input.categoryId,
        urgency: input.urgency,
        description: input.description,
        duplicate_of_id: input.duplicateOfId,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute()
    if (t.duplicate_of_id !== input.duplicateOfId || t.resident_id !== input.residentId) {
      await followOwnOriginal(trx, id, now)
    }
    const number = topicNumber(year, seq)
    const previousNumber = year === t.year ? null : topicNumber(t.year, t.seq)
    await audit(trx, '修改', '议题', id, { before: t, after: input, number, previousNumber })
    return { number, previousNumber }
  })
}

/**
 * 作废: takes a topic entered by mistake out of the register's lists and figures, with a reason
 * kept on it. Refused while it sits on an agenda (remove it there first, the meeting's record
 * must stay true) or while other topics are marked as its duplicates (their residents are told
 * through it). Nothing is said to the resident.
 */
export async function voidTopic(db: Db, id: number, reason: string, now = nowIso()): Promise<void> {
  await inTransaction(db, async (trx) => {
    const t = await trx.selectFrom('topics').selectAll().where('id', '=', id).executeTakeFirst()
    if (!t) throw notFound('议题')
    const number = topicNumber(t.year, t.seq)
    if (t.voided_at) throw new AppError('ALREADY', `议题 ${number} 已经作废了。`)
    const onAgenda = await trx
      .selectFrom('agenda_items as a')
      .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
      .select(['m.title', 'm.starts_at'])
      .where('a.topic_id', '=', id)
      .orderBy('m.starts_at', 'desc')
      .executeTakeFirst()
    if (onAgenda) {
      throw new AppError(
        'IN_USE',
        `议题 ${number} 已列入「${onAgenda.title}」（${officeDateTime(onAgenda.starts_at).slice(0, 10)}）的议程，不能作废。如果确实登记错了，请先在那次会议的议程里删去这一项。`,
      )
    }
    const dups = await trx
      .selectFrom('topics')
      .select(['year', 'seq'])
      .where('duplicate_of_id', '=', id)
      .where('voided_at', 'is', null)
      .orderBy('id')
      .execute()
    if (dups.length) {
      throw new AppError(
        'IN_USE',
        `议题 ${dups.map((d) => topicNumber(d.year, d.seq)).join('、')} 标记为与 ${number} 重复，请先修改它们（取消“重复”标记或改为与别的议题重复），再作废 ${number}。`,
      )
    }
    await trx
      .updateTable('topics')
      .set({ voided_at: now, void_reason: reason, updated_at: now })
      .where('id', '=', id)
      .execute()
    await audit(trx, '修改', '议题作废', id, { number, reason, status: t.status })
  })
}

function assertFrom(t: { status: string }, allowed: readonly string[], action: string): void {
  if (!allowed.includes(t.status)) {
    throw new AppError('BAD_STATUS', `议题现在是「${t.status}」，不能${action}。`)
  }
}

export async function adoptTopic(db: Db, id: number, now = nowIso()): Promise<void> {
  await inTransaction(db, async (trx) => {
    const t = await topicRecord(trx, id)
    assertFrom(t, ['征集中'], '采纳')
    await trx.updateTable('topics').set({ status: '已采纳', updated_at: now }).where('id', '=', id).execute()
  })
}

/** 转办: sent to the department its category routes to (or another the clerk names), with a clock. */
export async function routeTopic(
  db: Db,
  id: number,
  input: { department: string | null; reason: string },
  now = nowIso(),
): Promise<{ department: string; respondBy: string }> {
  return inTransaction(db, async (trx) => {
    const t = await topicRecord(trx, id)
    assertFrom(t, ['征集中', '已采纳'], '转办')
    const category = await getCategory(trx, t.category_id)
    const department = input.department?.trim() || category.department
    const respondBy = new Date(Date.parse(now) + category.response_hours * 3600_000).toISOString()
    await trx
      .updateTable('topics')
      .set({
        status: '转办',
        status_reason: input.reason,
        routed_department: department,
        routed_at: now,
        respond_by: respondBy,
        // A duplicate routed on its own waits for its own answer, not its original's.
        answered_at: null,
        told_at: null,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute()
    await followOriginals(trx, [id], now)
    await audit(trx, '修改', '议题转办', id, { department, respondBy, reason: input.reason })
    return { department, respondBy: officeDateTime(respondBy) }
  })
}

/** The department's answer to a routed topic: this is the answer the resident is owed. */
export async function recordDepartmentReply(
  db: Db,
  id: number,
  input: { text: string; at: string | null },
  now = nowIso(),
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const t = await topicRecord(trx, id)
    if (t.status !== '转办') throw new AppError('BAD_STATUS', '只有已转办的议题才能登记部门答复。')
    if (t.responded_at) throw new AppError('ALREADY', '这个议题已经登记过部门答复。')
    const at = input.at === null ? now : officeLocalToUtc(input.at)
    if (Date.parse(at) > Date.parse(now) + EARLY_ENTRY_MS)
      throw new AppError('INVALID_INPUT', '「答复时间」不能晚于现在。')
    if (at < t.routed_at!) throw new AppError('INVALID_INPUT', '「答复时间」不能早于转办时间。')
    await trx
      .updateTable('topics')
      .set({ responded_at: at, response_text: input.text, updated_at: now })
      .where('id', '=', id)
      .execute()
    await setTopicAnswer(trx, [id], at, now)
  })
}

export async function rejectTopic(db: Db, id: number, reason: string, now = nowIso()): Promise<void> {
  await inTransaction(db, async (trx) => {
    const t = await topicRecord(trx, id)
    assertFrom(t, ['征集中', '已采纳'], '不予采纳')
    await trx
      .updateTable('topics')
      .set({ status: '不予采纳', status_reason: reason, updated_at: now })
      .where('id', '=', id)
      .execute()
    await setTopicAnswer(trx, [id], now, now)
    await audit(trx, '修改', '议题不予采纳', id, { reason })
  })
}

/**
 * 上会: the topic becomes an agenda item of a chosen meeting, in one step (adopting it if the clerk
 * had not yet). The item remembers the topic, so deciding the item marks the topic 已议.
 */
export async function putOnAgenda(
  db: Db,
  id: number,
  input: { meetingId: number; title: string; type: '讨论' | '表决'; plannedMinutes: number; presenter: string },
  now = nowIso(),
): Promise<{ itemId: number }> {
  return inTransaction(db, async (trx) => {
    const t = await topicRecord(trx, id)
    assertFrom(t, ['征集中', '已采纳'], '上会')
    const m = await trx
      .selectFrom('meetings')
      .select(['status', 'title'])
      .where('id', '=', input.meetingId)
      .executeTakeFirst()
    if (!m) throw notFound('会议')
    if (!['草稿', '已通知', '进行中', '延期'].includes(m.status)) {
      throw new AppError('LOCKED', `会议「${m.title}」已${m.status}，不能再添加议题。请选择一次还没开的会议。`)
    }
    const itemId = await appendItem(trx, input.meetingId, {
      title: input.title,
      type: input.type,
      presenter: input.presenter,
      plannedMinutes: input.plannedMinutes,
      topicId: id,
    })
    await trx.updateTable('topics').set({ status: '已上会', updated_at: now }).where('id', '=', id).execute()
    // On the agenda itself now: its answer is the council's, no longer an original's.
    await setTopicAnswer(trx, [id], null, now)
    return { itemId }
  })
}

/**
 * Keeps a topic's status in step with its agenda item: decided → 已议 (and, unless a resolution
 * follows, that decision is the answer); reopened → 已上会; removed from the agenda → 已采纳.
 * The meetings module calls it (through agenda-hooks) inside its own transaction.
 */
export async function syncTopicWithItem(
  trx: Db,
  item: { id: number; topic_id: number | null },
  change: 'decided' | 'reopened' | 'removed',
  now = nowIso(),
): Promise<void> {
  if (item.topic_id === null) return
  const t = await trx.selectFrom('topics').select(['id', 'status']).where('id', '=', item.topic_id).executeTakeFirst()
  if (!t) return
  if (change === 'decided' && t.status === '已上会') {
    await trx.updateTable('topics').set({ status: '已议', updated_at: now }).where('id', '=', t.id).execute()
    await setTopicAnswer(trx, [t.id], now, now)
  } else if (change === 'reopened' && t.status === '已议') {
    await trx.updateTable('topics').set({ status: '已上会', updated_at: now }).where('id', '=', t.id).execute()
    await setTopicAnswer(trx, [t.id], null, now)
  } else if (change === 'removed' && (t.status === '已上会' || t.status === '已议')) {
    const elsewhere = await trx
      .selectFrom('agenda_items')
      .select('id')
      .where('topic_id', '=', t.id)
      .where('id', '<>', item.id)
      .executeTakeFirst()
    if (!elsewhere) {
      await trx.updateTable('topics').set({ status: '已采纳', updated_at: now }).where('id', '=', t.id).execute()
      await setTopicAnswer(trx, [t.id], null, now)
      // Back to waiting: if it is itself a duplicate, its original's answer is its answer again.
      await followOwnOriginal(trx, t.id, now)
    }
  }
}

// ---- reading ----

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

function baseQuery(db: Db) {
  return db
    .selectFrom('topics as t')
    .innerJoin('topic_categories as c', 'c.id', 't.category_id')
    .leftJoin('residents as r', 'r.id', 't.resident_id')
    .leftJoin('buildings as b', 'b.id', 't.building_id')
    .leftJoin('grids as g', 'g.id', 't.grid_id')
    .leftJoin('topics as d', 'd.id', 't.duplicate_of_id')
}

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

/** The register narrowed by a filter; the list and every count of it (the home page's too) share it. */
function filteredQuery(db: Db, query: TopicFilter, now: string) {
  let q = baseQuery(db)
  if (query.status === VOIDED) q = q.where('t.voided_at', 'is not', null)
  else {
    q = q.where('t.voided_at', 'is', null)
    if (query.status) q = q.where('t.status', '=', query.status)
  }
  if (query.channel) q = q.where('t.channel', '=', query.channel)
  if (query.categoryId !== null) q = q.where('t.category_id', '=', query.categoryId)
  if (query.gridId !== null) q = q.where('t.grid_id', '=', query.gridId)
  if (query.from) q = q.where('t.received_on', '>=', query.from)
  if (query.to) q = q.where('t.received_on', '<=', query.to)
  if (query.overdueRouting) {
    q = q.where('t.status', '=', '转办').where('t.responded_at', 'is', null).where('t.respond_by', '<', now)
  }
  if (query.untold) q = q.where('t.answered_at', 'is not', null).where('t.told_at', 'is', null)
  if (query.search) {
    const text = query.search
    q = q.where((eb) => eb.or(['t.description', 'r.name', 'b.name'].map((c) => contains(c, text))))
  }
  return q
}

/** How many topics a filter selects: exactly the number of rows the list shows with that filter. */
export async function countTopics(db: Db, filter: Partial<TopicFilter>, now = nowIso()): Promise<number> {
  const total = await filteredQuery(db, { ...NO_FILTER, ...filter }, now)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(total.n)
}

export async function listTopics(
  db: Db,
  query: TopicQuery,
  now = nowIso(),
): Promise<{ rows: TopicRow[]; total: number }> {
  const q = filteredQuery(db, query, now)
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const rows = await q
    .select(columns)
    .orderBy('t.received_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(query.limit)
    .offset(query.offset)
    .execute()
  const agenda = await agendaOf(
    db,
    rows.map((r) => r.id),
  )
  return { rows: rows.map((r) => toRow(r, agenda.get(r.id) ?? null, now)), total: Number(total.n) }
}

/** The latest agenda item each topic sits on (a carried-over item's copy is the latest). */
async function agendaOf(db: Db, topicIds: number[]) {
  const map = new Map<number, TopicRow['agenda']>()
  if (topicIds.length === 0) return map
  const items = await db
    .selectFrom('agenda_items as a')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .select(['a.id', 'a.topic_id', 'a.state', 'm.id as meetingId', 'm.title', 'm.starts_at'])
    .where('a.topic_id', 'in', topicIds)
    .orderBy('m.starts_at')
    .execute()
  for (const i of items) {
    map.set(i.topic_id!, {
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
  categoryName: string
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
    categoryName: t.categoryName,
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

export async function getTopic(db: Db, id: number, now = nowIso()) {
  const t = await baseQuery(db).select(columns).where('t.id', '=', id).executeTakeFirst()
  if (!t) throw notFound('议题')
  const agenda = await agendaOf(db, [id])
  const resolutions = await db
    .selectFrom('resolutions as r')
    .innerJoin('agenda_items as a', 'a.id', 'r.agenda_item_id')
    .select(['r.id', 'r.year', 'r.seq', 'r.status', 'r.due_date'])
    .where('a.topic_id', '=', id)
    .orderBy('r.id')
    .execute()
  const duplicates = await db
    .selectFrom('topics')
    .select(['id', 'year', 'seq'])
    .where('duplicate_of_id', '=', id)
    .orderBy('id')
    .execute()
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

// Meetings tell topics about agenda items through a hook, so meetings never import topics.
onAgendaItemChange((trx, e) => syncTopicWithItem(trx, e.item, e.change))
