import { z } from 'zod'
import * as categories from './category-service'
import * as topics from './topic-service'
import * as resolutions from './resolution-service'
import { similarTopics } from './duplicate-hint'
import { feedbackOfTopic } from './topic-feedback'
import { RESOLUTION_FILTERS, TOPIC_CHANNELS, TOPIC_FILTERS, URGENCIES } from '../../shared/followup-values'
import { handler } from '../registry/define'
import { date, id, input, localDateTime, noInput, note, oneOf, pageFields, text, whole } from '../registry/fields'

/**
 * A resident's concern and what the council decided about it: 议题征集 (topics.*), 转办规则
 * (topics.*Category) and 决议督办 (resolutions.*).
 */
const categoryFields = {
  name: text('分类名称', { max: 20 }),
  department: text('责任部门', { max: 30 }),
  responseHours: whole('答复时限（小时）', 1, 2160),
  retired: z.boolean({ error: '「停用」只能是是或否' }).default(false),
}
const topicFields = {
  receivedAt: localDateTime('收到时间').nullable().default(null),
  channel: oneOf('来源渠道', TOPIC_CHANNELS),
  residentId: id('反映人').nullable(),
  gridId: id('网格').nullable().default(null),
  buildingId: id('楼栋').nullable().default(null),
  categoryId: id('分类'),
  urgency: oneOf('紧急程度', URGENCIES).default('一般'),
  description: text('问题描述', { max: 1000 }),
  duplicateOfId: id('重复的原议题').nullable().default(null),
}
const resolutionFields = {
  text: text('决议内容', { max: 1000 }),
  leadDepartment: text('牵头部门', { max: 30 }),
  coDepartments: z
    .array(text('配合部门', { max: 30 }), { error: '「配合部门」格式不对' })
    .max(10, '配合部门最多 10 个')
    .default([]),
  dueDate: date('办理时限'),
}

