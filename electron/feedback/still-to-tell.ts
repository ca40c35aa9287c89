import { nowIso, officeDate, officeDateTime } from '../../shared/time'
import { chineseDate } from '../../shared/dates'
import type { Db } from '../database/open-database'
import type { MajorityRule } from '../database/schema'
import { householdLabel } from '../people'
import { meetsRule } from '../meetings'
import { DONE_RESOLUTION, resolutionNumber, topicNumber } from '../../shared/followup-values'
import { WAITING_ON_ORIGINAL } from '../topics'
import { maskName } from '../../shared/names'
import { committeeName } from '../../shared/committee'
import { ineligibleToTell } from '../contest'
import { prepared } from '../database/prepared'

/**
 * 待告知: everyone who has an answer waiting and nobody has told yet — resolutions the department
 * has completed, and topics that were declined, answered by a department, or decided without a
 * resolution. Each comes with a message the clerk can paste into the chat group or print for the
 * notice board. Names are masked (王*芳) because such messages go to shared places.
 */
export interface ToTell {
  /** proposal: a contest proposal found ineligible at 资格审查 (its reason is the answer). */
  kind: 'resolution' | 'topic' | 'proposal'
  id: number
  /** 〔2026〕议字第3号 or 2026-0012 */
  number: string
  /** Who is owed the answer: '' when nobody in particular (tell everyone on the notice board). */
  residents: { name: string; household: string }[]
  /** What the answer is, in a few words. */
  answer: string
  /** Office-local 'YYYY-MM-DDTHH:mm' of the answer. */
  answeredAt: string
  /** Whole days the answer has been waiting. */
  waitingDays: number
  message: string
}

const short = (text: string, max = 30) => {
  const chars = [...text.replace(/\s+/g, ' ').trim()]
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('')
}

const community = prepared((db, _: Record<never, never>) =>
  db.selectFrom('community').select(['name', 'kind', 'phone']).where('id', '=', 1),
)

async function office(db: Db) {
  const [c] = await community(db, {})
  const committee = committeeName(c)
  return { name: c?.name ?? '社区', committee, phone: c?.phone ?? '' }
}

function closing(o: { committee: string; phone: string }): string {
  return `感谢您的参与！如有意见，请联系${o.committee}${o.phone ? `（电话 ${o.phone}）` : ''}。`
}

/** "表决通过（赞成 4 票，反对 1 票，弃权 0 票）" plus the minutes' outcome, or the outcome of a discussion. */
function itemResult(item: {
  type: string
  outcome: string
  votes_for: number | null
  votes_against: number | null
  votes_abstain: number | null
  votes_eligible: number | null
  pass_rule: MajorityRule | null
}): string {
  if (item.type === '表决' && item.votes_for !== null) {
    const passed = meetsRule(item.votes_for, item.votes_eligible ?? 0, item.pass_rule ?? '过半数')
    const counts = `赞成 ${item.votes_for} 票，反对 ${item.votes_against ?? 0} 票，弃权 ${item.votes_abstain ?? 0} 票`
    return `表决${passed ? '通过' : '未通过'}（${counts}）${item.outcome ? `，${item.outcome}` : ''}`
  }
  return item.outcome || '已讨论'
}

/** What a topic's own answer is, and the sentence that tells it. */
function topicAnswer(
  t: { status: string; status_reason: string; routed_department: string | null; response_text: string },
  item: (Parameters<typeof itemResult>[0] & { title: string; starts_at: string }) | undefined,
): { answer: string; body: string } {
  if (t.status === '不予采纳') {
    return {
      answer: `不予采纳：${short(t.status_reason)}`,
      body: `，经社区研究，暂不列入议事会议题。原因：${t.status_reason}。`,
    }
  }
  if (t.status === '转办') {
    return {
      answer: `${t.routed_department}答复：${short(t.response_text)}`,
      body: `，已转${t.routed_department}办理。${t.routed_department}答复：${t.response_text}。`,
    }
  }
  const result = item ? itemResult(item) : '已讨论'
  return {
    answer: `已议：${short(result)}`,
    body: item
      ? `，已在${chineseDate(officeDate(item.starts_at))}${item.title}上讨论，结果：${result}。`
      : `，已在议事会上讨论。`,
  }
}

const days = (fromIso: string, now: string) =>
  Math.max(0, Math.floor((Date.parse(now) - Date.parse(fromIso)) / 86_400_000))

/**
 * The two sources of 待告知, each on its own table so their counts read nothing else: completed
 * resolutions (resolutions_to_tell: status, completed_at) and topics answered but untold
 * (topics_to_tell: the partial index of exactly those, by answered_at). Exported for the plan tests.
 */
