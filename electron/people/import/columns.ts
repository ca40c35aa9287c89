import type { Cell } from './read-sheet'

/**
 * The roster's columns and the headers offices write for them. A header matches when, without
 * spaces, stars and anything in brackets (（必填）), it is one of the names listed.
 */
export const RESIDENT_FIELDS = {
  name: { label: '姓名', headers: ['姓名', '居民姓名', '名字', '人员姓名'] },
  gender: { label: '性别', headers: ['性别'] },
  birthDate: { label: '出生日期', headers: ['出生日期', '出生年月', '出生年月日', '生日', '出生时间'] },
  idNumber: {
    label: '身份证号',
    headers: ['身份证号', '身份证号码', '公民身份号码', '公民身份证号', '身份证', '证件号码', '证件号'],
  },
  phone: {
    label: '联系电话',
    headers: ['联系电话', '手机号', '手机号码', '手机', '电话', '电话号码', '联系方式', '联系号码'],
  },
  building: { label: '楼栋', headers: ['楼栋', '楼号', '楼栋号', '楼幢', '幢号', '栋号', '幢', '栋', '楼'] },
  unit: { label: '单元', headers: ['单元', '单元号'] },
  room: { label: '门牌号', headers: ['门牌号', '门牌', '室', '室号', '房号', '房间号', '户号'] },
  kind: { label: '人员类型', headers: ['人员类型', '人员类别', '居住类型', '户籍类型', '居民类型', '类型', '类别'] },
  note: { label: '备注', headers: ['备注', '说明'] },
} as const

export type ResidentField = keyof typeof RESIDENT_FIELDS
export const RESIDENT_FIELD_KEYS = Object.keys(RESIDENT_FIELDS) as ResidentField[]

/** Which column (0-based) holds each field; null when the sheet has none. */
export type Mapping = Record<ResidentField, number | null>

export const normalizeHeader = (text: string) =>
  text
    .replace(/[(（【[].*?[)）】\]]/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase()

const HEADER_INDEX = new Map<string, ResidentField>(
  RESIDENT_FIELD_KEYS.flatMap((k) => RESIDENT_FIELDS[k].headers.map((h) => [h, k] as const)),
)

/** The field a header names, or null. */
export function fieldOfHeader(text: string): ResidentField | null {
  return HEADER_INDEX.get(normalizeHeader(text)) ?? null
}

/** The columns a header row names (the first column of each field wins). */
export function guessMapping(header: Array<Cell | null>): Mapping {
  const mapping = Object.fromEntries(RESIDENT_FIELD_KEYS.map((k) => [k, null])) as Mapping
  header.forEach((cell, c) => {
    const field = cell ? fieldOfHeader(cell.text) : null
    if (field && mapping[field] === null) mapping[field] = c
  })
  return mapping
}

/** How many rows from the top are searched for the header row (title rows above it are common). */
export const HEADER_SEARCH_ROWS = 20

/**
 * The header row: the first of the top rows that names 姓名 and at least one other known column.
 * -1 when there is none.
 */
export function findHeaderRow(rows: Array<Array<Cell | null>>): number {
  for (let r = 0; r < Math.min(HEADER_SEARCH_ROWS, rows.length); r++) {
    const fields = new Set((rows[r] ?? []).map((cell) => (cell ? fieldOfHeader(cell.text) : null)).filter(Boolean))
    if (fields.has('name') && fields.size >= 2) return r
  }
  return -1
}
