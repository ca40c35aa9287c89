import { AppError } from '../../../shared/app-error'
import { isDate } from '../../../shared/dates'
import { nowIso } from '../../../shared/time'
import { audit } from '../../database/audit'
import type { Db } from '../../database/open-database'
import { inTransaction } from '../../database/unit-of-work'
import { Columns, type Fields, type Mapping } from './columns'
import { readSheets, type Cell, type Sheet } from './read-sheet'

/**
 * The one importer every list uses (居民名册, 楼栋, 合伙人 …): the office's spreadsheet read
 * (read-sheet.ts), its header row found and its columns guessed (columns.ts), every row checked,
 * a preview of what would change, then the good rows written in one transaction with an audit
 * entry naming the file and the counts. A module describes its list as an ImportKind — its
 * columns, how a row is checked, what existing record it updates, how rows are written — and
 * gets the steps from importer(kind); registry/import/handlers.ts turns them into its channels.
 */

/** More data rows than this are refused (split the file). */
export const MAX_IMPORT_ROWS = 100_000

const refuse = (message: string) => new AppError('IMPORT_FILE', message)

export interface ImportFile {
  fileName: string
  bytes: Uint8Array
}

/** A record another list holds that rows name by its name (a resident's 楼栋, a building's 网格). */
export interface ImportReference {
  /** What it is called: '楼栋'. */
  label: string
  /** Name → id of those that exist. */
  load(db: Db): Promise<Map<string, number>>
  /** Creates one the sheet names (when the clerk agrees); its id. */
  create(db: Db, name: string, at: string): Promise<number>
}

/** One data row as a kind's check sees it: its cells by field. */
export interface ImportRow<F extends string> {
  /** Spreadsheet row number (1-based). */
  row: number
  cell(field: F): Cell | null
  /** The cell's text, trimmed ('' when empty or unmapped). */
  text(field: F): string
  /** The fields this row gives (an update changes only these); a check may add derived ones. */
  given: Set<F>
}

/** What a kind makes of a row that has no problem. */
export interface CheckedRow<V> {
  values: V
  /** The existing record this row updates, or null for a new one. */
  matchId: number | null
  /** For a new row: what makes it the same record as another row of the file (its name …). */
  key?: string
  /** The name of the referenced record ('' for none). */
  reference?: string
}

/** A good row, ready to be written. */
export interface RowToWrite<F extends string, V> {
  row: number
  values: V
  given: Set<F>
  matchId: number | null
  /** The referenced record's id (null when the row names none). */
  referenceId: number | null
}

export interface ImportKind<F extends string, V, C> {
  /** Sheet name of the template and the 错误原因 workbook: '居民名册'. */
  sheetName: string
  /** The template's file name: '导入模板.xlsx'. */
  templateFile: string
  /** Audit entity of an import: '居民导入'. */
  entity: string
  /** “与第 N 行是同一___”: '位居民', '个楼栋'. */
  sameRecord: string
  /** What a row is, counted in the preview and the result: '人', '个楼栋'. */
  unit: string
  /** When a row updates an existing record, in the clerk's words: '身份证号相同，或姓名和电话相同'. */
  matchRule: string
  fields: Fields<F>
  /** The field every row must fill and every header row names. */
  keyField: F
  /** How many known headers make a header row (default 2: the key field and one more). */
  headerFields?: number
  /** The end of the “没有找到表头” message: which headers the top rows should hold. */
  headerHint: string
  /** The template's example row, in field order. */
  example: Record<F, string>
  reference?: ImportReference
  /** What the check needs (existing records to match); called once per check, so it may keep state. */
  prepare(db: Db): Promise<C>
  /** Checks one row: pushes each problem to `reasons`; returns what the row would write. */
  checkRow(row: ImportRow<F>, context: C, reasons: string[]): CheckedRow<V>
  /** Writes the good rows (inside the import's transaction). */
  write(db: Db, rows: Array<RowToWrite<F, V>>, at: string): Promise<void>
}

/**
 * What an update of an existing record writes: the columns of the fields the row gives (an empty
 * cell keeps what the record has), taken from the row as it would be inserted.
 */
export function givenColumns<F extends string, R extends object>(
  given: ReadonlySet<F>,
  columnOf: Readonly<Record<F, keyof R>>,
  row: R,
): Partial<R> {
  return Object.fromEntries([...given].map((f) => [columnOf[f], row[columnOf[f]]])) as Partial<R>
}

