import { officeDate } from '../../../shared/time'
import { chineseDate } from '../../../shared/dates'
import { notFound } from '../../../shared/app-error'
import type { Db } from '../../database/open-database'
import { exporter, safeFileName, type ExportSink } from '../../registry/export-file'
import { RegisterWorkbook, type Cell } from '../../registry/xlsx-register'
import {
  assertRange,
  meetingLedger,
  singleMeetingLedger,
  type DateRange,
  type Ledger,
  type LedgerMeeting,
} from './ledger'

/**
 * The council's meeting ledger (议事会会议台账) as an .xlsx that Excel, WPS and LibreOffice open:
 *  1. 会议台账 — one row per meeting with 应到/实到/参与/表决 figures and a 合计 row;
 *  2. 出席明细 — who sat on the council that day and how they attended;
 *  3. 表决记录 — every vote with its counts, the rule and the result.
 * Each sheet has a merged title row, a frozen header with filters, borders, a CJK font (宋体) and
 * prints on A4 with the header repeated on every page (registry/xlsx-register.ts, streamed into the
 * file row by row). Dates are written as a clerk writes them (2026年3月12日). Phones are never
 * exported (the roster lists names and households only).
 */

export const LEDGER_HEADERS = [
  '序号',
  '会议名称',
  '类型',
  '日期',
  '时间',
  '地点',
  '主持人',
  '状态',
  '应到',
  '实到',
  '参与人数',
  '参与率',
  '表决事项数',
  '通过数',
] as const
export const ATTENDANCE_HEADERS = ['会议', '日期', '姓名', '角色', '出席情况', '受托人'] as const
export const VOTE_HEADERS = ['会议', '日期', '议题', '赞成', '反对', '弃权', '有表决权人数', '规则', '结果'] as const

/** The meeting ledger of a period (议事会日程's 导出台账), as an export job. */
export const meetingsLedger = exporter<DateRange>({
  key: 'meetings.ledger',
  what: '议事会台账',
  async prepare(_db, range) {
    assertRange(range)
    return { fileName: `议事会台账-${range.from}至${range.to}.xlsx` }
  },
  async build(db, range, sink) {
    const ledger = await meetingLedger(db, range)
    await writeLedger(ledger, sink)
    return { count: ledger.meetings.length }
  },
})

/** One meeting's ledger (its 会议台账 row, 出席明细, 表决记录), offered on the meeting's page. */
export const meetingLedgerFile = exporter<{ meetingId: number }>({
  key: 'meetings.meetingLedger',
  what: '议事会台账',
  async prepare(db, q) {
    const m = await meetingHead(db, q.meetingId)
    return { fileName: safeFileName(`议事会台账-${m.date}-${m.title}.xlsx`) }
  },
  async build(db, q, sink) {
    await writeLedger(await singleMeetingLedger(db, q.meetingId), sink)
    return { count: 1 }
  },
})

/** A meeting's office-local date and title (for a file name), or 找不到该会议. */
export async function meetingHead(db: Db, meetingId: number): Promise<{ date: string; title: string }> {
  const m = await db
    .selectFrom('meetings')
    .select(['title', 'starts_at'])
    .where('id', '=', meetingId)
    .executeTakeFirst()
  if (!m) throw notFound('会议')
  return { date: officeDate(m.starts_at), title: m.title }
}

/** The three sheets, streamed into the sink's file. */
export async function writeLedger(ledger: Ledger, sink: ExportSink): Promise<void> {
  const now = sink.now
  const book = new RegisterWorkbook(sink, ledgerTitle(ledger), now)
  sink.total(ledger.meetings.length + attendanceCount(ledger) + voteCount(ledger))
  await meetingsSheet(book, ledger, sink)
  await attendanceSheet(book, ledger, sink)
  await votesSheet(book, ledger, sink)
  await book.finish()
}

export function ledgerTitle(ledger: Pick<Ledger, 'communityName' | 'range'>, sheet = '议事会会议台账'): string {
  const who = ledger.communityName ? `「${ledger.communityName}」` : ''
  return `${who}${sheet}（${chineseDate(ledger.range.from)}—${chineseDate(ledger.range.to)}）`
}

/** "19:00—21:00" (or "—次日01:00" past midnight). */
export function timeSpan(m: Pick<LedgerMeeting, 'start' | 'end'>): string {
  const nextDay = m.end.slice(0, 10) !== m.start.slice(0, 10) ? '次日' : ''
  return `${m.start.slice(11)}—${nextDay}${m.end.slice(11)}`
}

/** Rows a generator makes again on each walk: fitted once for the widths, then written (nothing kept). */
function rowsOf(make: () => Generator<readonly Cell[]>): Iterable<readonly Cell[]> {
  return { [Symbol.iterator]: make }
}

const recorded = (m: LedgerMeeting) => m.attendanceRecorded
const votesOf = (m: LedgerMeeting) => m.agenda.filter((a) => a.type === '表决')

function attendanceCount(ledger: Ledger): number {
  return ledger.meetings.reduce((n, m) => n + (recorded(m) ? m.roster.length : 0), 0)
}
function voteCount(ledger: Ledger): number {
  return ledger.meetings.reduce((n, m) => n + m.agenda.filter((a) => a.vote).length, 0)
}

