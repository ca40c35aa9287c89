import { z } from 'zod'
import * as roster from './roster-service'
import { handler } from '../registry/define'
import { date, id, idNumber, input, noInput, note, oneOf, phone, text, whole } from '../registry/fields'
import { commitImport, previewImport, readLayout } from './import/resident-import'
import { RESIDENT_FIELD_KEYS, RESIDENT_FIELDS, type Mapping } from './import/columns'
import { saveProblemRows, saveTemplate } from './import/import-files'

const resident = {
  name: text('姓名', { max: 30 }),
  buildingId: id('楼栋').nullable(),
  unit: text('单元', { max: 10, optional: true }).default(''),
  room: text('门牌号', { max: 20, optional: true }).default(''),
  phone: phone('电话').default(''),
  tags: z
    .array(text('标签', { max: 20 }), { error: '「标签」格式不对' })
    .max(20, '标签最多 20 个')
    .default([]),
  note: note('备注'),
  idNumber: idNumber('身份证号').default(''),
  gender: oneOf('性别', { 男: '男', 女: '女', '': '不填' }).default(''),
  birthDate: date('出生日期').nullable().default(null),
  kind: text('人员类型', { max: 20, optional: true }).default(''),
}

/** The spreadsheet the clerk picked, sent whole with every step (nothing is kept between calls). */
const importFile = {
  fileName: text('文件名', { max: 200 }),
  contentBase64: z
    .string({ error: '请选择文件' })
    .max(40_000_000, '文件太大了（最多 30 MB），请把表格分成几个文件再导入。')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件没有读完整，请重新选择。'),
}
/** Which column (0-based) holds each field; null for none. Left out: the program's guess. */
const mapping = z
  .strictObject(
    Object.fromEntries(
      RESIDENT_FIELD_KEYS.map((k) => [k, whole(RESIDENT_FIELDS[k].label, 0, 16_383).nullable()]),
    ) as Record<keyof Mapping, z.ZodNullable<ReturnType<typeof whole>>>,
    { error: '列的对应关系不对，请重新选择' },
  )
  .optional()
const fileOf = (q: { fileName: string; contentBase64: string }) => ({
  fileName: q.fileName,
  bytes: new Uint8Array(Buffer.from(q.contentBase64, 'base64')),
})

export const peopleHandlers = {
  'people.list': handler({
    input: input({
      search: text('搜索', { max: 50, optional: true }).default(''),
      page: whole('页码', 1, 100_000).default(1),
      pageSize: whole('每页条数', 1, 500).default(50),
    }),
    run: (db, q) =>
      roster.listResidents(db, { search: q.search, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
  }),
  'people.create': handler({ input: input(resident), run: (db, r) => roster.createResident(db, r) }),
  'people.update': handler({
    // Leaving out `phone` keeps the stored number (the list only has it masked); so does leaving
    // out the ID number or sending back its masked value unchanged.
    input: input({
      id: id('居民'),
      ...resident,
      phone: phone('电话').optional(),
      idNumber: idNumber('身份证号', { masked: true }).optional(),
    }),
    run: (db, { id: residentId, ...r }) => roster.updateResident(db, residentId, r),
  }),
  'people.delete': handler({ input: input({ id: id('居民') }), run: (db, r) => roster.deleteResident(db, r.id) }),
  /** 导入: the sheet's header row and the program's guess of its columns (the mapping step). */
  'people.importLayout': handler({ input: input(importFile), run: async (_db, q) => readLayout(fileOf(q)) }),
  /** What the import would do: new rows, rows updating residents, every bad row with its reason. */
  'people.importPreview': handler({
    input: input({ ...importFile, mapping }),
    run: (db, q) => previewImport(db, fileOf(q), q.mapping),
  }),
  'people.importCommit': handler({
    input: input({ ...importFile, mapping, createBuildings: z.boolean({ error: '「新建楼栋」应当是是或否' }) }),
    run: (db, q) => commitImport(db, fileOf(q), { mapping: q.mapping, createBuildings: q.createBuildings }),
  }),
  'people.importProblems': handler({
    input: input({ ...importFile, mapping }),
    run: (db, q, ctx) => saveProblemRows(db, ctx, fileOf(q), q.mapping),
  }),
  'people.importTemplate': handler({ input: noInput, run: (_db, _q, ctx) => saveTemplate(ctx) }),
} as const
