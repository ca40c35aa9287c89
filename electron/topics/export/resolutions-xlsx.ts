import { officeDate, officeDateTime } from '../../../shared/time'
import { chineseDate, daysBetween } from '../../../shared/dates'
import type { Db } from '../../database/open-database'
import { isOpenResolution, resolutionNumber } from '../../../shared/followup-values'
import { isOverdue } from '../resolution-service'
import { exporter, type ExportSink } from '../../registry/export-file'
import { committeeOf } from '../../meetings'
import { registerTitle, RegisterWorkbook, signatureLine, type Cell } from '../../registry/xlsx-register'

/**
 * 决议督办台账 of one year (the year in the number 〔2026〕议字第N号, i.e. of the meeting that decided
 * it): every number in order, voided ones included so the sequence has no silent gaps. 逾期 is
 * computed as of the day the file is made. A second sheet lists every progress note. Read in three
 * set-based queries.
 */
export const RESOLUTION_HEADERS = [
  '序号',
  '决议编号',
  '会议及日期',
  '决议内容',
  '牵头部门',
  '配合部门',
  '办理时限',
  '状态',
  '首次进展',
  '办结日期',
  '是否按时',
  '反馈方式及时间',
  '满意度',
] as const
export const PROGRESS_HEADERS = ['决议编号', '时间', '类型', '内容', '报告人'] as const

const dateTime = (iso: string) => {
  const local = officeDateTime(iso)
  return `${chineseDate(local.slice(0, 10))} ${local.slice(11)}`
}
const dateOf = (iso: string) => chineseDate(officeDate(iso))

/** 决议督办台账 of one year, as an export job. */
export const resolutionsRegister = exporter<{ year: number }>({
  key: 'topics.resolutions',
  what: '决议督办台账',
  prepare: async (_db, q) => ({ fileName: `决议督办台账-${q.year}年.xlsx` }),
  build: (db, q, sink) => buildResolutionsXlsx(db, q.year, sink),
})

