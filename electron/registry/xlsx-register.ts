import ExcelJS from 'exceljs'
import { officeDate } from '../../shared/time'
import { chineseDate } from '../../shared/dates'
import type { ExportSink } from './export-file'

/**
 * Every 台账 (.xlsx) the app writes — 议事会会议台账, 议题征集台账, 决议督办台账 — in one look: a merged
 * title, a frozen filterable header, 宋体, thin borders, A4 with the header repeated on every page.
 * Written with exceljs's streaming writer (`stream.xlsx.WorkbookWriter`) straight into the export's
 * file: each row is committed to the zip as it is added and `sink.step()` lets the zip drain to
 * disk, so memory stays flat however many rows there are (the in-memory workbook needed ~560 MB
 * for a year of 20,000 topics).
 *
 * Streaming writes the column widths before the first row, so the caller gives the rows as
 * something it can walk twice (an array, or an object whose iterator generates them again): once
 * to fit the widths, once to write.
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
const BODY_FONT: Partial<ExcelJS.Font> = { name: FONT, charset: CHARSET_GB2312, size: 11 }
const BOLD_FONT: Partial<ExcelJS.Font> = { ...BODY_FONT, bold: true }
const NOTE_FONT: Partial<ExcelJS.Font> = { name: FONT, charset: CHARSET_GB2312, size: 10 }
const LEFT: Partial<ExcelJS.Alignment> = { horizontal: 'left', vertical: 'middle', wrapText: true }
const CENTER: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true }
const RIGHT: Partial<ExcelJS.Alignment> = { horizontal: 'right', vertical: 'middle' }

export type Cell = string | number | null | { formula: string; result: number }

export interface RegisterSheetSpec {
  name: string
  title: string
  headers: readonly string[]
  orientation: 'portrait' | 'landscape'
  /** 1-based columns shown centred (dates, short codes); the rest are left-aligned and wrap. */
  centered: readonly number[]
  /** Every data row, for fitting the widths (rows are written later, one by one); walked once here. */
  rows: Iterable<readonly Cell[]>
  /** Number formats by 1-based column (0.0% for a rate, '#,##0.00' for money in yuan); such columns are right-aligned. */
  numFmt?: Readonly<Record<number, string>>
  /** Widths fixed by the caller (1-based column → width), e.g. a long description column. */
  fixed?: Readonly<Record<number, number>>
}

export class RegisterSheet {
  private lastRow = 2
  /**
   * One style object per column (body and bold): every cell of a column shares it. exceljs keys
   * its style table by the object, so a shared one is looked up once; a style set property by
   * property gives each cell its own object, rendered to XML again for every cell (most of the
   * time of a 10,000-row register).
   */
  private readonly styles: { body: Partial<ExcelJS.Style>[]; bold: Partial<ExcelJS.Style>[] }

  constructor(
    private readonly ws: ExcelJS.Worksheet,
    private readonly spec: RegisterSheetSpec,
    private readonly widths: readonly number[],
  ) {
    const centered = new Set(spec.centered)
    const style = (c: number, font: Partial<ExcelJS.Font>): Partial<ExcelJS.Style> => ({
      font,
      border: BORDER,
      alignment: spec.numFmt?.[c] ? RIGHT : centered.has(c) ? CENTER : LEFT,
      ...(spec.numFmt?.[c] ? { numFmt: spec.numFmt[c] } : {}),
    })
    const columns = spec.headers.map((_, i) => i + 1)
    this.styles = { body: columns.map((c) => style(c, BODY_FONT)), bold: columns.map((c) => style(c, BOLD_FONT)) }
  }

  get columns(): number {
    return this.spec.headers.length
  }

  /** A data row with borders; returns its row number. */
  row(values: readonly Cell[], bold = false): number {
    const row = this.ws.addRow([...values])
    // Excel, WPS and LibreOffice keep the stored row height rather than fitting wrapped text when
    // they open a file, so a long description would spill over the next rows: set it from the text.
    row.height = rowHeight(values, this.widths, bold)
    const styles = bold ? this.styles.bold : this.styles.body
    for (let c = 1; c <= this.columns; c++) row.getCell(c).style = styles[c - 1]!
    row.commit()
    this.lastRow = row.number
    return row.number
  }

  /** A line of text across the whole width under the table (notes, who made it and when). */
  note(text: string, height = 24): void {
    const row = this.ws.addRow([text])
    this.ws.mergeCells(row.number, 1, row.number, this.columns)
    row.getCell(1).font = NOTE_FONT
    row.getCell(1).alignment = { horizontal: 'left', vertical: 'middle', wrapText: true }
    row.height = height
    row.commit()
    this.lastRow = row.number
  }

  /** Prints exactly what was written: title to the last note. */
  commit(): void {
    // exceljs puts a $ before each part; the $ before the row makes it $A$1:$M$9 as Excel writes it.
    this.ws.pageSetup.printArea = `A$1:${columnLetter(this.columns)}$${this.lastRow}`
    this.ws.commit()
  }
}

