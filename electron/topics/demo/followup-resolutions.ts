import type { Insertable } from 'kysely'
import { AppError } from '../../../shared/app-error'
import { officeDate } from '../../../shared/time'
import { addDays, chineseDate } from '../../../shared/dates'
import type { ResolutionProgressTable, ResolutionsTable } from '../../database/schema'
import { resolutionNumber } from '../../../shared/followup-values'
import { REPORT_TITLE } from '../overdue-report'
import {
  DAY,
  decidedForResolution,
  HOUR,
  iso,
  localMs,
  type Context,
  type ItemPlan,
  type MeetingInfo,
  type Plan,
  type TopicPlan,
} from './followup-context'
import {
  CO_DEPARTMENTS,
  COMPLETION_NOTES,
  DELAY_REASONS,
  NON_TOPIC_LEADS,
  PROGRESS_NOTES,
  VOID_REASONS,
} from './followup-words'
import { personName } from '../../demo/random'

/** The service's planned_minutes for a 督办通报 item (overdue-report.ts does not export it). */
const REPORT_MINUTES = 10

/**
 * Resolutions (决议督办) for the demo, as createResolution, addProgress, completeResolution,
 * voidResolution, updateResolution and addFeedback would have left them: numbered per year in the
 * order their meetings sat, due on or after the meeting, first_action_at the earliest note,
 * completed_at the 办结 note, 已反馈/已评价 from the feedback after completion, and the topic's
 * answer and telling following the resolution.
 */
interface Candidate {
  itemId: number
  meeting: MeetingInfo
  position: number
  title: string
  topic: TopicPlan | null
  key: number
}

type ResolutionRow = Insertable<ResolutionsTable> & { id: number }

/** While a resolution was overdue and open: from the day after its due date until done, voided or now. */
export interface OverdueSpan {
  resolution: ResolutionRow
  meeting: MeetingInfo
  from: number
  to: number
}

