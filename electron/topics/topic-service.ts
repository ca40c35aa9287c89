import { AppError, notFound } from '../../shared/app-error'
import { nowIso, officeDate, officeDateTime, officeLocalToUtc } from '../../shared/time'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { getCategory } from './category-service'
import { topicNumber, type TopicChannel, type Urgency } from '../../shared/followup-values'
import { nextNumber } from '../database/numbering'
import { appendItem, onAgendaItemChange } from '../meetings'
import { inTransaction } from '../database/unit-of-work'
import { followOriginals, followOwnOriginal, setTopicAnswer } from './topic-answer'

// The register's reading half (lists, one topic's page, agenda targets) lives in topic-reads.ts.
export {
  agendaTargets,
  countTopics,
  getTopic,
  listTopics,
  type RoutingState,
  type TopicFilter,
  type TopicQuery,
  type TopicRow,
} from './topic-reads'

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

// Meetings tell topics about agenda items through a hook, so meetings never import topics.
onAgendaItemChange((trx, e) => syncTopicWithItem(trx, e.item, e.change))
