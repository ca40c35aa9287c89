import { AppError } from '../../../shared/app-error'
import { officeDate, officeDateTime } from '../../../shared/time'
import { chineseDate, daysBetween } from '../../../shared/dates'
import type { Db } from '../../database/open-database'
import { resolutionNumber, TOPIC_CHANNELS, TOPIC_STATUSES, topicNumber } from '../../../shared/followup-values'
import { maskName } from '../../../shared/names'
import { exporter, type ExportSink } from '../../registry/export-file'
import { committeeOf, MAX_EXPORT_DAYS, type DateRange } from '../../meetings'
import { columnLetter, registerTitle, RegisterWorkbook, signatureLine, type Cell } from '../../registry/xlsx-register'

/**
 * 议题征集台账: every topic received in a period (by its office-local date, inclusive), as the
 * office keeps the register on paper — who raised it (name masked: 王*芳, or 匿名), where, what,
 * where it went and why, the answer, and whether the resident has been told. A second sheet counts
 * topics by channel and month. Read in three set-based queries whatever the number of topics.
 */
export const TOPIC_HEADERS = [
  '序号',
  '编号',
  '收到日期',
  '来源渠道',
  '反映人',
  '楼栋/网格',
  '分类',
  '紧急程度',
  '问题描述',
  '状态',
  '理由/去向',
  '答复情况',
  '是否已告知',
] as const

interface TopicRecord {
  id: number
  year: number
  seq: number
  received_on: string
  channel: string
  residentName: string | null
  buildingName: string | null
  gridName: string | null
  categoryName: string
  urgency: string
  description: string
  status: string
  status_reason: string
  dupYear: number | null
  dupSeq: number | null
  routed_department: string | null
  respond_by: string | null
  responded_at: string | null
  response_text: string
  answered_at: string | null
  told_at: string | null
}

interface Meeting {
  title: string
  starts_at: string
}
interface Resolution {
  year: number
  seq: number
  status: string
}

/** 议题征集台账 of a period, as an export job. */
export const topicsRegister = exporter<DateRange>({
  key: 'topics.register',
  what: '议题征集台账',
  async prepare(_db, range) {
    assertTopicRange(range)
    return { fileName: `议题征集台账-${range.from}至${range.to}.xlsx` }
  },
  build: (db, range, sink) => buildTopicsXlsx(db, range, sink),
})

