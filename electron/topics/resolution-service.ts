import { AppError, notFound } from '../../shared/app-error'
import { nowIso, officeDate, officeDateTime, officeLocalToUtc } from '../../shared/time'
import { chineseDate, daysBetween } from '../../shared/dates'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { meetsRule } from '../meetings'
import { isDoneResolution, isOpenResolution, resolutionNumber } from '../../shared/followup-values'
import { nextNumber } from '../database/numbering'
import { setTopicAnswer } from './topic-answer'
import { inTransaction, type Trx } from '../database/unit-of-work'
import { syncOverdueReports } from './overdue-report'
import { isOverdue } from './resolution-rules'

// The reading half (list, one resolution's page) lives in resolution-reads.ts.
export {
  countResolutions,
  getResolution,
  listResolutions,
  resolutionsOfItems,
  type ResolutionFilter,
  type ResolutionQuery,
  type ResolutionRow,
} from './resolution-reads'
export { isOverdue }

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