/** The sheet with its header row: what the mapping step shows. */
export interface ImportLayout<F extends string = string> {
  sheetName: string
  /** 1-based, as the spreadsheet numbers it. */
  headerRow: number
  headers: string[]
  /** The list's fields, in order, for the mapping step (required: the key field). */
  fields: Array<{ key: F; label: string; required: boolean }>
  guess: Mapping<F>
  /** The first data rows as text, for the clerk to see which column is which. */
  sample: string[][]
  dataRows: number
}

export interface RowProblem {
  /** Spreadsheet row number (1-based). */
  row: number
  reason: string
}

export interface ImportPreview {
  fileName: string
  sheetName: string
  headerRow: number
  /** What a row is ('人', '个楼栋') and when it updates a record: for the dialog's words. */
  unit: string
  matchRule: string
  /** Rows with content below the header. */
  total: number
  newCount: number
  updateCount: number
  /** Every row with a problem, with its reason in Chinese, in sheet order. */
  problems: RowProblem[]
  /** What the sheet names that does not exist yet ('楼栋'), '' when the list refers to nothing. */
  missingLabel: string
  /** Those named that do not exist yet, and how many good rows name each. */
  missing: Array<{ name: string; rows: number }>
  /** What the clerk should know: formulas read as their saved results. */
  notes: string[]
}

export interface ImportResult {
  created: number
  updated: number
  /** Referenced records created (楼栋 for the roster, 网格 for buildings). */
  missingCreated: number
  /** Rows not imported (their reasons are in the preview and the 错误原因 file). */
  skipped: number
}

export interface Importer<F extends string> {
  kind: ImportKind<F, unknown, unknown>
  columns: Columns<F>
  readLayout(file: ImportFile): ImportLayout<F>
  /** What an import would do. Reads only. */
  preview(db: Db, file: ImportFile, mapping?: Mapping<F>): Promise<ImportPreview>
  /**
   * Writes the good rows in one transaction and audits the file's name and counts. Rows naming a
   * reference that does not exist are imported after creating it when `createMissing`, else skipped.
   */
  commit(db: Db, file: ImportFile, options: { mapping?: Mapping<F>; createMissing: boolean }): Promise<ImportResult>
  /** The rows not imported, as they were, with an 错误原因 column: fix them and import this file again. */
  problemRows(
    db: Db,
    file: ImportFile,
    mapping?: Mapping<F>,
  ): Promise<{ headers: string[]; rows: Array<Array<string | number>> }>
  /** The template's headers and its one example row. */
  template: { headers: string[]; example: string[]; textColumns: number[] }
}

interface Located<F extends string> {
  sheet: Sheet
  headerIndex: number
  layout: ImportLayout<F>
}