/** From decided 讨论 items and passed 表决 items of held meetings, residents' topics first. */
export function planResolutions(p: Plan, ctx: Context, items: ItemPlan[]) {
  const { r, o, nowMs, ids, nextSeq, addFeedback, feedbackRows } = p
  let overdue = 0
  const candidates: Candidate[] = [
    ...items
      .filter((i) => i.meeting.held && decidedForResolution(i.row))
      .map((i) => ({
        itemId: i.row.id,
        meeting: i.meeting,
        position: i.row.position,
        title: i.row.title,
        topic: i.topic,
        key: r.next(),
      })),
    ...ctx.existingItems.map((i) => ({ ...i, topic: null, key: r.next() + 0.35 })),
  ].sort((a, b) => a.key - b.key)
  const chosen: Array<Candidate & { round: number }> = candidates
    .slice(0, o.resolutions)
    .map((c) => ({ ...c, round: 0 }))
  // More resolutions than decided items: an item without a resident's topic may lead to a second one.
  const second = candidates.filter((c) => c.topic === null)
  for (let i = 0; chosen.length < o.resolutions && i < second.length; i++) chosen.push({ ...second[i]!, round: 1 })
  if (chosen.length < o.resolutions) {
    throw new AppError(
      'BAD_ARG',
      `要生成 ${o.resolutions} 件决议，但已召开的会议上只有 ${candidates.length} 个议定的事项可以形成决议：请增加议题数或每年会议次数。`,
    )
  }
  chosen.sort((a, b) => a.meeting.start - b.meeting.start || a.position - b.position || a.round - b.round)

  const resolutionRows: ResolutionRow[] = []
  const progressRows: Array<Insertable<ResolutionProgressTable>> = []
  const overdueSpans: OverdueSpan[] = []
  for (const c of chosen) {
    const m = c.meeting
    const year = Number(m.date.slice(0, 4))
    const number = nextSeq('resolution', year)
    const id = ids.resolution++
    const t = c.topic
    const lead = t ? t.department : r.pick(NON_TOPIC_LEADS)
    const co = r.chance(0.55)
      ? [...new Set([r.pick(CO_DEPARTMENTS), r.pick(CO_DEPARTMENTS)].slice(0, r.int(1, 2)))].filter((d) => d !== lead)
      : []
    const by = `由${lead}牵头${co.length ? `，${co.join('、')}配合` : ''}`
    const text = t
      ? `${t.where}${t.problem.core}：${by}，${t.problem.action}`
      : `落实“${c.title.replace(/^关于/, '').replace(/的(讨论|表决)$/, '')}”议定事项：${by}，按会议确定的方案组织实施，完成后公示`
    const due = addDays(m.date, r.pick([7, 14, 15, 30, 30, 30, 45, 60, 90]))
    const decided = m.end
    const created = Math.min(nowMs, decided + r.int(1, 48) * HOUR)
    const dueEnd = () => localMs(addDays(due, 1))
    const overdueDays = Math.round((localMs(o.today) - localMs(due)) / DAY)

    let status: ResolutionsTable['status'] = '待办'
    let completed: number | null = null
    let voided: number | null = null
    if (r.chance(0.02) && decided + 3 * DAY < nowMs) {
      voided = Math.min(nowMs - HOUR, decided + r.int(3, 30) * DAY)
      status = '已撤销'
    } else if (overdueDays > 0) {
      const pOpen = overdueDays <= 90 ? 0.7 : overdueDays <= 365 ? 0.12 : 0.01
      if (r.chance(pOpen)) status = r.chance(0.35) ? '待办' : '办理中'
      else if (r.chance(0.85) || dueEnd() + DAY > nowMs) {
        completed = decided + (dueEnd() - decided) * (0.1 + 0.89 * r.next())
      } else {
        completed = Math.min(nowMs - HOUR, dueEnd() + r.int(1, 45) * DAY + r.int(0, 23) * HOUR)
      }
    } else if (nowMs - decided > 2 * DAY && r.chance(0.3)) {
      completed = decided + DAY + (nowMs - HOUR - decided - DAY) * r.next()
    } else {
      status = nowMs - decided > DAY && r.chance(0.6) ? '办理中' : '待办'
    }
    if (completed !== null) status = '已办结'

    // Progress notes: the first one is the first action; 办结 closes the list.
    const end = completed ?? voided ?? nowMs
    const noteCount =
      status === '办理中'
        ? r.int(1, 3)
        : completed !== null
          ? r.chance(0.25)
            ? 0
            : r.int(1, 3)
          : voided
            ? r.int(0, 1)
            : 0
    const notes: number[] = []
    if (noteCount > 0) {
      const first = decided + Math.min((end - decided) * 0.9, r.int(2, 7 * 24) * HOUR * r.next() + 2 * HOUR)
      notes.push(first)
      for (let k = 1; k < noteCount; k++) notes.push(first + (end - first) * r.next())
      notes.sort((a, b) => a - b)
    }
    const recordedAt = (at: number) => iso(Math.min(nowMs, at + r.int(0, 24) * HOUR))
    for (const at of notes) {
      progressRows.push({
        id: ids.progress++,
        resolution_id: id,
        at: iso(at),
        kind: '进展',
        text: r.pick(PROGRESS_NOTES),
        reported_by: `${lead} ${personName(r)}`,
        recorded_at: recordedAt(at),
      })
    }
    const completionNote = completed !== null ? r.pick(COMPLETION_NOTES) : ''
    if (completed !== null) {
      progressRows.push({
        id: ids.progress++,
        resolution_id: id,
        at: iso(completed),
        kind: '办结',
        text: completionNote,
        reported_by: `${lead} ${personName(r)}`,
        recorded_at: recordedAt(completed),
      })
    }
    const voidReason = voided !== null ? r.pick(VOID_REASONS) : ''
    if (voided !== null) {
      progressRows.push({
        id: ids.progress++,
        resolution_id: id,
        at: iso(voided),
        kind: '撤销',
        text: `撤销决议。原因：${voidReason}`,
        reported_by: '',
        recorded_at: iso(voided),
      })
    }
    // A due date put back while the work is open is itself a note (updateResolution).
    if (status !== '已撤销' && completed === null && overdueDays <= 0 && r.chance(0.1)) {
      const original = addDays(due, -r.int(10, 30))
      if (original >= m.date) {
        // Put back before the old date ran out, or it would have been reported overdue meanwhile.
        const at = decided + (Math.min(nowMs, localMs(addDays(original, 1))) - decided) * r.next()
        progressRows.push({
          id: ids.progress++,
          resolution_id: id,
          at: iso(at),
          kind: '修改',
          text: `修改了办理时限 ${chineseDate(original)}→${chineseDate(due)}。原因：${r.pick(DELAY_REASONS)}`,
          reported_by: '',
          recorded_at: iso(at),
        })
      }
    }
    const firstAction = notes[0] ?? completed
    let updated = Math.max(created, ...notes, completed ?? 0, voided ?? 0)

    // Feedback: sometimes news while the work goes on; after completion, the answer itself.
    if (notes.length > 0 && r.chance(0.15)) {
      const toldMs = notes[0]! + ((completed ?? nowMs) - notes[0]!) * 0.5 * r.next()
      addFeedback(
        { resolution_id: id },
        toldMs,
        `告知居民：${resolutionNumber(year, number)}正在办理，${r.pick(PROGRESS_NOTES)}。`,
        false,
      )
    }
    let toldMs: number | null = null
    if (completed !== null) {
      const at = completed + r.int(2, 240) * HOUR
      if (at <= nowMs && r.chance(0.9)) {
        const rated = r.chance(0.72)
        toldMs = addFeedback(
          { resolution_id: id },
          at,
          `${resolutionNumber(year, number)}已于${chineseDate(officeDate(iso(completed)))}办结：${completionNote}。`,
          rated,
        )
        status = rated ? '已评价' : '已反馈'
        updated = Math.max(updated, Date.parse(feedbackRows[feedbackRows.length - 1]!.recorded_at))
      }
    }
    if (t) {
      // createResolution cleared the topic's answer; completion gives it again; feedback tells it.
      t.row.answered_at = completed !== null && voided === null ? iso(completed) : null
      t.row.told_at = toldMs !== null ? iso(toldMs) : null
      t.row.updated_at = iso(Math.max(Date.parse(t.row.updated_at!), created, completed ?? 0, toldMs ?? 0))
    }
    const row = {
      id,
      year,
      seq: number,
      agenda_item_id: c.itemId,
      text,
      lead_department: lead,
      co_departments: JSON.stringify(co),
      due_date: due,
      decided_at: iso(decided),
      status,
      first_action_at: firstAction === null || firstAction === undefined ? null : iso(firstAction),
      completed_at: completed === null ? null : iso(completed),
      completion_note: completionNote,
      void_reason: voidReason,
      created_at: iso(created),
      updated_at: iso(Math.min(nowMs, updated)),
    }
    resolutionRows.push(row)
    if (status === '待办' || status === '办理中') {
      if (due < o.today) overdue++
    }
    // While overdue and open, it was reported at council meetings (see planReports below).
    if (m.councilId !== null && localMs(addDays(due, 1)) < (completed ?? voided ?? nowMs)) {
      overdueSpans.push({
        resolution: row,
        meeting: m,
        from: localMs(addDays(due, 1)),
        to: completed ?? voided ?? nowMs,
      })
    }
  }
  return {
    rows: resolutionRows,
    progress: progressRows,
    spans: overdueSpans,
    overdue,
    topicIds: new Set(chosen.flatMap((c) => (c.topic ? [c.topic.row.id] : []))),
  }
}

