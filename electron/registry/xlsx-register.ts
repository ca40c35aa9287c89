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

/** exceljs's cell types, as its style table takes them (a number cell without a format gets 'General'). */
const NUMBER_CELL = 2
const STRING_CELL = 3

/** The workbook's style table (exceljs's StylesXform): the style id of a style object, added once. */
interface StyleTable {
  addStyleModel(style: Partial<ExcelJS.Style>, cellType: number): number
}

/**
 * What RegisterSheet.row uses of exceljs's streaming WorksheetWriter (4.4) to write a row itself:
 * rows are numbered from `_rowZero` when none is pending, `<sheetData>` is opened before the
 * first, and the sheet's XML goes to `stream`.
 */
interface SheetWriterInternals {
  _rows: unknown[]
  _rowZero: number
  startedData: boolean
  _writeColumns(): void
  _writeOpenSheetData(): void
  stream: { write(xml: string): unknown }
}

/**
 * One cell of a data row: `<c r="B3" s="4" t="inlineStr"><is><t>…</t></is></c>` for text (the
 * spec's literal inline string), `<v>` for a number, `<f>` and its result for a formula. An empty
 * text is an empty cell with its borders, as Excel saves one.
 */
function cellXml(ref: string, styleId: number, v: Cell): string {
  const head = `<c r="${ref}" s="${styleId}"`
  if (v === null || v === '') return `${head}/>`
  if (typeof v === 'number') return `${head}><v>${v}</v></c>`
  if (typeof v === 'object') return `${head}><f>${xmlText(v.formula)}</f><v>${v.result}</v></c>`
  // Without xml:space="preserve" a reader may drop a text's leading or trailing spaces and line breaks.
  const space = /^\s|\s$/.test(v) ? ' xml:space="preserve"' : ''
  return `${head} t="inlineStr"><is><t${space}>${xmlText(v)}</t></is></c>`
}

/** XML-escaped text, without the control characters XML cannot hold (as exceljs does). */
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/
const XML_SPECIAL_ALL = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/g
const XML_ENTITY: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' }
export function xmlText(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIAL_ALL, (ch) => XML_ENTITY[ch] ?? '') : text
}

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
  /** Rows' XML not yet written to the sheet's stream. */
  private pending = ''
  /**
   * The data rows are written as the sheet's XML directly, not through exceljs's Row and Cell
   * objects: building those, then a model of each, then rendering it, was three quarters of the
   * time of a 10,000-row register and most of its garbage (bench/export-bench.ts). Each column has
   * one style (body and bold) registered once in the workbook's style table; a row is one string
   * of `<c>` elements with those style ids, text written inline (`t="inlineStr"`: no shared-string
   * table to build and look up). The title, header and notes (merged cells) still go through exceljs.
   */
  private readonly styleIds: { body: number[]; bold: number[] }
  /** A, B, … for each column. */
  private readonly letters: string[]

  constructor(
    styles: StyleTable,
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
    const id = (c: number, font: Partial<ExcelJS.Font>) =>
      styles.addStyleModel(style(c, font), spec.numFmt?.[c] ? NUMBER_CELL : STRING_CELL)
    this.styleIds = { body: columns.map((c) => id(c, BODY_FONT)), bold: columns.map((c) => id(c, BOLD_FONT)) }
    this.letters = columns.map(columnLetter)
  }

  get columns(): number {
    return this.spec.headers.length
  }

  /** A data row with borders; returns its row number. */
  row(values: readonly Cell[], bold = false): number {
    const sheet = this.ws as unknown as SheetWriterInternals
    // Rows go out in order: exceljs's own (title, header, notes) are committed as they are added.
    if (sheet._rows.length > 0) throw new Error('a register row after an uncommitted exceljs row')
    if (!sheet.startedData) {
      sheet._writeColumns()
      sheet._writeOpenSheetData()
      sheet.startedData = true
    }
    const number = sheet._rowZero
    // Excel, WPS and LibreOffice keep the stored row height rather than fitting wrapped text when
    // they open a file, so a long description would spill over the next rows: set it from the text.
    let xml = `<row r="${number}" ht="${rowHeight(values, this.widths, bold)}" customHeight="1">`
    const ids = bold ? this.styleIds.bold : this.styleIds.body
    for (let c = 0; c < this.columns; c++) xml += cellXml(`${this.letters[c]}${number}`, ids[c]!, values[c] ?? null)
    // Handed to the sheet's stream some 16 K characters at a time: a write per row was a Buffer per row.
    this.pending += `${xml}</row>`
    if (this.pending.length > 16_384) this.flush()
    sheet._rowZero = number + 1
    this.lastRow = number
    return number
  }

  /** Writes the rows not yet handed to the sheet's stream (before exceljs writes anything after them). */
  private flush(): void {
    if (this.pending === '') return
    const sheet = this.ws as unknown as SheetWriterInternals
    sheet.stream.write(this.pending)
    this.pending = ''
  }

  /** A line of text across the whole width under the table (notes, who made it and when). */
  note(text: string, height = 24): void {
    this.flush()
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
    this.flush()
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
      // Only the title, header and notes (written by exceljs) go to the shared strings; rows are inline.
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
    return new RegisterSheet((this.wb as unknown as { styles: StyleTable }).styles, ws, spec, widths)
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
