import { sql, type Insertable } from 'kysely'
import { officeDate, officeLocalToUtc } from '../../../shared/time'
import { chineseDate } from '../../../shared/dates'
import type { Db } from '../../database/open-database'
import type { FeedbackTable } from '../../database/schema'
import type { DemoContext, FollowupSummary } from '../../demo/context'
import { insertChunks } from '../../demo/insert-chunks'
import type { Rng } from '../../demo/random'
import { syncOverdueReports } from '../overdue-report'
import { FEEDBACK_CHANNEL_WEIGHTS, SATISFACTION_WEIGHTS } from './followup-words'
import { HOUR, iso, loadContext, type Plan } from './followup-context'
import { planReports, planResolutions } from './followup-resolutions'
import { planTopics } from './followup-topics'

/**
 * The follow-up loop for the demo community: topics residents raised (议题征集) over the whole
 * period, what became of each, resolutions (决议督办) decided on agenda items of held meetings,
 * their progress notes, and the feedback that reached residents.
 *
 * Rows are written in bulk in one transaction (20,000 topics one service call at a time would take
 * minutes), so this file, followup-topics.ts and followup-resolutions.ts replay the services'
 * rules instead of calling them — the demo test checks that they do:
 * - a topic is numbered per year in the order received; 转办 goes to its category's department with
 *   respond_by = routed_at + the category's hours; 不予采纳 carries a reason;
 * - 上会 appends an agenda item that remembers the topic; deciding it makes the topic 已议 and
 *   answered (putOnAgenda, syncTopicWithItem);
 * - a resolution is numbered per year without gaps, due on or after its meeting's date, and clears
 *   its topic's answer until it is completed (createResolution, completeResolution);
 * - first_action_at is the earliest progress note, completed_at the 办结 note;
 * - feedback after the answer sets told_at once; a rated one after completion makes 已评价
 *   (addFeedback, rate);
 * - an overdue resolution was listed on the one 督办通报 item of each council meeting that came while
 *   it was overdue, and syncOverdueReports() itself lists the open ones on the next meeting.
 * Nothing happens after `now`.
 */
export interface FollowupOptions {
  topics: number
  resolutions: number
  /** Office-local 'YYYY-MM-DD' of the first day topics arrive. */
  from: string
  /** Office-local 'YYYY-MM-DD'. */
  today: string
  /** UTC ISO: the moment the demo is "now". */
  now: string
}

async function nextId(db: Db, table: 'topics' | 'agenda_items' | 'resolutions' | 'resolution_progress' | 'feedback') {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number>('id').as('id'))
    .executeTakeFirst()
  return Number(row?.id ?? 0) + 1
}

/**
 * The topics module's part of the demo community (run after the meetings part): the follow-up
 * loop up to `today`, at 18:00 office time — or at the moment of the run when `today` is today.
 * Feedback is made here too, not by the feedback module's own part: residents are told in step
 * with the resolutions (a told resident makes a resolution 已反馈, a rating 已评价, and telling sets
 * a topic's told_at), so it takes its turns at the dice between the resolutions' own.
 */
export async function topicsDemo(db: Db, ctx: DemoContext): Promise<void> {
  const { options: o, at } = ctx
  if (o.topics <= 0 && o.resolutions <= 0) return
  const now = o.today === officeDate(at) ? at : officeLocalToUtc(`${o.today}T18:00`)
  const f = await generateFollowup(
    db,
    { topics: o.topics, resolutions: o.resolutions, from: ctx.from, today: o.today, now },
    ctx.r,
  )
  ctx.summary.followup = f
  ctx.log(
    `${f.topics} 个议题（${f.topicItems} 个上会），${f.resolutions} 件决议（${f.overdue} 件逾期），${f.feedback} 次反馈`,
  )
}

