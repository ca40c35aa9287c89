import ExcelJS from 'exceljs'
import { officeDate } from '../../../shared/time'
import { chineseDate } from '../../../shared/dates'
import type { Db } from '../../database/open-database'
import { safeFileName, type ExportFile } from '../../registry/export-file'
import { meetingLedger, singleMeetingLedger, type DateRange, type Ledger, type LedgerMeeting } from './ledger'

/**
 * The council's meeting ledger (议事会会议台账) as an .xlsx that Excel, WPS and LibreOffice open:
 *  1. 会议台账 — one row per meeting with 应到/实到/参与/表决 figures and a 合计 row;
 *  2. 出席明细 — who sat on the council that day and how they attended;
 *  3. 表决记录 — every vote with its counts, the rule and the result.
 * Each sheet has a merged title row, a frozen header with filters, borders, a CJK font (宋体) and
 * prints on A4 with the header repeated on every page. Dates are written as a clerk writes them
 * (2026年3月12日). Phones are never exported (the roster lists names and households only).
 */

const FONT = '宋体'
/** GB2312: tells Excel/WPS on Chinese Windows which script the font is for. */
const CHARSET_GB2312 = 134
const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
}
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } }

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

type Cell = string | number | null | { formula: string; result: number | null }

export async function buildMeetingsXlsx(db: Db, range: DateRange): Promise<ExportFile> {
  const ledger = await meetingLedger(db, range)
  const data = await ledgerWorkbook(ledger)
  return { fileName: `议事会台账-${range.from}至${range.to}.xlsx`, data, count: ledger.meetings.length }
}

/** One meeting's ledger (its 会议台账 row, 出席明细, 表决记录), offered on the meeting's page. */
export async function buildMeetingXlsx(db: Db, meetingId: number): Promise<ExportFile> {
  const ledger = await singleMeetingLedger(db, meetingId)
  const m = ledger.meetings[0]!
  const data = await ledgerWorkbook(ledger)
  return { fileName: safeFileName(`议事会台账-${m.date}-${m.title}.xlsx`), data, count: 1 }
}

export async function ledgerWorkbook(ledger: Ledger, now = new Date()): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  wb.creator = '社区工作台'
  wb.created = now
  wb.modified = now
  wb.title = ledgerTitle(ledger)

  meetingsSheet(wb, ledger, now)
  attendanceSheet(wb, ledger)
  votesSheet(wb, ledger)

  const buffer = await wb.xlsx.writeBuffer()
  return new Uint8Array(buffer as ArrayBuffer)
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

function meetingsSheet(wb: ExcelJS.Workbook, ledger: Ledger, now: Date): void {
  const ws = sheet(wb, '会议台账', ledgerTitle(ledger), LEDGER_HEADERS, 'landscape')
  const first = 3
  ledger.meetings.forEach((m, i) => {
    const s = m.summary
    const held = m.attendanceRecorded
    const votes = m.agenda.filter((a) => a.type === '表决')
    addRow(ws, LEDGER_LAYOUT, [
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
    ])
  })
  const last = first + ledger.meetings.length - 1
  const col = (c: string, f: (m: LedgerMeeting) => number | null) => {
    const values = ledger.meetings.map(f).filter((v): v is number => v !== null)
    const sum = values.reduce((a, b) => a + b, 0)
    return ledger.meetings.length ? { formula: `SUM(${c}${first}:${c}${last})`, result: sum } : 0
  }
  const rates = ledger.meetings
    .filter((m) => m.attendanceRecorded && m.summary.households > 0)
    .map((m) => m.summary.participants / m.summary.households)
  const totals = addRow(ws, LEDGER_LAYOUT, [
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
    col('M', (m) => m.agenda.filter((a) => a.type === '表决').length),
    col('N', (m) => m.agenda.filter((a) => a.type === '表决' && a.vote?.passed).length),
  ])
  totals.eachCell((cell) => (cell.font = { ...BODY_FONT, bold: true }))

  const notes = [
    `参与人数＝出席成员＋列席人员＋其他到场居民；参与率＝参与人数÷社区总户数（${ledger.households} 户），合计行的参与率为各次会议参与率的平均值。未登记出席的会议（未召开、取消、延期），应到、实到、参与人数留空；不属于议事会的会议（如协调会）只计参与人数。`,
    `制表：${ledger.committee}　　制表日期：${chineseDate(officeDate(now.toISOString()))}`,
  ]
  for (const text of notes) {
    const row = ws.addRow([text])
    ws.mergeCells(row.number, 1, row.number, LEDGER_HEADERS.length)
    row.getCell(1).alignment = { horizontal: 'left', vertical: 'middle', wrapText: true }
    row.getCell(1).font = { name: FONT, charset: CHARSET_GB2312, size: 10 }
    row.height = 30
  }
  fitColumns(ws, LEDGER_HEADERS.length, { 1: 7, 12: 10 })
}