/** One .xlsx streamed into the export's file. */
export class RegisterWorkbook {
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter

  constructor(sink: ExportSink, title: string, now: Date) {
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: sink.open(),
      useSharedStrings: true,
      useStyles: true,
      // The fastest deflate: a third larger file (1.4 MB for 12,000 topics) for a quarter less time,
      // and less work for the thread pool the app's own queries also wait on.
      zip: { zlib: { level: 1 } },
    })
    this.wb.creator = '社区工作台'
    this.wb.created = now
    this.wb.modified = now
    this.wb.title = title
  }

  /** A sheet with the merged title in row 1 and the header in row 2 (frozen, filterable, repeated when printed). */
  sheet(spec: RegisterSheetSpec): RegisterSheet {
    const n = spec.headers.length
    const ws = this.wb.addWorksheet(spec.name, {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 2, topLeftCell: 'A3', activeCell: 'A3' }],
      pageSetup: {
        paperSize: 9, // A4
        orientation: spec.orientation,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        horizontalCentered: true,
        margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
        printTitlesRow: '2:2',
      },
      headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
      properties: { defaultRowHeight: 20 },
    })
    const widths = fitWidths(spec)
    ws.columns = widths.map((width) => ({ width }))
    ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: n } }

    const titleRow = ws.addRow([spec.title])
    ws.mergeCells(1, 1, 1, n)
    titleRow.height = 32
    titleRow.getCell(1).font = { name: FONT, charset: CHARSET_GB2312, size: 16, bold: true }
    titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' }
    titleRow.commit()

    const head = ws.addRow([...spec.headers])
    head.height = 24
    for (let c = 1; c <= n; c++) {
      const cell = head.getCell(c)
      cell.font = { ...BOLD_FONT }
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
      cell.border = BORDER
      cell.fill = HEADER_FILL
    }
    head.commit()
    return new RegisterSheet(ws, spec, widths)
  }

  /** Writes what is left (shared strings, styles, the zip's directory) and ends the file. */
  async finish(): Promise<void> {
    await this.wb.commit()
  }
}

/** Widths from the longest text of each column (a CJK character is two units), within sensible bounds. */
export function fitWidths(spec: Pick<RegisterSheetSpec, 'headers' | 'rows' | 'fixed'>): number[] {
  const widest = spec.headers.map((header) => displayWidth(header))
  for (const row of spec.rows) {
    for (let i = 0; i < widest.length; i++) {
      if (spec.fixed?.[i + 1]) continue
      widest[i] = Math.max(widest[i]!, displayWidth(cellText(row[i] ?? null)))
    }
  }
  return widest.map((w, i) => spec.fixed?.[i + 1] ?? Math.min(Math.max(w + 2, 6), 40))
}

/** Display width: a CJK character is two units. */
export function displayWidth(text: string): number {
  // By UTF-16 unit (walked for every cell of every row, twice: widths, then heights): a character
  // outside the BMP counts as its two units, which is as wide as it is drawn.
  let w = text.length
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x2e7f) w++
  return w
}

/** Points: one line of 11 pt 宋体 is about 15 pt high; wrapped lines are counted per column width. */
export function rowHeight(values: readonly Cell[], widths: readonly number[], bold = false): number {
  let lines = 1
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    // A number or a short text fits on one line in any column: no need to measure it.
    if (v === null || typeof v === 'number') continue
    const text = cellText(v)
    // Bold glyphs are wider: leave them a tenth less room per line.
    const room = Math.max(((widths[i] ?? 10) - 1.5) * (bold ? 0.9 : 1), 1)
    if (text.length * 2 <= room && !text.includes('\n')) continue
    const count = text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / room)), 0)
    lines = Math.max(lines, count)
  }
  return Math.max(20, lines * 15 + 5)
}

function cellText(v: Cell): string {
  if (v === null) return ''
  if (typeof v === 'object') return String(v.result)
  return String(v)
}

export function columnLetter(n: number): string {
  let s = ''
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s
  return s
}

/** 「幸福里社区」2026年议题征集台账, or with the dates when the period is not one whole year. */
export function registerTitle(communityName: string | null, name: string, range: { from: string; to: string }): string {
  const who = communityName ?? ''
  const year = range.from.slice(0, 4)
  if (range.from === `${year}-01-01` && range.to === `${year}-12-31`) return `${who}${year}年${name}`
  return `${who}${name}（${chineseDate(range.from)}—${chineseDate(range.to)}）`
}

/** 制表单位 / 制表人 (left blank to sign) / 制表日期, under every register. */
export function signatureLine(committee: string, now: Date): string {
  return `制表单位：${committee}　　制表人：　　　　　　制表日期：${chineseDate(officeDate(now.toISOString()))}`
}
