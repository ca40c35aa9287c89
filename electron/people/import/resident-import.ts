import type { Insertable } from 'kysely'
import { idGender, idNumberConflicts, idNumberProblem, parseIdNumber } from '../../../shared/id-number'
import { isPhoneNumber } from '../../../shared/phone'
import { officeDate } from '../../../shared/time'
import type { Db } from '../../database/open-database'
import { givenColumns, importer, parseDateCell, type ImportKind } from '../../registry/import/engine'
import type { Cell } from '../../registry/import/read-sheet'
import type { ResidentsTable } from '../tables'

/**
 * 导入居民名册 through the one importer (registry/import/engine.ts): the roster's columns and the
 * headers offices write for them, each row's checks (dates, ID number against gender and birth
 * date, phone), a row updating the resident with the same ID number or the same name and phone,
 * and buildings the roster names that do not exist yet offered for creation.
 */
export const RESIDENT_FIELDS = {
  name: { label: '姓名', headers: ['姓名', '居民姓名', '名字', '人员姓名'], max: 30 },
  gender: { label: '性别', headers: ['性别'] },
  birthDate: { label: '出生日期', headers: ['出生日期', '出生年月', '出生年月日', '生日', '出生时间'] },
  idNumber: {
    label: '身份证号',
    headers: ['身份证号', '身份证号码', '公民身份号码', '公民身份证号', '身份证', '证件号码', '证件号'],
    text: true,
  },
  phone: {
    label: '联系电话',
    headers: ['联系电话', '手机号', '手机号码', '手机', '电话', '电话号码', '联系方式', '联系号码'],
    text: true,
  },
  building: {
    label: '楼栋',
    headers: ['楼栋', '楼号', '楼栋号', '楼幢', '幢号', '栋号', '幢', '栋', '楼'],
    max: 50,
  },
  unit: { label: '单元', headers: ['单元', '单元号'], max: 10, text: true },
  room: { label: '门牌号', headers: ['门牌号', '门牌', '室', '室号', '房号', '房间号', '户号'], max: 20, text: true },
  kind: {
    label: '人员类型',
    headers: ['人员类型', '人员类别', '居住类型', '户籍类型', '居民类型', '类型', '类别'],
    max: 20,
  },
  note: { label: '备注', headers: ['备注', '说明'], max: 500 },
} as const

export type ResidentField = keyof typeof RESIDENT_FIELDS

interface ResidentValues {
  name: string
  gender: string
  birthDate: string
  idNumber: string
  phone: string
  unit: string
  room: string
  kind: string
  note: string
}

interface RosterContext {
  today: string
  byId: Map<string, number>
  byNamePhone: Map<string, number>
  /** ID number → the first row of the file that has it. */
  idRows: Map<string, number>
}

const digits = (phone: string) => phone.replace(/\D/g, '')

/**
 * Why an ID number cell is not one: a number the sheet stored as a number (its last digits are lost)
 * first, then the shared rule the resident dialog gives too.
 */
function idCellProblem(cell: Cell, today: string): string {
  if (cell.number !== undefined && (cell.number >= 2 ** 53 || /e/i.test(String(cell.number)))) {
    return '身份证号被表格存成了数字，后几位已经丢失：请把这一列设为“文本”格式，重新填写后再导入'
  }
  return idNumberProblem(cell.text, today) ?? '身份证号里的出生日期不对，请核对号码'
}

/** The roster column each field writes. */
const COLUMN_OF = {
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
} as const satisfies Record<ResidentField, keyof ResidentsTable>

export const residentKind: ImportKind<ResidentField, ResidentValues, RosterContext> = {
  sheetName: '居民名册',
  templateFile: '导入模板.xlsx',
  entity: '居民导入',
  sameRecord: '位居民',
  unit: '人',
  matchRule: '身份证号相同，或姓名和电话相同',
  fields: RESIDENT_FIELDS,
  keyField: 'name',
  headerHint: '「姓名」和「身份证号」「联系电话」「楼栋」',
  example: {
    name: '张三',
    gender: '男',
    birthDate: '1956-03-02',
    idNumber: '11010119560302001X',
    phone: '13812345678',
    building: '1号楼',
    unit: '2',
    room: '301',
    kind: '户籍',
    note: '',
  },
  reference: {
    label: '楼栋',
    async load(db) {
      const buildings = await db.selectFrom('buildings').select(['id', 'name']).execute()
      return new Map(buildings.map((b) => [b.name, b.id]))
    },
    async create(db, name, at) {
      const b = await db
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
      return b.id
    },
  },

  // What the roster already holds, to match rows against: by ID number, and by name + phone.
  async prepare(db: Db) {
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
    return { today: officeDate(), byId, byNamePhone, idRows: new Map() }
  },

  checkRow({ row, cell, text, given }, c, reasons) {
    const values: ResidentValues = {
      name: text('name').replace(/\s+/g, ''),
      gender: '',
      birthDate: '',
      idNumber: '',
      phone: text('phone'),
      unit: text('unit').replace(/单元$/, ''),
      room: text('room'),
      kind: text('kind'),
      note: text('note'),
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
      else if (d > c.today) reasons.push(`出生日期 ${d} 还没到`)
      else values.birthDate = d
    }
    const idCell = cell('idNumber')
    if (idCell?.text) {
      // An 18-digit number stored as a number keeps only 15–16 digits: never trust it, even when it happens to check.
      const parsed =
        idCell.number !== undefined && idCell.number >= 2 ** 53 ? null : parseIdNumber(idCell.text, c.today)
      if (!parsed) reasons.push(idCellProblem(idCell, c.today))
      else {
        values.idNumber = parsed.number
        reasons.push(...idNumberConflicts(parsed, values))
        values.birthDate ||= parsed.birthDate
        values.gender ||= idGender(parsed)
        const before = c.idRows.get(parsed.number)
        if (before) reasons.push(`身份证号与第 ${before} 行重复`)
        else c.idRows.set(parsed.number, row)
        // The ID number gives gender and birth date: an update writes them too.
        given.add('gender').add('birthDate')
      }
    }
    if (values.phone && !isPhoneNumber(values.phone)) {
      reasons.push(`联系电话「${values.phone}」不像电话号码：手机是 11 位数字，座机如 021-62188000`)
    }
    const matchId =
      (values.idNumber ? c.byId.get(values.idNumber) : undefined) ??
      (values.phone ? c.byNamePhone.get(`${values.name}\u0000${digits(values.phone)}`) : undefined) ??
      null
    return { values, matchId, reference: text('building') }
  },

  async write(db, rows, at) {
    const inserts: Array<Insertable<ResidentsTable>> = []
    for (const g of rows) {
      const v = g.values
      const row = {
        name: v.name,
        building_id: g.referenceId,
        unit: v.unit,
        room: v.room,
        phone: v.phone,
        note: v.note,
        id_number: v.idNumber,
        gender: v.gender,
        birth_date: v.birthDate,
        kind: v.kind,
      }
      if (g.matchId === null) {
        inserts.push({ ...row, tags: '[]', created_at: at, updated_at: at, deleted_at: null })
        continue
      }
      const set = givenColumns(g.given, COLUMN_OF, row)
      await db
        .updateTable('residents')
        .set({ ...set, updated_at: at })
        .where('id', '=', g.matchId)
        .execute()
    }
    for (let i = 0; i < inserts.length; i += 300) {
      await db
        .insertInto('residents')
        .values(inserts.slice(i, i + 300))
        .execute()
    }
  },
}

/** 导入居民名册's steps: layout, preview, commit, problem rows, template. */
export const residentImport = importer(residentKind)