async function meetingsSheet(book: RegisterWorkbook, ledger: Ledger, sink: ExportSink): Promise<void> {
  const meetingRow = (m: LedgerMeeting, i: number): Cell[] => {
    const s = m.summary
    const held = m.attendanceRecorded
    const votes = votesOf(m)
    return [
      i + 1,
      m.title,
      m.kind,
      chineseDate(m.date),
      timeSpan(m),
      m.roomName ?? '',
      m.host,
      m.status,
      held && m.councilId !== null ? s.expected : null,
      held && m.councilId !== null ? s.present : null,
      held ? s.participants : null,
      held && s.households > 0 ? s.participants / s.households : null,
      votes.length,
      votes.filter((a) => a.vote?.passed).length,
    ]
  }
  const first = 3
  const last = first + ledger.meetings.length - 1
  const col = (c: string, f: (m: LedgerMeeting) => number | null): Cell => {
    const values = ledger.meetings.map(f).filter((v): v is number => v !== null)
    const sum = values.reduce((a, b) => a + b, 0)
    return ledger.meetings.length ? { formula: `SUM(${c}${first}:${c}${last})`, result: sum } : 0
  }
  const rates = ledger.meetings
    .filter((m) => m.attendanceRecorded && m.summary.households > 0)
    .map((m) => m.summary.participants / m.summary.households)
  const totals: Cell[] = [
    '合计',
    `共 ${ledger.meetings.length} 次会议`,
    null,
    null,
    null,
    null,
    null,
    null,
    col('I', (m) => (m.attendanceRecorded && m.councilId !== null ? m.summary.expected : null)),
    col('J', (m) => (m.attendanceRecorded && m.councilId !== null ? m.summary.present : null)),
    col('K', (m) => (m.attendanceRecorded ? m.summary.participants : null)),
    rates.length
      ? { formula: `AVERAGE(L${first}:L${last})`, result: rates.reduce((a, b) => a + b, 0) / rates.length }
      : null,
    col('M', (m) => votesOf(m).length),
    col('N', (m) => votesOf(m).filter((a) => a.vote?.passed).length),
  ]
  const ws = book.sheet({
    name: '会议台账',
    title: ledgerTitle(ledger),
    headers: LEDGER_HEADERS,
    orientation: 'landscape',
    centered: [1, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14],
    numFmt: { 12: '0.0%' },
    rows: rowsOf(function* () {
      for (const [i, m] of ledger.meetings.entries()) yield meetingRow(m, i)
      yield totals
    }),
    fixed: { 1: 7, 12: 10 },
  })
  for (const [i, m] of ledger.meetings.entries()) {
    ws.row(meetingRow(m, i))
    await sink.step()
  }
  ws.row(totals, true)
  ws.note(
    `参与人数＝出席成员＋列席人员＋其他到场居民；参与率＝参与人数÷社区总户数（${ledger.households} 户），合计行的参与率为各次会议参与率的平均值。未登记出席的会议（未召开、取消、延期），应到、实到、参与人数留空；不属于议事会的会议（如协调会）只计参与人数。`,
    30,
  )
  ws.note(`制表：${ledger.committee}　　制表日期：${chineseDate(officeDate(sink.now.toISOString()))}`)
  ws.commit()
}

async function attendanceSheet(book: RegisterWorkbook, ledger: Ledger, sink: ExportSink): Promise<void> {
  const rows = function* (): Generator<readonly Cell[]> {
    for (const m of ledger.meetings) {
      if (!recorded(m)) continue
      const date = chineseDate(m.date)
      for (const r of m.roster) yield [m.title, date, r.name, r.role, r.status ?? '未登记', r.proxyName ?? '']
    }
  }
  const ws = book.sheet({
    name: '出席明细',
    title: ledgerTitle(ledger, '议事会出席明细'),
    headers: ATTENDANCE_HEADERS,
    orientation: 'portrait',
    centered: [2, 4, 5],
    rows: rowsOf(rows),
  })
  for (const row of rows()) {
    ws.row(row)
    await sink.step()
  }
  ws.commit()
}

async function votesSheet(book: RegisterWorkbook, ledger: Ledger, sink: ExportSink): Promise<void> {
  const rows = function* (): Generator<readonly Cell[]> {
    for (const m of ledger.meetings) {
      for (const a of m.agenda) {
        if (!a.vote) continue
        const v = a.vote
        yield [
          m.title,
          chineseDate(m.date),
          a.title,
          v.for,
          v.against,
          v.abstain,
          v.eligible,
          v.rule,
          v.passed ? '通过' : '未通过',
        ]
      }
    }
  }
  const ws = book.sheet({
    name: '表决记录',
    title: ledgerTitle(ledger, '议事会表决记录'),
    headers: VOTE_HEADERS,
    orientation: 'landscape',
    centered: [2, 4, 5, 6, 7, 8, 9],
    rows: rowsOf(rows),
  })
  for (const row of rows()) {
    ws.row(row)
    await sink.step()
  }
  ws.commit()
}