export const topicHandlers = {
  'topics.categories': handler({ input: noInput, run: (db) => categories.listCategories(db) }),
  'topics.createCategory': handler({ input: input(categoryFields), run: (db, c) => categories.createCategory(db, c) }),
  'topics.updateCategory': handler({
    input: input({ id: id('分类'), ...categoryFields }),
    run: (db, { id: cid, ...c }) => categories.updateCategory(db, cid, c),
  }),
  'topics.departments': handler({ input: noInput, run: (db) => categories.listDepartments(db) }),

  'topics.list': handler({
    input: input({
      status: oneOf('状态', TOPIC_FILTERS).nullable().default(null),
      channel: oneOf('来源渠道', TOPIC_CHANNELS).nullable().default(null),
      categoryId: id('分类').nullable().default(null),
      gridId: id('网格').nullable().default(null),
      from: date('开始日期').nullable().default(null),
      to: date('结束日期').nullable().default(null),
      search: text('搜索', { max: 50, optional: true }).default(''),
      untold: z.boolean({ error: '「只看未告知」只能是是或否' }).default(false),
      overdueRouting: z.boolean({ error: '「只看转办已超时」只能是是或否' }).default(false),
      ...pageFields,
    }),
    run: (db, q) => topics.listTopics(db, q),
  }),
  'topics.get': handler({
    input: input({ id: id('议题') }),
    run: async (db, { id: tid }) => ({
      ...(await topics.getTopic(db, tid)),
      feedback: await feedbackOfTopic(db, tid),
    }),
  }),
  'topics.create': handler({ input: input(topicFields), run: (db, t) => topics.createTopic(db, t) }),
  'topics.update': handler({
    input: input({ id: id('议题'), ...topicFields }),
    run: (db, { id: tid, ...t }) => topics.updateTopic(db, tid, t),
  }),
  'topics.void': handler({
    input: input({ id: id('议题'), reason: text('作废原因', { max: 300 }) }),
    run: (db, q) => topics.voidTopic(db, q.id, q.reason),
  }),
  /** The duplicate hint while the clerk types. */
  'topics.similar': handler({
    input: input({
      description: text('问题描述', { max: 1000, optional: true }),
      categoryId: id('分类').nullable().default(null),
      buildingId: id('楼栋').nullable().default(null),
      excludeId: id('议题').nullable().default(null),
    }),
    run: (db, q) => similarTopics(db, q),
  }),
  'topics.adopt': handler({ input: input({ id: id('议题') }), run: (db, q) => topics.adoptTopic(db, q.id) }),
  'topics.route': handler({
    input: input({
      id: id('议题'),
      department: text('转办部门', { max: 30, optional: true }).nullable().default(null),
      reason: text('转办说明', { max: 300 }),
    }),
    run: (db, q) => topics.routeTopic(db, q.id, q),
  }),
  'topics.reply': handler({
    input: input({
      id: id('议题'),
      text: text('部门答复', { max: 1000 }),
      at: localDateTime('答复时间').nullable().default(null),
    }),
    run: (db, q) => topics.recordDepartmentReply(db, q.id, q),
  }),
  'topics.reject': handler({
    input: input({ id: id('议题'), reason: text('不予采纳的理由', { max: 300 }) }),
    run: (db, q) => topics.rejectTopic(db, q.id, q.reason),
  }),
  'topics.agendaTargets': handler({ input: noInput, run: (db) => topics.agendaTargets(db) }),
  'topics.toAgenda': handler({
    input: input({
      id: id('议题'),
      meetingId: id('会议'),
      title: text('议题', { max: 100 }),
      type: oneOf('事项类型', ['讨论', '表决'] as const),
      plannedMinutes: whole('计划时长（分钟）', 1, 480),
      presenter: text('汇报人', { max: 30, optional: true }).default(''),
    }),
    run: (db, { id: tid, ...q }) => topics.putOnAgenda(db, tid, q),
  }),

  'resolutions.list': handler({
    input: input({
      status: oneOf('状态', RESOLUTION_FILTERS).nullable().default(null),
      department: text('部门', { max: 30, optional: true }).nullable().default(null),
      year: whole('年份', 2000, 2100).nullable().default(null),
      search: text('搜索', { max: 50, optional: true }).default(''),
      ...pageFields,
    }),
    run: (db, q) => resolutions.listResolutions(db, q),
  }),
  'resolutions.get': handler({
    input: input({ id: id('决议') }),
    run: (db, q) => resolutions.getResolution(db, q.id),
  }),
  'resolutions.create': handler({
    input: input({ agendaItemId: id('议程事项'), ...resolutionFields }),
    run: (db, { agendaItemId, ...r }) => resolutions.createResolution(db, agendaItemId, r),
  }),
  'resolutions.update': handler({
    input: input({ id: id('决议'), ...resolutionFields, reason: note('修改原因', 300) }),
    run: (db, { id: rid, ...r }) => resolutions.updateResolution(db, rid, r),
  }),
  'resolutions.addProgress': handler({
    input: input({
      id: id('决议'),
      text: text('办理进展', { max: 1000 }),
      at: localDateTime('进展时间').nullable().default(null),
      reportedBy: text('报告人', { max: 30, optional: true }).default(''),
    }),
    run: (db, { id: rid, ...p }) => resolutions.addProgress(db, rid, p),
  }),
  'resolutions.complete': handler({
    input: input({
      id: id('决议'),
      note: text('办结情况', { max: 1000 }),
      at: localDateTime('办结时间').nullable().default(null),
      reportedBy: text('报告人', { max: 30, optional: true }).default(''),
    }),
    run: (db, { id: rid, ...p }) => resolutions.completeResolution(db, rid, p),
  }),
  'resolutions.reopen': handler({
    input: input({
      id: id('决议'),
      reason: text('重新办理的原因', { max: 300 }),
      dueDate: date('新的办理时限'),
    }),
    run: (db, { id: rid, ...r }) => resolutions.reopenResolution(db, rid, r),
  }),
  'resolutions.void': handler({
    input: input({ id: id('决议'), reason: text('撤销原因', { max: 300 }) }),
    run: (db, q) => resolutions.voidResolution(db, q.id, q.reason),
  }),
} as const