export async function buildTopicsXlsx(db: Db, range: DateRange, sink: ExportSink): Promise<{ count: number }> {
  assertTopicRange(range)
  const now = sink.now
  const topics = await loadTopics(db, range)
  sink.total(topics.length)
  const meetings = await meetingsOf(db, range)
  const resolutions = await resolutionsOf(db, range)
  const profile = await db.selectFrom('community').select(['name', 'kind']).where('id', '=', 1).executeTakeFirst()
  const nowIso = now.toISOString()

  const rows: Cell[][] = topics.map((t, i) => [
    i + 1,
    topicNumber(t.year, t.seq),
    chineseDate(t.received_on),
    t.channel,
    t.residentName ? maskName(t.residentName) : '匿名',
    [t.buildingName, t.gridName].filter(Boolean).join(' / '),
    t.categoryName,
    t.urgency,
    t.description,
    t.status,
    whereItWent(t, meetings.get(t.id)),
    answerOf(t, resolutions.get(t.id) ?? [], nowIso),
    t.told_at ? `是（${chineseDate(officeDate(t.told_at))}）` : t.answered_at ? '否' : '尚无答复',
  ])

  const title = registerTitle(profile?.name ?? null, '议题征集台账', range)
  const book = new RegisterWorkbook(sink, title, now)
  const ws = book.sheet({
    name: '议题征集台账',
    title,
    headers: TOPIC_HEADERS,
    orientation: 'landscape',
    centered: [1, 2, 3, 4, 5, 8, 10, 13],
    rows,
    fixed: { 1: 6, 9: 40, 11: 28, 12: 32 },
  })
  for (const row of rows) {
    ws.row(row)
    await sink.step()
  }
  const byStatus = TOPIC_STATUSES.map((s) => [s, topics.filter((t) => t.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s} ${n} 件`)
  const totals: Cell[] = Array.from({ length: TOPIC_HEADERS.length }, () => null)
  totals[0] = '合计'
  totals[1] = `共 ${topics.length} 件`
  totals[8] = byStatus.length ? `其中${byStatus.join('，')}` : ''
  ws.row(totals, true)
  ws.note('反映人姓名隐去中间的字（个人信息保护），“匿名”为未留姓名的反映。“是否已告知”指答复结果是否已告诉反映人。')
  ws.note(signatureLine(committeeOf(profile), now))
  ws.commit()

  channelSheet(book, profile?.name ?? null, range, topics)
  await book.finish()
  return { count: topics.length }
}

export function assertTopicRange(range: DateRange): void {
  if (range.to < range.from) throw new AppError('INVALID_INPUT', '结束日期要晚于开始日期。')
  const days = daysBetween(range.from, range.to)
  if (days > MAX_EXPORT_DAYS) throw new AppError('INVALID_INPUT', '一次最多导出十年的议题，请缩短时间段。')
}

function loadTopics(db: Db, range: DateRange): Promise<TopicRecord[]> {
  return (
    db
      .selectFrom('topics as t')
      .innerJoin('topic_categories as c', 'c.id', 't.category_id')
      .leftJoin('residents as r', 'r.id', 't.resident_id')
      .leftJoin('buildings as b', 'b.id', 't.building_id')
      .leftJoin('grids as g', 'g.id', 't.grid_id')
      .leftJoin('topics as d', 'd.id', 't.duplicate_of_id')
      .select([
        't.id',
        't.year',
        't.seq',
        't.received_on',
        't.channel',
        'r.name as residentName',
        'b.name as buildingName',
        'g.name as gridName',
        'c.name as categoryName',
        't.urgency',
        't.description',
        't.status',
        't.status_reason',
        'd.year as dupYear',
        'd.seq as dupSeq',
        't.routed_department',
        't.respond_by',
        't.responded_at',
        't.response_text',
        't.answered_at',
        't.told_at',
      ])
      .where('t.received_on', '>=', range.from)
      .where('t.received_on', '<=', range.to)
      // A topic voided as entered by mistake is not part of the register.
      .where('t.voided_at', 'is', null)
      .orderBy('t.received_at')
      .orderBy('t.id')
      .execute()
  )
}

/** The latest meeting each topic of the period was put on (a carried-over copy is the latest). */
async function meetingsOf(db: Db, range: DateRange): Promise<Map<number, Meeting>> {
  const rows = await db
    .selectFrom('agenda_items as a')
    .innerJoin('topics as t', 't.id', 'a.topic_id')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .select(['t.id', 'm.title', 'm.starts_at'])
    .where('t.received_on', '>=', range.from)
    .where('t.received_on', '<=', range.to)
    .orderBy('m.starts_at')
    .execute()
  return new Map(rows.map((r) => [r.id, { title: r.title, starts_at: r.starts_at }]))
}

/** Resolutions decided on the agenda items of the period's topics. */
async function resolutionsOf(db: Db, range: DateRange): Promise<Map<number, Resolution[]>> {
  const rows = await db
    .selectFrom('resolutions as s')
    .innerJoin('agenda_items as a', 'a.id', 's.agenda_item_id')
    .innerJoin('topics as t', 't.id', 'a.topic_id')
    .select(['t.id', 's.year', 's.seq', 's.status'])
    .where('t.received_on', '>=', range.from)
    .where('t.received_on', '<=', range.to)
    .where('s.status', '<>', '已撤销')
    .orderBy('s.year')
    .orderBy('s.seq')
    .execute()
  const out = new Map<number, Resolution[]>()
  for (const r of rows) out.set(r.id, [...(out.get(r.id) ?? []), r])
  return out
}

const dateTime = (iso: string) => {
  const local = officeDateTime(iso)
  return `${chineseDate(local.slice(0, 10))} ${local.slice(11)}`
}

/** 理由/去向: the department it was sent to, why it was declined, or the meeting it went to. */
function whereItWent(t: TopicRecord, meeting: Meeting | undefined): string {
  const duplicate = t.dupYear !== null && t.dupSeq !== null ? `（与 ${topicNumber(t.dupYear, t.dupSeq)} 重复）` : ''
  let where = ''
  if (t.status === '转办') where = `转办${t.routed_department ?? ''}：${t.status_reason}`
  else if (t.status === '不予采纳') where = t.status_reason
  else if (meeting) where = `${meeting.title}（${chineseDate(officeDate(meeting.starts_at))}）`
  else if (t.status === '已采纳') where = '待安排上会'
  return `${where}${duplicate}`
}

/** 答复情况: the department's reply and whether it came in time, or what the meeting decided. */
function answerOf(t: TopicRecord, resolutions: Resolution[], now: string): string {
  if (t.status === '转办') {
    if (t.responded_at) {
      const late = t.respond_by !== null && t.responded_at > t.respond_by
      return `${late ? '超时答复' : '按时答复'}（${dateTime(t.responded_at)}）：${t.response_text}`
    }
    const limit = t.respond_by ? `（时限 ${dateTime(t.respond_by)}）` : ''
    return t.respond_by && now > t.respond_by ? `已超时，部门未答复${limit}` : `待部门答复${limit}`
  }
  if (t.status === '不予采纳')
    return t.answered_at ? `已说明不予采纳的理由（${chineseDate(officeDate(t.answered_at))}）` : ''
  if (resolutions.length)
    return resolutions.map((r) => `形成决议${resolutionNumber(r.year, r.seq)}，${r.status}`).join('；')
  if (t.status === '已议')
    return t.answered_at ? `会议已议定（${chineseDate(officeDate(t.answered_at))}）` : '会议已议定'
  if (t.status === '已上会') return '待会议讨论'
  return ''
}

/** Every month of the period, 'YYYY-MM'. */
export function monthsOf(range: DateRange): string[] {
  const out: string[] = []
  let y = Number(range.from.slice(0, 4))
  let m = Number(range.from.slice(5, 7))
  const end = range.to.slice(0, 7)
  for (let key = range.from.slice(0, 7); key <= end; key = `${y}-${String(m).padStart(2, '0')}`) {
    out.push(key)
    m += 1
    if (m > 12) {
      m = 1
      y += 1
    }
  }
  return out
}

/** 按渠道统计: channels down, months across, with row and column totals as formulas. */
function channelSheet(book: RegisterWorkbook, communityName: string | null, range: DateRange, topics: TopicRecord[]) {
  const months = monthsOf(range)
  const oneYear = range.from.slice(0, 4) === range.to.slice(0, 4)
  const monthLabel = (m: string) => (oneYear ? `${Number(m.slice(5))}月` : `${m.slice(0, 4)}年${Number(m.slice(5))}月`)
  const headers = ['来源渠道', ...months.map(monthLabel), '合计']
  const index = new Map(months.map((m, i) => [m, i]))
  const counts = new Map(TOPIC_CHANNELS.map((c) => [c as string, months.map(() => 0)]))
  for (const t of topics) {
    const i = index.get(t.received_on.slice(0, 7))
    const row = counts.get(t.channel)
    if (i !== undefined && row) row[i]! += 1
  }
  const first = 3
  const lastCol = columnLetter(months.length + 1)
  const totalCol = columnLetter(months.length + 2)
  const rows: Cell[][] = TOPIC_CHANNELS.map((channel, r) => {
    const values = counts.get(channel)!
    const sum = values.reduce((a, b) => a + b, 0)
    return [channel, ...values, { formula: `SUM(B${first + r}:${lastCol}${first + r})`, result: sum }]
  })
  const last = first + rows.length - 1
  const totals: Cell[] = [
    '合计',
    ...months.map((_, i) => {
      const col = columnLetter(i + 2)
      const sum = TOPIC_CHANNELS.reduce((a, c) => a + counts.get(c)![i]!, 0)
      return { formula: `SUM(${col}${first}:${col}${last})`, result: sum }
    }),
    { formula: `SUM(${totalCol}${first}:${totalCol}${last})`, result: topics.length },
  ]
  const ws = book.sheet({
    name: '按渠道统计',
    title: registerTitle(communityName, '议题来源渠道统计', range),
    headers,
    orientation: months.length > 6 ? 'landscape' : 'portrait',
    centered: headers.map((_, i) => i + 1),
    rows: [...rows, totals],
    fixed: { 1: 10 },
  })
  for (const row of rows) ws.row(row)
  ws.row(totals, true)
  ws.note('按收到日期所在月份统计，单位：件。')
  ws.commit()
}
