import type { Insertable } from 'kysely'
import { AppError } from '../../../shared/app-error'
import { isDate } from '../../../shared/dates'
import { idCheckChar, parseIdNumber } from '../../../shared/id-number'
import { isPhoneNumber } from '../../../shared/phone'
import { nowIso, officeDate } from '../../../shared/time'
import { audit } from '../../database/audit'
import type { Db } from '../../database/open-database'
import { inTransaction } from '../../database/unit-of-work'
import type { ResidentsTable } from '../tables'
import {
  findHeaderRow,
  guessMapping,
  RESIDENT_FIELD_KEYS,
  RESIDENT_FIELDS,
  type Mapping,
  type ResidentField,
} from './columns'
import { readSheets, type Cell, type Sheet } from './read-sheet'

/**
 * 导入居民名册: the office's spreadsheet read (read-sheet.ts), its header row found, each row
 * checked, a preview of what would change, then the good rows written in one transaction.
 */

/** More data rows than this are refused (split the file). */
export const MAX_IMPORT_ROWS = 100_000

const refuse = (message: string) => new AppError('IMPORT_FILE', message)

export interface ImportFile {
  fileName: string
  bytes: Uint8Array
}

/** The sheet with its header row: what the mapping step shows. */
export interface ImportLayout {
  sheetName: string
  /** 1-based, as the spreadsheet numbers it. */
  headerRow: number
  headers: string[]
  guess: Mapping
  /** The first data rows as text, for the clerk to see which column is which. */
  sample: string[][]
  dataRows: number
}

interface Located {
  sheet: Sheet
  headerIndex: number
  layout: ImportLayout
}

function locate(file: ImportFile): Located {
  const sheets = readSheets(file.bytes, file.fileName, MAX_IMPORT_ROWS + 50)
  if (sheets.every((s) => s.rows.every((row) => row.every((c) => !c)))) {
    throw refuse('这个表格里没有任何内容，请确认选对了文件。')
  }
  for (const sheet of sheets) {
    const headerIndex = findHeaderRow(sheet.rows)
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
        guess: guessMapping(header),
        sample: sheet.rows
          .slice(headerIndex + 1)
          .filter((row) => row.some((c) => c?.text))
          .slice(0, 5)
          .map((row) => headers.map((_, c) => row[c]?.text ?? '')),
        dataRows,
      },
    }
  }
  throw refuse(
    '没有找到表头：表格前 20 行里应有一行写着「姓名」和「身份证号」「联系电话」「楼栋」等列名。可以下载导入模板对照。',
  )
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