export function importer<F extends string, V, C>(kind: ImportKind<F, V, C>): Importer<F> {
  const columns = new Columns(kind.fields, kind.keyField, kind.headerFields ?? 2)
  const label = (k: F) => kind.fields[k].label

  function locate(file: ImportFile): Located<F> {
    const sheets = readSheets(file.bytes, file.fileName, MAX_IMPORT_ROWS + 50)
    if (sheets.every((s) => s.rows.every((row) => row.every((c) => !c)))) {
      throw refuse('这个表格里没有任何内容，请确认选对了文件。')
    }
    for (const sheet of sheets) {
      const headerIndex = columns.findHeaderRow(sheet.rows)
      if (headerIndex < 0) continue
      const dataRows = sheet.rows.slice(headerIndex + 1).filter((row) => row.some((c) => c?.text)).length
      if (sheet.truncated || dataRows > MAX_IMPORT_ROWS) {
        throw refuse(
          `表格超过 ${MAX_IMPORT_ROWS.toLocaleString('en-US')} 行，一次导入不了这么多。请把它分成几个文件（每个不超过 ${MAX_IMPORT_ROWS.toLocaleString('en-US')} 行）分别导入。`,
        )
      }
      checkMerges(sheet, headerIndex)
      const header = sheet.rows[headerIndex]!
      const width = Math.max(header.length, ...sheet.rows.slice(headerIndex + 1, headerIndex + 6).map((r) => r.length))
      const headers = Array.from({ length: width }, (_, c) => header[c]?.text ?? '')
      return {
        sheet,
        headerIndex,
        layout: {
          sheetName: sheet.name,
          headerRow: headerIndex + 1,
          headers,
          fields: columns.keys.map((k) => ({ key: k, label: label(k), required: k === kind.keyField })),
          guess: columns.guess(header),
          sample: sheet.rows
            .slice(headerIndex + 1)
            .filter((row) => row.some((c) => c?.text))
            .slice(0, 5)
            .map((row) => headers.map((_, c) => row[c]?.text ?? '')),
          dataRows,
        },
      }
    }
    throw refuse(`没有找到表头：表格前 20 行里应有一行写着${kind.headerHint}等列名。可以下载导入模板对照。`)
  }

  interface Checked {
    layout: ImportLayout<F>
    good: Array<RowToWrite<F, V> & { reference: string }>
    problems: RowProblem[]
    missing: string[]
    references: Map<string, number>
    formulaRows: number
    sheet: Sheet
  }

  async function check(db: Db, file: ImportFile, mapping?: Mapping<F>): Promise<Checked> {
    const { sheet, headerIndex, layout } = locate(file)
    const map = mapping ?? layout.guess
    const key = kind.keyField
    if (map[key] === null || map[key] === undefined) throw refuse(`请指定哪一列是「${label(key)}」。`)
    const used = columns.keys.filter((k) => map[k] !== null && map[k] !== undefined)
    const seenColumns = new Map<number, F>()
    for (const k of used) {
      const other = seenColumns.get(map[k]!)
      if (other) throw refuse(`「${label(other)}」和「${label(k)}」不能用同一列，请重新选择。`)
      seenColumns.set(map[k]!, k)
    }
    const context = await kind.prepare(db)
    const references = kind.reference ? await kind.reference.load(db) : new Map<string, number>()

    const good: Checked['good'] = []
    const problems: RowProblem[] = []
    const missing = new Set<string>()
    /** The first row of each record the file names (an existing one by id, a new one by its key). */
    const rowOfRecord = new Map<string, number>()
    let formulaRows = 0

    for (let r = headerIndex + 1; r < sheet.rows.length; r++) {
      const cells = sheet.rows[r] ?? []
      if (!cells.some((c) => c?.text)) continue
      const rowNo = r + 1
      const cell = (k: F): Cell | null => (map[k] === null || map[k] === undefined ? null : (cells[map[k]] ?? null))
      const text = (k: F) => cell(k)?.text.trim() ?? ''
      const reasons: string[] = []
      if (used.some((k) => cell(k)?.formula)) {
        formulaRows++
        if (used.some((k) => cell(k)?.formula && !cell(k)!.text)) {
          reasons.push('公式没有保存计算结果：请用电子表格软件打开这个文件、保存一次后再导入')
        }
      }
      if (!text(key)) reasons.push(`${label(key)}没有填`)
      for (const k of used) {
        const max = kind.fields[k].max
        if (max !== undefined && text(k).length > max) reasons.push(`${label(k)}不能超过 ${max} 个字`)
      }
      const given = new Set(used.filter((k) => text(k) !== ''))
      const checked = kind.checkRow({ row: rowNo, cell, text, given }, context, reasons)
      const reference = checked.reference ?? ''
      if (reference && !references.has(reference)) missing.add(reference)
      if (reasons.length) {
        problems.push({ row: rowNo, reason: reasons.join('；') })
        continue
      }
      // Two rows of the file that are one record: the second is a problem, never a silent overwrite.
      const same =
        checked.matchId !== null
          ? `记录\u0000${checked.matchId}`
          : checked.key !== undefined
            ? `新\u0000${checked.key}`
            : null
      if (same !== null) {
        const before = rowOfRecord.get(same)
        if (before) {
          problems.push({ row: rowNo, reason: `与第 ${before} 行是同一${kind.sameRecord}` })
          continue
        }
        rowOfRecord.set(same, rowNo)
      }
      good.push({ row: rowNo, values: checked.values, given, matchId: checked.matchId, referenceId: null, reference })
    }
    return { layout, good, problems, missing: [...missing].sort(), references, formulaRows, sheet }
  }

  function summarize(file: ImportFile, c: Checked): ImportPreview {
    const notes: string[] = []
    if (c.formulaRows) notes.push(`有 ${c.formulaRows} 行含公式：按表格里保存的计算结果导入。`)
    return {
      fileName: file.fileName,
      sheetName: c.layout.sheetName,
      headerRow: c.layout.headerRow,
      unit: kind.unit,
      matchRule: kind.matchRule,
      total: c.good.length + c.problems.length,
      newCount: c.good.filter((g) => g.matchId === null).length,
      updateCount: c.good.filter((g) => g.matchId !== null).length,
      problems: c.problems,
      missingLabel: kind.reference?.label ?? '',
      missing: c.missing.map((name) => ({ name, rows: c.good.filter((g) => g.reference === name).length })),
      notes,
    }
  }

  const headers = columns.keys.map(label)
  return {
    kind: kind as ImportKind<F, unknown, unknown>,
    columns,
    readLayout: (file) => locate(file).layout,
    preview: async (db, file, mapping) => summarize(file, await check(db, file, mapping)),
    commit: (db, file, options) =>
      inTransaction(db, async (trx) => {
        const c = await check(trx, file, options.mapping)
        const at = nowIso()
        let missingCreated = 0
        if (options.createMissing && kind.reference) {
          for (const name of c.missing) {
            c.references.set(name, await kind.reference.create(trx, name, at))
            missingCreated++
          }
        }
        const rows: Array<RowToWrite<F, V>> = []
        for (const { reference, ...g } of c.good) {
          const referenceId = reference ? c.references.get(reference) : null
          if (referenceId === undefined) continue
          rows.push({ ...g, referenceId })
        }
        await kind.write(trx, rows, at)
        const created = rows.filter((g) => g.matchId === null).length
        const result = {
          created,
          updated: rows.length - created,
          missingCreated,
          skipped: c.problems.length + c.good.length - rows.length,
        }
        await audit(trx, '新增', kind.entity, null, {
          文件: file.fileName,
          新增: result.created,
          更新: result.updated,
          ...(kind.reference ? { [`新建${kind.reference.label}`]: result.missingCreated } : {}),
          未导入: result.skipped,
        })
        return result
      }),
    problemRows: async (db, file, mapping) => {
      const c = await check(db, file, mapping)
      return {
        headers: [...c.layout.headers, '错误原因'],
        rows: c.problems.map((p) => {
          const row = c.sheet.rows[p.row - 1] ?? []
          return [...c.layout.headers.map((_, i) => row[i]?.text ?? ''), `第 ${p.row} 行：${p.reason}`]
        }),
      }
    },
    template: {
      headers,
      example: columns.keys.map((k) => kind.example[k]),
      textColumns: columns.keys.flatMap((k, i) => (kind.fields[k].text ? [i] : [])),
    },
  }
}