/** One meeting's 督办通报 item and the overdue resolutions it lists (agenda_reports). */
export interface ReportPlan {
  row: ItemPlan['row']
  resolutionIds: number[]
}

/**
 * 督办通报: syncOverdueReports() lists an open overdue resolution on its council's next meeting not
 * yet held, on that meeting's one report item, each time the clerk opens the agenda, and takes it
 * off again once done or voided before the meeting. So a held council meeting lists exactly the
 * resolutions overdue before it started and still open when it did. The open ones' next meeting to
 * come is left to the service itself.
 */
export function planReports(p: Plan, ctx: Context, spans: OverdueSpan[]): ReportPlan[] {
  const { ids } = p
  const byMeeting = new Map<number, ReportPlan>()
  for (const span of spans) {
    const council = ctx.councilMeetings.get(span.meeting.councilId!) ?? []
    // Meetings are in start order: jump to the first one after the span began.
    let lo = 0
    let hi = council.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (council[mid]!.start <= span.from) lo = mid + 1
      else hi = mid
    }
    for (let k = lo; k < council.length; k++) {
      const mt = council[k]!
      if (mt.start >= span.to || !mt.held) break
      let report = byMeeting.get(mt.id)
      if (!report) {
        report = { row: reportItem(ids.item++, mt), resolutionIds: [] }
        byMeeting.set(mt.id, report)
      }
      report.resolutionIds.push(span.resolution.id)
    }
  }
  for (const report of byMeeting.values()) {
    report.row.outcome = `逾期未办结的决议 ${report.resolutionIds.length} 件，牵头部门逐件说明了原因，承诺尽快办结`
  }
  return [...byMeeting.values()]
}

/** As the service's reportItem() makes it (at the end of the agenda, 通报, no presenter, 10 minutes), then discussed. */
function reportItem(id: number, mt: MeetingInfo): ItemPlan['row'] {
  return {
    id,
    meeting_id: mt.id,
    position: mt.nextPosition++,
    title: REPORT_TITLE,
    type: '通报',
    presenter: '',
    planned_minutes: REPORT_MINUTES,
    state: '已议',
    outcome: '',
    carried_from_id: null,
    votes_for: null,
    votes_against: null,
    votes_abstain: null,
    votes_eligible: null,
    pass_rule: null,
    is_report: 1,
  }
}