/** The sheet's layout and the program's guess of its columns. */
export function readLayout(file: ImportFile): ImportLayout {
  return locate(file).layout
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

/** Why an ID number is not one, in the clerk's words. */
function idNumberProblem(cell: Cell): string {
  const s = cell.text.replace(/\s+/g, '').toUpperCase()
  if (cell.number !== undefined && (cell.number >= 2 ** 53 || /e/i.test(String(cell.number)))) {
    return '身份证号被表格存成了数字，后几位已经丢失：请把这一列设为“文本”格式，重新填写后再导入'
  }
  if (!/^\d{17}[\dX]$/.test(s) && !/^\d{15}$/.test(s))
    return `身份证号应为 18 位（或老证 15 位），这里是 ${s.length} 位`
  if (s.length === 18 && idCheckChar(s) !== s[17]) return '身份证号校验位不对，请核对号码'
  return '身份证号里的出生日期不对，请核对号码'
}

export interface RowProblem {
  /** Spreadsheet row number (1-based). */
  row: number
  reason: string
}

interface GoodRow {
  row: number
  values: {
    name: string
    gender: string
    birthDate: string
    idNumber: string
    phone: string
    building: string
    unit: string
    room: string
    kind: string
    note: string
  }
  /** The fields the sheet gave for this row (an update changes only these). */
  given: Set<ResidentField>
  /** Set for a row that matches a resident already on the roster. */
  residentId: number | null
}

interface Checked {
  layout: ImportLayout
  good: GoodRow[]
  problems: RowProblem[]
  missingBuildings: string[]
  buildingIds: Map<string, number>
  formulaRows: number
  sheet: Sheet
  headerIndex: number
  mapping: Mapping
}

const MAX_LEN: Partial<Record<ResidentField, number>> = {
  name: 30,
  unit: 10,
  room: 20,
  kind: 20,
  note: 500,
  building: 50,
}

async function check(db: Db, file: ImportFile, mapping?: Mapping): Promise<Checked> {
  const { sheet, headerIndex, layout } = locate(file)
  const map = mapping ?? layout.guess
  if (map.name === null || map.name === undefined) throw refuse('请指定哪一列是「姓名」。')
  const used = RESIDENT_FIELD_KEYS.filter((k) => map[k] !== null && map[k] !== undefined)
  const seenColumns = new Map<number, ResidentField>()
  for (const k of used) {
    const other = seenColumns.get(map[k]!)
    if (other) {
      throw refuse(`「${RESIDENT_FIELDS[other].label}」和「${RESIDENT_FIELDS[k].label}」不能用同一列，请重新选择。`)
    }
    seenColumns.set(map[k]!, k)
  }
  const today = officeDate()

  // What the roster already holds, to match rows against: by ID number, and by name + phone.
  const existing = await db
    .selectFrom('residents')
    .select(['id', 'name', 'phone', 'id_number'])
    .where('deleted_at', 'is', null)
    .execute()
  const byId = new Map<string, number>()
  const byNamePhone = new Map<string, number>()
  for (const r of existing) {
    if (r.id_number) byId.set(r.id_number.toUpperCase(), r.id)
    if (r.phone) byNamePhone.set(`${r.name}\u0000${digits(r.phone)}`, r.id)
  }
  const buildings = await db.selectFrom('buildings').select(['id', 'name']).execute()
  const buildingIds = new Map(buildings.map((b) => [b.name, b.id]))

  const good: GoodRow[] = []
  const problems: RowProblem[] = []
  const missing = new Set<string>()
  const idRows = new Map<string, number>()
  const residentRows = new Map<number, number>()
  let formulaRows = 0

  for (let r = headerIndex + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? []
    if (!row.some((c) => c?.text)) continue
    const rowNo = r + 1
    const cell = (k: ResidentField): Cell | null => (map[k] === null ? null : (row[map[k]!] ?? null))
    const text = (k: ResidentField) => cell(k)?.text.trim() ?? ''
    const reasons: string[] = []
    if (used.some((k) => cell(k)?.formula)) {
      formulaRows++
      if (used.some((k) => cell(k)?.formula && !cell(k)!.text)) {
        reasons.push('公式没有保存计算结果：请用电子表格软件打开这个文件、保存一次后再导入')
      }
    }
    const values: GoodRow['values'] = {
      name: text('name').replace(/\s+/g, ''),
      gender: '',
      birthDate: '',
      idNumber: '',
      phone: text('phone'),
      building: text('building'),
      unit: text('unit').replace(/单元$/, ''),
      room: text('room'),
      kind: text('kind'),
      note: text('note'),
    }
    const given = new Set(used.filter((k) => text(k) !== ''))
    if (!values.name) reasons.push('姓名没有填')
    for (const [k, max] of Object.entries(MAX_LEN) as Array<[ResidentField, number]>) {
      if (values[k as keyof GoodRow['values']].length > max) {
        reasons.push(`${RESIDENT_FIELDS[k].label}不能超过 ${max} 个字`)
      }
    }
    const genderText = text('gender')
    if (genderText) {
      const g = /^(男|男性|m|male)$/i.test(genderText) ? '男' : /^(女|女性|f|female)$/i.test(genderText) ? '女' : null
      if (g) values.gender = g
      else reasons.push(`性别「${genderText}」看不懂，只能填“男”或“女”`)
    }
    const birthCell = cell('birthDate')
    if (birthCell?.text) {
      const d = parseDateCell(birthCell)
      if (!d) reasons.push(`出生日期「${birthCell.text}」看不懂，请写成 1956-03-02 或 1956年3月2日`)
      else if (d > today) reasons.push(`出生日期 ${d} 还没到`)
      else values.birthDate = d
    }
    const idCell = cell('idNumber')
    if (idCell?.text) {
      // An 18-digit number stored as a number keeps only 15–16 digits: never trust it, even when it happens to check.
      const parsed = idCell.number !== undefined && idCell.number >= 2 ** 53 ? null : parseIdNumber(idCell.text, today)
      if (!parsed) reasons.push(idNumberProblem(idCell))
      else {
        values.idNumber = parsed.number
        const sex = parsed.sex === 'male' ? '男' : '女'
        if (values.birthDate && values.birthDate !== parsed.birthDate) {
          reasons.push(`身份证号里的出生日期是 ${parsed.birthDate}，与出生日期 ${values.birthDate} 不一致`)
        }
        if (values.gender && values.gender !== sex) {
          reasons.push(`身份证号表明性别是“${sex}”，与性别“${values.gender}”不一致`)
        }
        values.birthDate ||= parsed.birthDate
        values.gender ||= sex
        const before = idRows.get(parsed.number)
        if (before) reasons.push(`身份证号与第 ${before} 行重复`)
        else idRows.set(parsed.number, rowNo)
      }
    }
    if (values.phone && !isPhoneNumber(values.phone)) {
      reasons.push(`联系电话「${values.phone}」不像电话号码：手机是 11 位数字，座机如 021-62188000`)
    }
    if (values.building && !buildingIds.has(values.building)) missing.add(values.building)
    if (reasons.length) {
      problems.push({ row: rowNo, reason: reasons.join('；') })
      continue
    }
    const residentId =
      (values.idNumber ? byId.get(values.idNumber) : undefined) ??
      (values.phone ? byNamePhone.get(`${values.name}\u0000${digits(values.phone)}`) : undefined) ??
      null
    if (residentId !== null) {
      const before = residentRows.get(residentId)
      if (before) {
        problems.push({ row: rowNo, reason: `与第 ${before} 行是同一位居民` })
        continue
      }
      residentRows.set(residentId, rowNo)
    }
    if (given.has('idNumber')) given.add('gender').add('birthDate')
    good.push({ row: rowNo, values, given, residentId })
  }
  return {
    layout,
    good,
    problems,
    missingBuildings: [...missing].sort(),
    buildingIds,
    formulaRows,
    sheet,
    headerIndex,
    mapping: map,
  }
}

const digits = (phone: string) => phone.replace(/\D/g, '')

export interface ImportPreview {
  fileName: string
  sheetName: string
  headerRow: number
  /** Rows with content below the header. */
  total: number
  newCount: number
  updateCount: number
  /** Every row with a problem, with its reason in Chinese, in sheet order. */
  problems: RowProblem[]
  /** Buildings the sheet names that are not in 社区档案 yet, and how many good rows name them. */
  missingBuildings: Array<{ name: string; rows: number }>
  /** What the clerk should know: formulas read as their saved results. */
  notes: string[]
}

/** What an import would do. Reads only. */
export async function previewImport(db: Db, file: ImportFile, mapping?: Mapping): Promise<ImportPreview> {
  const c = await check(db, file, mapping)
  return summarize(file, c)
}

function summarize(file: ImportFile, c: Checked): ImportPreview {
  const notes: string[] = []
  if (c.formulaRows) {
    notes.push(`有 ${c.formulaRows} 行含公式：按表格里保存的计算结果导入。`)
  }
  return {
    fileName: file.fileName,
    sheetName: c.layout.sheetName,
    headerRow: c.layout.headerRow,
    total: c.good.length + c.problems.length,
    newCount: c.good.filter((g) => g.residentId === null).length,
    updateCount: c.good.filter((g) => g.residentId !== null).length,
    problems: c.problems,
    missingBuildings: c.missingBuildings.map((name) => ({
      name,
      rows: c.good.filter((g) => g.values.building === name).length,
    })),
    notes,
  }
}

export interface ImportResult {
  created: number
  updated: number
  buildingsCreated: number
  /** Rows not imported (their reasons are in the preview and the 错误原因 file). */
  skipped: number
}

/**
 * Writes the good rows in one transaction and audits the file's name and counts. Rows naming a
 * building that does not exist are imported after creating it when `createBuildings`, else skipped.
 */
export async function commitImport(
  db: Db,
  file: ImportFile,
  options: { mapping?: Mapping; createBuildings: boolean },
): Promise<ImportResult> {
  return inTransaction(db, async (trx) => {
    const c = await check(trx, file, options.mapping)
    const at = nowIso()
    let buildingsCreated = 0
    if (options.createBuildings) {
      for (const name of c.missingBuildings) {
        const b = await trx
          .insertInto('buildings')
          .values({
            name,
            grid_id: null,
            households: 0,
            residents: 0,
            note: '导入居民名册时新建',
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        c.buildingIds.set(name, b.id)
        buildingsCreated++
      }
    }
    let skipped = c.problems.length
    const inserts: Array<Insertable<ResidentsTable>> = []
    let updated = 0
    for (const g of c.good) {
      const v = g.values
      const buildingId = v.building ? c.buildingIds.get(v.building) : null
      if (buildingId === undefined) {
        skipped++
        continue
      }
      const row = {
        name: v.name,
        building_id: buildingId,
        unit: v.unit,
        room: v.room,
        phone: v.phone,
        note: v.note,
        id_number: v.idNumber,
        gender: v.gender,
        birth_date: v.birthDate,
        kind: v.kind,
      }
      if (g.residentId === null) {
        inserts.push({ ...row, tags: '[]', created_at: at, updated_at: at, deleted_at: null })
      } else {
        const columnOf: Record<ResidentField, keyof typeof row> = {
          name: 'name',
          gender: 'gender',
          birthDate: 'birth_date',
          idNumber: 'id_number',
          phone: 'phone',
          building: 'building_id',
          unit: 'unit',
          room: 'room',
          kind: 'kind',
          note: 'note',
        }
        const set = Object.fromEntries([...g.given].map((k) => [columnOf[k], row[columnOf[k]]]))
        await trx
          .updateTable('residents')
          .set({ ...set, updated_at: at })
          .where('id', '=', g.residentId)
          .execute()
        updated++
      }
    }
    for (let i = 0; i < inserts.length; i += 300) {
      await trx
        .insertInto('residents')
        .values(inserts.slice(i, i + 300))
        .execute()
    }
    const result = { created: inserts.length, updated, buildingsCreated, skipped }
    await audit(trx, '新增', '居民导入', null, {
      文件: file.fileName,
      新增: result.created,
      更新: result.updated,
      新建楼栋: result.buildingsCreated,
      未导入: result.skipped,
    })
    return result
  })
}

/** The rows not imported, as they were, with an 错误原因 column: fix them and import this file again. */
export async function problemRows(
  db: Db,
  file: ImportFile,
  mapping?: Mapping,
): Promise<{ headers: string[]; rows: Array<Array<string | number>> }> {
  const c = await check(db, file, mapping)
  const headers = [...c.layout.headers, '错误原因']
  const rows = c.problems.map((p) => {
    const row = c.sheet.rows[p.row - 1] ?? []
    return [...c.layout.headers.map((_, i) => row[i]?.text ?? ''), `第 ${p.row} 行：${p.reason}`]
  })
  return { headers, rows }
}

/** The template's columns and its one example row. */
export const TEMPLATE = {
  headers: RESIDENT_FIELD_KEYS.map((k) => RESIDENT_FIELDS[k].label),
  example: ['张三', '男', '1956-03-02', '11010119560302001X', '13812345678', '1号楼', '2', '301', '户籍', ''],
}
