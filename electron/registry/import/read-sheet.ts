import * as XLSX from 'xlsx'
import { AppError } from '../../../shared/app-error'

/**
 * Reads the spreadsheet a clerk picked — .xlsx or .xls as Excel or WPS saves it, or .csv in UTF-8
 * (with or without BOM) or GBK, which Excel on Chinese Windows writes — into rows of cells, and
 * refuses, in Chinese and before anything is written, a file it cannot read faithfully.
 */

/** One cell as the importer sees it: its text, and for a date cell the date. */
export interface Cell {
  /** The value as text ('' for an empty cell). Numbers in full (13812345678, not 1.38E+10). */
  text: string
  /** 'YYYY-MM-DD' when the cell is a real Excel date. */
  date?: string
  /** The number, when the cell holds one. */
  number?: number
  /** The cell is a formula: `text` is the result the spreadsheet saved with it. */
  formula?: boolean
}

export interface Sheet {
  name: string
  /** rows[i] is spreadsheet row i + 1; cells by column, null where empty. */
  rows: Array<Array<Cell | null>>
  /** Merged areas, 0-based inclusive. */
  merges: Array<{ s: { r: number; c: number }; e: { r: number; c: number } }>
  /** The file held more rows than `maxRows`: only the first are here. */
  truncated: boolean
}

const refuse = (message: string) => new AppError('IMPORT_FILE', message)

const ZIP = [0x50, 0x4b, 0x03, 0x04]
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b)

/** The sheets of the file (for a .csv, one), at most `maxRows` rows each. */
export function readSheets(bytes: Uint8Array, fileName: string, maxRows: number): Sheet[] {
  if (bytes.length === 0) throw refuse('这个文件是空的（0 字节），请确认选对了文件。')
  const ext = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? ''
  if (startsWith(bytes, ZIP) || startsWith(bytes, OLE)) return readWorkbook(bytes, maxRows)
  if (ext === 'csv' || ext === 'txt') return [readCsv(bytes, maxRows)]
  throw refuse(`「${fileName}」不是电子表格文件。请选择电子表格软件保存的表格，或逗号分隔的文字表格。`)
}

function readWorkbook(bytes: Uint8Array, maxRows: number): Sheet[] {
  let wb: XLSX.WorkBook
  try {
    wb = XLSX.read(bytes, { type: 'array', cellFormula: true, cellDates: false, cellNF: true, sheetRows: maxRows + 1 })
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    if (/password|encrypt/i.test(message)) {
      throw refuse('这个表格设置了打开密码，程序读不了。请用电子表格软件打开它，取消密码后另存，再导入。')
    }
    throw refuse('这个文件打不开：它不是能读取的电子表格，或者已经损坏。请用电子表格软件打开后另存一份再导入。')
  }
  if (!wb.SheetNames.length) throw refuse('这个文件里没有工作表，请确认选对了文件。')
  return wb.SheetNames.map((name) => toSheet(name, wb.Sheets[name]!, maxRows))
}

function toSheet(name: string, ws: XLSX.WorkSheet, maxRows: number): Sheet {
  const rows: Sheet['rows'] = []
  const ref = ws['!ref']
  if (ref) {
    const range = XLSX.utils.decode_range(ref)
    for (let r = range.s.r; r <= range.e.r; r++) {
      const row: Array<Cell | null> = []
      for (let c = 0; c <= range.e.c; c++) {
        const cell = ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined
        row.push(cell ? toCell(cell) : null)
      }
      rows[r] = row
    }
  }
  for (let r = 0; r < rows.length; r++) rows[r] ??= []
  const full = ws['!fullref'] ? XLSX.utils.decode_range(ws['!fullref']) : null
  return {
    name,
    rows,
    merges: ws['!merges'] ?? [],
    truncated: !!full && full.e.r + 1 > maxRows,
  }
}

function toCell(cell: XLSX.CellObject): Cell | null {
  const formula = cell.f !== undefined && cell.f !== ''
  if (cell.t === 'z' || cell.v === undefined || cell.v === null) {
    return formula ? { text: '', formula } : null
  }
  const out: Cell = { text: '' }
  if (formula) out.formula = true
  if (cell.t === 'n' && typeof cell.v === 'number') {
    out.number = cell.v
    const fmt = typeof cell.z === 'string' ? cell.z : ''
    if (fmt && XLSX.SSF.is_date(fmt)) {
      const d = XLSX.SSF.parse_date_code(cell.v)
      if (d) {
        out.date = `${String(d.y).padStart(4, '0')}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`
        out.text = out.date
        return out
      }
    }
    out.text = Number.isInteger(cell.v) && Math.abs(cell.v) < 1e21 ? BigInt(cell.v).toString() : String(cell.v)
    return out
  }
  if (cell.t === 'd' && cell.v instanceof Date) {
    out.date = cell.v.toISOString().slice(0, 10)
    out.text = out.date
    return out
  }
  if (cell.t === 'b') out.text = cell.v ? '是' : '否'
  else if (cell.t === 'e') out.text = ''
  else out.text = String(cell.v)
  out.text = out.text.trim()
  return out.text || formula ? out : null
}

/** UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), else GBK. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('gbk').decode(bytes)
  }
}

function readCsv(bytes: Uint8Array, maxRows: number): Sheet {
  if (bytes.subarray(0, 4096).includes(0)) {
    throw refuse('这个文件不是文字表格（里面有不是文字的内容）。请选择电子表格软件保存的表格。')
  }
  const text = decodeText(bytes)
  const rows: Sheet['rows'] = []
  let truncated = false
  for (const fields of parseCsv(text)) {
    if (rows.length >= maxRows) {
      truncated = true
      break
    }
    rows.push(fields.map((f) => (f.trim() ? { text: f.trim() } : null)))
  }
  return { name: 'CSV', rows, merges: [], truncated }
}

/** RFC 4180 records: commas, "quoted" fields with "" for a quote and line breaks inside; CRLF or LF. */
export function* parseCsv(text: string): Generator<string[]> {
  let i = 0
  const n = text.length
  while (i < n) {
    const fields: string[] = []
    for (;;) {
      let field = ''
      if (text[i] === '"') {
        i++
        for (;;) {
          const q = text.indexOf('"', i)
          if (q < 0) {
            field += text.slice(i)
            i = n
            break
          }
          field += text.slice(i, q)
          i = q + 1
          if (text[i] === '"') {
            field += '"'
            i++
          } else break
        }
        // Anything between the closing quote and the separator is kept as written.
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++]
      } else {
        let j = i
        while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++
        field = text.slice(i, j)
        i = j
      }
      fields.push(field)
      if (text[i] === ',') {
        i++
        continue
      }
      if (text[i] === '\r') i++
      if (text[i] === '\n') i++
      break
    }
    yield fields
  }
}
