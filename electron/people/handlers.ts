import { z } from 'zod'
import * as roster from './roster-service'
import { handler } from '../registry/define'
import { date, id, idNumber, input, note, oneOf, phone, text, whole } from '../registry/fields'
import { importHandlers } from '../registry/import/handlers'
import { residentImport } from './import/resident-import'

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

const importing = importHandlers(residentImport)

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
  /** 导入居民名册: the one importer's channels (registry/import/handlers.ts). */
  'people.importLayout': importing.layout,
  'people.importPreview': importing.preview,
  'people.importCommit': importing.commit,
  'people.importProblems': importing.problems,
  'people.importTemplate': importing.template,
} as const