export function toTellQueries(db: Db) {
  const resolutions = () => db.selectFrom('resolutions as r').where('r.status', '=', '已办结')
  // A topic waits on its own only when no live resolution will answer it.
  const topics = () =>
    db
      .selectFrom('topics as t')
      .where('t.answered_at', 'is not', null)
      .where('t.told_at', 'is', null)
      // A voided topic was entered by mistake: nobody is told about it.
      .where('t.voided_at', 'is', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('agenda_items as a2')
              .innerJoin('resolutions as r2', 'r2.agenda_item_id', 'a2.id')
              .select('r2.id')
              .whereRef('a2.topic_id', '=', 't.id')
              .where('r2.status', '<>', '已撤销'),
          ),
        ),
      )
  return {
    resolutionCount: () => resolutions().select((eb) => eb.fn.countAll<number>().as('n')),
    topicCount: () => topics().select((eb) => eb.fn.countAll<number>().as('n')),
    resolutionPage: (limit: number) =>
      resolutions()
        .innerJoin('agenda_items as a', 'a.id', 'r.agenda_item_id')
        .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
        .leftJoin('topics as t', 't.id', 'a.topic_id')
        .leftJoin('residents as p', 'p.id', 't.resident_id')
        .leftJoin('buildings as b', 'b.id', 'p.building_id')
        .select([
          'r.id',
          'r.year',
          'r.seq',
          'r.text',
          'r.lead_department',
          'r.completed_at',
          'r.completion_note',
          'm.title as meetingTitle',
          'm.starts_at as meetingStart',
          't.description',
          't.received_on',
          'p.name',
          'p.unit',
          'p.room',
          'b.name as buildingName',
        ])
        .orderBy('r.completed_at')
        .orderBy('r.id')
        .limit(limit),
    topicPage: (limit: number) =>
      topics()
        .leftJoin('residents as p', 'p.id', 't.resident_id')
        .leftJoin('buildings as b', 'b.id', 'p.building_id')
        .select([
          't.id',
          't.year',
          't.seq',
          't.status',
          't.status_reason',
          't.description',
          't.received_on',
          't.answered_at',
          't.routed_department',
          't.response_text',
          't.duplicate_of_id',
          'p.name',
          'p.unit',
          'p.room',
          'b.name as buildingName',
        ])
        .orderBy('t.answered_at')
        .orderBy('t.id')
        .limit(limit),
  }
}

// Each statement of the list compiled once (prepared.ts); the lists of ids are one shape per length.
const toTell = {
  resolutionPage: prepared((db, v: { limit: number }) => toTellQueries(db).resolutionPage(v.limit)),
  topicPage: prepared((db, v: { limit: number }) => toTellQueries(db).topicPage(v.limit)),
  resolutionCount: prepared((db, _: Record<never, never>) => toTellQueries(db).resolutionCount()),
  topicCount: prepared((db, _: Record<never, never>) => toTellQueries(db).topicCount()),
  originals: prepared((db, v: { ids: readonly number[] }) =>
    db
      .selectFrom('topics as t')
      .select(['t.id', 't.year', 't.seq', 't.status', 't.status_reason', 't.routed_department', 't.response_text'])
      .where('t.id', 'in', v.ids),
  ),
  originalResolutions: prepared((db, v: { ids: readonly number[] }) =>
    db
      .selectFrom('resolutions as r')
      .innerJoin('agenda_items as a', 'a.id', 'r.agenda_item_id')
      .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
      .select([
        'a.topic_id',
        'r.year',
        'r.seq',
        'r.text',
        'r.lead_department',
        'r.completed_at',
        'r.completion_note',
        'm.title as meetingTitle',
        'm.starts_at as meetingStart',
      ])
      .where('a.topic_id', 'in', v.ids)
      .where('r.status', 'in', DONE_RESOLUTION)
      .orderBy('r.completed_at'),
  ),
  decidedItems: prepared((db, v: { ids: readonly number[] }) =>
    db
      .selectFrom('agenda_items as a')
      .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
      .select([
        'a.topic_id',
        'a.outcome',
        'a.votes_for',
        'a.votes_against',
        'a.votes_abstain',
        'a.votes_eligible',
        'a.pass_rule',
        'a.type',
        'm.title',
        'm.starts_at',
      ])
      .where('a.topic_id', 'in', v.ids)
      .where('a.state', '=', '已议'),
  ),
}