export async function generateFollowup(db: Db, o: FollowupOptions, r: Rng): Promise<FollowupSummary> {
  const nowMs = Date.parse(o.now)
  const summary: FollowupSummary = {
    topics: 0,
    topicsByStatus: {},
    topicItems: 0,
    resolutions: 0,
    overdue: 0,
    progressNotes: 0,
    feedback: 0,
    reportItems: 0,
    reportListings: 0,
  }
  if (o.topics <= 0 && o.resolutions <= 0) return summary

  const ctx = await loadContext(db)
  const seq = new Map<string, number>(ctx.sequences)
  const nextSeq = (name: 'topic' | 'resolution', year: number) => {
    const key = `${name}|${year}`
    const n = (seq.get(key) ?? 0) + 1
    seq.set(key, n)
    return n
  }
  const ids = {
    topic: await nextId(db, 'topics'),
    item: await nextId(db, 'agenda_items'),
    resolution: await nextId(db, 'resolutions'),
    progress: await nextId(db, 'resolution_progress'),
    feedback: await nextId(db, 'feedback'),
  }
  const feedbackRows: Array<Insertable<FeedbackTable>> = []
  const addFeedback = (
    target: { resolution_id: number } | { topic_id: number },
    toldMs: number,
    content: string,
    rated: boolean,
  ) => {
    const recorded = Math.min(nowMs, toldMs + r.int(0, 24) * HOUR)
    feedbackRows.push({
      id: ids.feedback++,
      resolution_id: 'resolution_id' in target ? target.resolution_id : null,
      topic_id: 'topic_id' in target ? target.topic_id : null,
      channel: r.weighted(FEEDBACK_CHANNEL_WEIGHTS),
      told_at: iso(toldMs),
      content,
      satisfaction: rated ? r.weighted(SATISFACTION_WEIGHTS) : null,
      rated_at: rated ? iso(recorded) : null,
      recorded_at: iso(recorded),
    })
    return toldMs
  }
  const plan: Plan = { r, o, nowMs, ids, nextSeq, feedbackRows, addFeedback }

  // ---- 1. Topics, in the order they were received, and the agenda items they became (followup-topics.ts). ----
  const { topics, items } = planTopics(plan, ctx)
  summary.topics = topics.length
  summary.topicItems = items.length

  // ---- 2. Resolutions, their progress notes and feedback (followup-resolutions.ts). ----
  const planned = planResolutions(plan, ctx, items)
  const { rows: resolutionRows, progress: progressRows } = planned
  summary.overdue = planned.overdue
  summary.resolutions = resolutionRows.length
  summary.progressNotes = progressRows.length

  // ---- 3. Answers that reached residents of topics without a resolution. ----
  const withResolution = planned.topicIds
  for (const t of topics) {
    const row = t.row
    if (withResolution.has(row.id)) continue
    if (row.status === '转办' && r.chance(0.2)) {
      const until = row.answered_at ? Date.parse(row.answered_at) : nowMs
      const from = Date.parse(row.routed_at!)
      if (until > from + HOUR) {
        addFeedback(
          { topic_id: row.id },
          from + (until - from) * r.next() * 0.5,
          `已收到您的反映，已转${row.routed_department}办理，有结果会及时告诉您。`,
          false,
        )
      }
    }
    if (!row.answered_at) continue
    const at = Date.parse(row.answered_at) + r.int(1, 240) * HOUR
    if (at > nowMs || !r.chance(0.88)) continue
    const what =
      row.status === '不予采纳'
        ? `暂不列入议事会议题，原因：${row.status_reason}。`
        : row.status === '转办'
          ? `${row.routed_department}答复：${row.response_text}。`
          : `议事会${chineseDate(officeDate(iso(t.item!.decidedAt)))}讨论结果：${t.item!.outcomeText}。`
    row.told_at = iso(addFeedback({ topic_id: row.id }, at, `告知反映人：${what}`, r.chance(0.55)))
    row.updated_at = iso(Math.max(Date.parse(row.updated_at!), at))
  }
  summary.feedback = feedbackRows.length

  // ---- 4. 督办通报: one item per council meeting that came while resolutions were overdue. ----
  const reports = planReports(plan, ctx, planned.spans)

  // ---- 5. Write it all in one transaction. ----
  await db.transaction().execute(async (trx) => {
    await insertChunks(
      trx,
      'topics',
      topics.map((t) => t.row),
    )
    await insertChunks(
      trx,
      'agenda_items',
      items.map((i) => i.row),
    )
    await insertChunks(trx, 'resolutions', resolutionRows)
    await insertChunks(trx, 'resolution_progress', progressRows)
    await insertChunks(trx, 'feedback', feedbackRows)
    await insertChunks(
      trx,
      'agenda_items',
      reports.map((x) => x.row),
    )
    await insertChunks(
      trx,
      'agenda_reports',
      reports.flatMap((x) => x.resolutionIds.map((id) => ({ agenda_item_id: x.row.id, resolution_id: id }))),
    )
    for (const [key, last] of seq) {
      const [name, year] = key.split('|')
      await trx
        .insertInto('number_sequences')
        .values({ name: name!, year: Number(year), last })
        .onConflict((oc) => oc.columns(['name', 'year']).doUpdateSet({ last }))
        .execute()
    }
    // The minutes of a held meeting name what residents brought to it.
    const byMeeting = new Map<number, string[]>()
    for (const i of items)
      if (i.meeting.held) byMeeting.set(i.meeting.id, [...(byMeeting.get(i.meeting.id) ?? []), i.row.title])
    for (const [meetingId, titles] of byMeeting) {
      await trx
        .updateTable('minutes')
        .set({ body: sql<string>`body || ${`\n居民议题：${titles.join('；')}。`}` })
        .where('meeting_id', '=', meetingId)
        .execute()
    }
  })
  await syncOverdueReports(db, o.now)
  // Counted from the file: the service may have opened report items of its own on coming meetings.
  const counted = await db
    .selectFrom('agenda_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_report', '=', 1)
    .executeTakeFirstOrThrow()
  const listed = await db
    .selectFrom('agenda_reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  summary.reportItems = Number(counted.n)
  summary.reportListings = Number(listed.n)
  for (const t of topics) summary.topicsByStatus[t.row.status] = (summary.topicsByStatus[t.row.status] ?? 0) + 1
  return summary
}

/**
 * Meetings a year for `topics` over `years` so that a meeting carries about ten residents' topics on
 * average (about a third of all topics go onto an agenda).
 */
export function meetingsForTopics(topics: number, years: number): number {
  return Math.ceil((topics * 0.35) / years / 10)
}