function attendanceSheet(wb: ExcelJS.Workbook, ledger: Ledger): void {
  const ws = sheet(wb, '出席明细', ledgerTitle(ledger, '议事会出席明细'), ATTENDANCE_HEADERS, 'portrait')
  for (const m of ledger.meetings) {
    if (!m.attendanceRecorded) continue
    for (const r of m.roster) {
      addRow(ws, ATTENDANCE_LAYOUT, [
        m.title,
        chineseDate(m.date),
        r.name,
        r.role,
        r.status ?? '未登记',
        r.proxyName ?? '',
      ])
    }
  }
  fitColumns(ws, ATTENDANCE_HEADERS.length, {})
}

function votesSheet(wb: ExcelJS.Workbook, ledger: Ledger): void {
  const ws = sheet(wb, '表决记录', ledgerTitle(ledger, '议事会表决记录'), VOTE_HEADERS, 'landscape')
  for (const m of ledger.meetings) {
    for (const a of m.agenda) {
      if (!a.vote) continue
      const v = a.vote
      addRow(ws, VOTE_LAYOUT, [
        m.title,
        chineseDate(m.date),
        a.title,
        v.for,
        v.against,
        v.abstain,
        v.eligible,
        v.rule,
        v.passed ? '通过' : '未通过',
      ])
    }
  }
  fitColumns(ws, VOTE_HEADERS.length, {})
}

/** A sheet with a merged title in row 1, the header in row 2 (frozen, filterable, repeated when printed). */
function sheet(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  headers: readonly string[],
  orientation: 'portrait' | 'landscape',
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 2, topLeftCell: 'A3', activeCell: 'A3' }],
    pageSetup: {
      paperSize: 9, // A4
      orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: '2:2',
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  })
  ws.properties.defaultRowHeight = 20
  const titleRow = ws.addRow([title])
  ws.mergeCells(1, 1, 1, headers.length)
  titleRow.height = 32
  titleRow.getCell(1).font = { name: FONT, charset: CHARSET_GB2312, size: 16, bold: true }
  titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' }

  const head = ws.addRow([...headers])
  head.height = 24
  head.eachCell((cell) => {
    cell.font = { name: FONT, charset: CHARSET_GB2312, size: 11, bold: true }
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    cell.border = BORDER
    cell.fill = HEADER_FILL
  })
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: headers.length } }
  return ws
}

const BODY_FONT: Partial<ExcelJS.Font> = { name: FONT, charset: CHARSET_GB2312, size: 11 }
const LEFT: Partial<ExcelJS.Alignment> = { horizontal: 'left', vertical: 'middle', wrapText: true }
const CENTER: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle' }

/** Per column (1-based): centred or not, and a number format. */
interface Layout {
  centered: ReadonlySet<number>
  numFmt?: Readonly<Record<number, string>>
}
const LEDGER_LAYOUT: Layout = { centered: new Set([1, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14]), numFmt: { 12: '0.0%' } }
const ATTENDANCE_LAYOUT: Layout = { centered: new Set([2, 4, 5]) }
const VOTE_LAYOUT: Layout = { centered: new Set([2, 4, 5, 6, 7, 8, 9]) }

function addRow(ws: ExcelJS.Worksheet, layout: Layout, values: Cell[]): ExcelJS.Row {
  const row = ws.addRow(values)
  for (let c = 1; c <= values.length; c++) {
    const cell = row.getCell(c)
    cell.font = BODY_FONT
    cell.border = BORDER
    cell.alignment = layout.centered.has(c) ? CENTER : LEFT
    const fmt = layout.numFmt?.[c]
    if (fmt) cell.numFmt = fmt
  }
  return row
}

/** Column widths from the longest text (a CJK character is two units wide), within sensible bounds. */
function fitColumns(ws: ExcelJS.Worksheet, count: number, fixed: Record<number, number>): void {
  for (let c = 1; c <= count; c++) {
    const column = ws.getColumn(c)
    if (fixed[c]) {
      column.width = fixed[c]
      continue
    }
    let widest = 4
    column.eachCell({ includeEmpty: false }, (cell) => {
      if (Number(cell.row) < 2 || cell.isMerged) return
      widest = Math.max(widest, displayWidth(cellText(cell.value)))
    })
    column.width = Math.min(Math.max(widest + 2, 8), 40)
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '')
  return String(v)
}

export function displayWidth(text: string): number {
  let w = 0
  for (const ch of text) w += ch.codePointAt(0)! > 0x2e7f ? 2 : 1
  return w
}