export async function stillToTell(
  db: Db,
  query: { limit: number; offset: number },
  now = nowIso(),
): Promise<{ rows: ToTell[]; total: number }> {
  const o = await office(db)
  const want = query.offset + query.limit
  const resolutions = await toTell.resolutionPage(db, { limit: want })
  const topics = await toTell.topicPage(db, { limit: want })
  const proposals = await ineligibleToTell(db, want)
  // Fewer rows than asked for is all there are: a source is counted only when it fills the page.
  const total =
    (resolutions.length < want ? resolutions.length : Number((await toTell.resolutionCount(db, {}))[0]!.n)) +
    (topics.length < want ? topics.length : Number((await toTell.topicCount(db, {}))[0]!.n)) +
    proposals.total
  // A duplicate still waiting on its original is told the original's answer.
  const originalIds = [
    ...new Set(
      topics.flatMap((t) =>
        t.duplicate_of_id !== null && (WAITING_ON_ORIGINAL as readonly string[]).includes(t.status)
          ? [t.duplicate_of_id]
          : [],
      ),
    ),
  ]
  const originals = new Map(
    originalIds.length === 0 ? [] : (await toTell.originals(db, { ids: originalIds })).map((o) => [o.id, o]),
  )
  const originalResolutions = new Map(
    originalIds.length === 0
      ? []
      : (await toTell.originalResolutions(db, { ids: originalIds })).map((r) => [r.topic_id!, r]),
  )
  const decidedIds = topics
    .filter((t) => t.status === '已议')
    .map((t) => t.id)
    .concat([...originals.values()].filter((o) => o.status === '已议').map((o) => o.id))
  const decidedItems = decidedIds.length === 0 ? [] : await toTell.decidedItems(db, { ids: decidedIds })
  const itemOf = new Map(decidedItems.map((i) => [i.topic_id!, i]))

  const rows: (ToTell & { sortKey: string })[] = []
  for (const r of resolutions) {
    const person = r.name
      ? {
          name: r.name,
          household: householdLabel({ buildingName: r.buildingName, unit: r.unit ?? '', room: r.room ?? '' }),
        }
      : null
    const whom = person
      ? `${maskName(person.name)}居民：您${chineseDate(r.received_on!)}反映的“${short(r.description ?? '')}”，经`
      : '各位居民：'
    const message =
      `【${o.name}议事会反馈】${whom}${chineseDate(officeDate(r.meetingStart))}${r.meetingTitle}议定，形成决议${resolutionNumber(r.year, r.seq)}：${short(r.text, 80)}。` +
      `牵头部门${r.lead_department}已于${chineseDate(officeDate(r.completed_at!))}办结${r.completion_note ? `：${short(r.completion_note, 80)}` : ''}。${closing(o)}`
    rows.push({
      kind: 'resolution',
      id: r.id,
      number: resolutionNumber(r.year, r.seq),
      residents: person ? [person] : [],
      answer: `已办结：${short(r.completion_note || r.text)}`,
      answeredAt: officeDateTime(r.completed_at!),
      waitingDays: days(r.completed_at!, now),
      message,
      sortKey: r.completed_at!,
    })
  }
  for (const t of topics) {
    const person = t.name
      ? {
          name: t.name,
          household: householdLabel({ buildingName: t.buildingName, unit: t.unit ?? '', room: t.room ?? '' }),
        }
      : null
    const whom = `${person ? `${maskName(person.name)}居民：您` : '各位居民：有居民'}${chineseDate(t.received_on)}反映的“${short(t.description)}”`
    const original =
      t.duplicate_of_id !== null && (WAITING_ON_ORIGINAL as readonly string[]).includes(t.status)
        ? originals.get(t.duplicate_of_id)
        : undefined
    const resolution = original ? originalResolutions.get(original.id) : undefined
    let { answer, body } = resolution
      ? {
          answer: `已办结：${short(resolution.completion_note || resolution.text)}`,
          body:
            `，经${chineseDate(officeDate(resolution.meetingStart))}${resolution.meetingTitle}议定，形成决议${resolutionNumber(resolution.year, resolution.seq)}：${short(resolution.text, 80)}。` +
            `牵头部门${resolution.lead_department}已于${chineseDate(officeDate(resolution.completed_at!))}办结${resolution.completion_note ? `：${short(resolution.completion_note, 80)}` : ''}。`,
        }
      : topicAnswer(original ?? t, itemOf.get(original?.id ?? t.id))
    if (original) {
      const number = topicNumber(original.year, original.seq)
      answer = `与${number}相同，${answer}`
      body = `，与居民此前反映的问题（${number}）相同，一并处理${body}`
    }
    rows.push({
      kind: 'topic',
      id: t.id,
      number: topicNumber(t.year, t.seq),
      residents: person ? [person] : [],
      answer,
      answeredAt: officeDateTime(t.answered_at!),
      waitingDays: days(t.answered_at!, now),
      message: `【${o.name}议事会反馈】${whom}${body}${closing(o)}`,
      sortKey: t.answered_at!,
    })
  }
  if (proposals.rows.length) {
    const buildings = new Map(
      (await db.selectFrom('buildings').select(['id', 'name']).execute()).map((b) => [b.id, b.name] as const),
    )
    for (const p of proposals.rows) {
      const person = p.isResident
        ? {
            name: p.name,
            household: householdLabel({
              buildingName: p.buildingId !== null ? (buildings.get(p.buildingId) ?? null) : null,
              unit: p.unit,
              room: p.room,
            }),
          }
        : null
      const whom = person ? `${maskName(person.name)}居民` : p.name
      rows.push({
        kind: 'proposal',
        id: p.id,
        number: p.number,
        residents: person ? [person] : [],
        answer: `提案未通过资格审查：${short(p.reason)}`,
        answeredAt: officeDateTime(p.reviewedAt),
        waitingDays: days(p.reviewedAt, now),
        message:
          `【${o.name}${p.contestName}】${whom}：您提交的提案“${short(p.title)}”（${p.number}）经资格审查，未能进入评审。` +
          `原因：${p.reason}。${closing(o)}`,
        sortKey: p.reviewedAt,
      })
    }
  }
  rows.sort((a, b) => a.sortKey.localeCompare(b.sortKey))
  return {
    rows: rows.slice(query.offset, want).map(({ sortKey: _s, ...r }) => r),
    total,
  }
}