export async function buildResolutionsXlsx(db: Db, year: number, sink: ExportSink): Promise<{ count: number }> {
  const now = sink.now
  const today = officeDate(now.toISOString())
  const resolutions = await db
    .selectFrom('resolutions as s')
    .innerJoin('agenda_items as a', 'a.id', 's.agenda_item_id')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .select([
      's.id',
      's.year',
      's.seq',
      's.text',
      's.lead_department',
      's.co_departments',
      's.due_date',
      's.status',
      's.first_action_at',
      's.completed_at',
      's.void_reason',
      'm.title as meetingTitle',
      'm.starts_at as meetingStart',
    ])
    .where('s.year', '=', year)
    .orderBy('s.seq')
    .execute()
  const feedback = await db
    .selectFrom('feedback as f')
    .innerJoin('resolutions as s', 's.id', 'f.resolution_id')
    .select(['f.resolution_id', 'f.channel', 'f.told_at', 'f.satisfaction'])
    .where('s.year', '=', year)
    .orderBy('f.told_at')
    .orderBy('f.id')
    .execute()
  const progress = await db
    .selectFrom('resolution_progress as p')
    .innerJoin('resolutions as s', 's.id', 'p.resolution_id')
    .select(['s.year', 's.seq', 'p.at', 'p.kind', 'p.text', 'p.reported_by'])
    .where('s.year', '=', year)
    .orderBy('s.seq')
    .orderBy('p.at')
    .orderBy('p.id')
    .execute()
  const profile = await db.selectFrom('community').select(['name', 'kind']).where('id', '=', 1).executeTakeFirst()

  const feedbackOf = new Map<number, typeof feedback>()
  for (const f of feedback) feedbackOf.set(f.resolution_id!, [...(feedbackOf.get(f.resolution_id!) ?? []), f])

  const rows: Cell[][] = resolutions.map((r, i) => {
    const overdue = isOverdue(r, today)
    const told = feedbackOf.get(r.id) ?? []
    const rated = told.filter((f) => f.satisfaction !== null)
    return [
      i + 1,
      resolutionNumber(r.year, r.seq),
      `${r.meetingTitle}（${dateOf(r.meetingStart)}）`,
      r.text,
      r.lead_department,
      (JSON.parse(r.co_departments) as string[]).join('、'),
      chineseDate(r.due_date),
      r.status === '已撤销'
        ? `已撤销：${r.void_reason}`
        : overdue
          ? `逾期${daysBetween(r.due_date, today)}天`
          : r.status,
      r.first_action_at ? dateTime(r.first_action_at) : '',
      r.completed_at ? dateOf(r.completed_at) : '',
      onTime(r, overdue),
      told.map((f) => `${f.channel} ${dateOf(f.told_at)}`).join('；'),
      rated.length ? rated[rated.length - 1]!.satisfaction : '',
    ]
  })

  const range = { from: `${year}-01-01`, to: `${year}-12-31` }
  const title = registerTitle(profile?.name ?? null, '决议督办台账', range)
  const book = new RegisterWorkbook(sink, title, now)
  const ws = book.sheet({
    name: '决议督办台账',
    title,
    headers: RESOLUTION_HEADERS,
    orientation: 'landscape',
    centered: [1, 2, 7, 8, 10, 11, 13],
    rows,
    fixed: { 1: 6, 3: 24, 4: 40, 12: 24 },
  })
  sink.total(rows.length + progress.length)
  for (const row of rows) {
    ws.row(row)
    await sink.step()
  }

  const live = resolutions.filter((r) => r.status !== '已撤销')
  const done = live.filter((r) => r.completed_at !== null)
  const doneOnTime = done.filter((r) => officeDate(r.completed_at!) <= r.due_date).length
  const open = live.filter((r) => isOpenResolution(r.status))
  const overdue = open.filter((r) => isOverdue(r, today)).length
  const voided = resolutions.length - live.length
  const totals: Cell[] = RESOLUTION_HEADERS.map(() => null)
  totals[0] = '合计'
  totals[1] = `共 ${resolutions.length} 件`
  totals[3] =
    `已办结 ${done.length} 件（按时 ${doneOnTime} 件），未办结 ${open.length} 件（其中逾期 ${overdue} 件）` +
    (voided ? `，已撤销 ${voided} 件` : '')
  ws.row(totals, true)
  ws.note(
    `逾期天数按制表当日（${chineseDate(today)}）计算；“是否按时”看办结日期是否在办理时限当天或之前。满意度为居民最近一次的评价。`,
  )
  ws.note(signatureLine(committeeOf(profile), now))
  ws.commit()

  const progressRows: Cell[][] = progress.map((p) => [
    resolutionNumber(p.year, p.seq),
    dateTime(p.at),
    p.kind,
    p.text,
    p.reported_by,
  ])
  const notes = book.sheet({
    name: '办理进展',
    title: registerTitle(profile?.name ?? null, '决议办理进展', range),
    headers: PROGRESS_HEADERS,
    orientation: 'portrait',
    centered: [1, 2, 3, 5],
    rows: progressRows,
    fixed: { 4: 50 },
  })
  for (const row of progressRows) {
    notes.row(row)
    await sink.step()
  }
  notes.note(`共 ${progress.length} 条。进展记录只能追加、不能修改，更正也是一条新记录。`)
  notes.commit()

  await book.finish()
  return { count: resolutions.length }
}

/** 是否按时: 是 / 否（超期N天） once done; 否 while overdue; blank while there is still time. */
function onTime(r: { status: string; due_date: string; completed_at: string | null }, overdue: boolean): string {
  if (r.status === '已撤销') return ''
  if (r.completed_at) {
    const late = daysBetween(r.due_date, officeDate(r.completed_at))
    return late <= 0 ? '是' : `否（超期${late}天）`
  }
  return overdue ? '否' : ''
}