/** Merged cells below the header hide which row a value belongs to: the file is refused. */
function checkMerges(sheet: Sheet, headerIndex: number): void {
  const inData = sheet.merges.filter((m) => m.e.r > headerIndex).sort((a, b) => a.s.r - b.s.r || a.s.c - b.s.c)
  if (!inData.length) return
  const m = inData[0]!
  const header = sheet.rows[headerIndex] ?? []
  const column = header[m.s.c]?.text || `第 ${m.s.c + 1} 列`
  const rows = m.s.r === m.e.r ? `第 ${m.s.r + 1} 行` : `第 ${m.s.r + 1}—${m.e.r + 1} 行`
  throw refuse(
    `${rows}「${column}」有合并的单元格（共 ${inData.length} 处），程序分不清每一行的内容。请取消合并，并在每一行填上内容后再导入。`,
  )
}

/** A date as offices write it: a real Excel date, 1956-03-02, 1956/3/2, 1956.3.2, 1956年3月2日, 19560302. */
export function parseDateCell(cell: Cell): string | null {
  if (cell.date) return cell.date
  const s = cell.text.replace(/\s+/g, '')
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s)
  m ??= /^(\d{4})(\d{2})(\d{2})$/.exec(s)
  if (!m) return null
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
  return isDate(iso) ? iso : null
}

/** A count as offices write it (“120”, “120户”, “1,200”), or null when it is not a whole number 0…max. */
export function parseCount(cell: Cell, max: number): number | null {
  const s = cell.text.replace(/[\s,，]/g, '').replace(/[户人个套间]$/, '')
  if (!/^\d+$/.test(s)) return null
  const n = Number(s)
  return n <= max ? n : null
}
