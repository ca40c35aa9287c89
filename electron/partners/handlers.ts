import { z } from 'zod'
import {
  AGREEMENT_KINDS,
  AGREEMENT_STATES,
  CARRY_POLICIES,
  COMMITMENT_KINDS,
  DEFAULT_NOTICE_DAYS,
  EVIDENCE_KINDS,
  PARTNER_KINDS,
  PERIOD_UNITS,
  PROVISION_CATEGORIES,
  SIDES,
} from '../../shared/partner-values'
import { handler } from '../registry/define'
import { exportHandler } from '../registry/export-jobs'
import { importHandlers } from '../registry/import/handlers'
import { partnerImport } from './import'
import { count, date, id, input, note, oneOf, pageFields, phone, text, whole } from '../registry/fields'
import * as agreements from './agreement-service'
import * as reads from './agreement-reads'
import { partnerLedger } from './export/ledger-xlsx'
import { fen, rateBp, signedFen } from './fields'
import * as fulfilment from './fulfilment-service'
import * as partners from './partner-service'
import { listPeriods } from './reminders'

const importing = importHandlers(partnerImport)

const partnerFields = {
  kind: oneOf('合伙人类型', PARTNER_KINDS),
  name: text('名称', { max: 60 }),
  creditCode: text('统一社会信用代码', { max: 30, optional: true }).default(''),
  contactName: text('联系人', { max: 30, optional: true }).default(''),
  contactPhone: phone('联系电话').default(''),
  address: text('地址', { max: 100, optional: true }).default(''),
  note: note('备注'),
}

const agreementFields = {
  kind: oneOf('协议类型', AGREEMENT_KINDS),
  number: text('协议编号', { max: 40, optional: true }).default(''),
  title: text('协议名称', { max: 60 }),
  startDate: date('开始日期'),
  endDate: date('结束日期').nullable(),
  noticeDays: whole('提前提醒天数', 0, 365).default(DEFAULT_NOTICE_DAYS),
  communitySignatory: text('社区签订人', { max: 30, optional: true }).default(''),
  partnerSignatory: text('合伙人签订人', { max: 30, optional: true }).default(''),
  note: note('备注'),
}
const endAfterStart = (a: { startDate: string; endDate: string | null }) => !a.endDate || a.endDate >= a.startDate
const endMessage = { message: '协议的结束日期早于开始日期，请检查。', path: ['endDate'] }

const commitmentFields = {
  side: oneOf('哪一方', SIDES),
  kind: oneOf('条款类型', COMMITMENT_KINDS),
  category: oneOf('提供内容', PROVISION_CATEGORIES).default('其他'),
  title: text('内容', { max: 60 }),
  periodUnit: oneOf('履约周期', PERIOD_UNITS).nullable().default(null),
  quantity: count('每期数量', 10_000).default(0),
  amountFen: fen('每期金额').default(0),
  rateBp: rateBp('比例').default(0),
  dueDate: date('完成期限').nullable().default(null),
  areaM2: z
    .number({ error: '「面积」应当是数字' })
    .min(0, '「面积」不能是负数')
    .max(100_000, '「面积」太大了')
    .nullable()
    .default(null),
  imputedYearlyFen: fen('折算年价值').default(0),
  weight: whole('权重', 0, 100).default(1),
  carryPolicy: oneOf('超出部分', CARRY_POLICIES).default('不结转'),
  countsMeetings: z.boolean({ error: '「按承办的议事会计入」应当是是或否' }).default(false),
  note: note('备注'),
}
type CommitmentFields = z.output<z.ZodObject<typeof commitmentFields>>
const toCommitment = (c: CommitmentFields): agreements.CommitmentInput => ({
  side: c.side,
  kind: c.kind,
  category: c.category,
  title: c.title,
  periodUnit: c.periodUnit,
  quantity: c.quantity,
  amountFen: c.amountFen,
  rateBp: c.rateBp,
  dueDate: c.dueDate,
  areaM2: c.areaM2,
  imputedYearlyFen: c.imputedYearlyFen,
  weight: c.weight,
  carryPolicy: c.carryPolicy,
  countsMeetings: c.countsMeetings,
  note: c.note,
})

const periodId = { periodId: id('履约期') }

export const partnerHandlers = {
  'partners.list': handler({
    input: input({
      search: text('搜索', { max: 50, optional: true }).default(''),
      kind: oneOf('合伙人类型', PARTNER_KINDS).nullable().default(null),
      ...pageFields,
    }),
    run: (db, q) => partners.listPartners(db, q),
  }),
  'partners.options': handler({
    input: input({ search: text('搜索', { max: 50, optional: true }).default('') }),
    run: (db, q) => partners.partnerOptions(db, q.search),
  }),
  'partners.get': handler({
    input: input({ id: id('合伙人') }),
    run: async (db, q) => ({
      partner: await partners.getPartner(db, q.id),
      agreements: await reads.listAgreements(db, { partnerId: q.id, state: null, search: '' }),
    }),
  }),
  'partners.create': handler({ input: input(partnerFields), run: (db, p) => partners.createPartner(db, p) }),
  'partners.update': handler({
    input: input({ id: id('合伙人'), ...partnerFields }),
    run: (db, { id: pid, ...p }) => partners.updatePartner(db, pid, p),
  }),
  'partners.revealPhone': handler({
    input: input({ id: id('合伙人') }),
    run: (db, q) => partners.revealPartnerPhone(db, q.id),
  }),
  'partners.setMembers': handler({
    input: input({
      id: id('合伙人'),
      residentIds: z.array(id('居民'), { error: '「成员」格式不对' }).max(500, '成员最多 500 人'),
    }),
    run: (db, q) => partners.setMembers(db, q.id, q.residentIds),
  }),

  'partners.agreements': handler({
    input: input({
      partnerId: id('合伙人').nullable().default(null),
      state: oneOf('协议状态', AGREEMENT_STATES).nullable().default(null),
      search: text('搜索', { max: 50, optional: true }).default(''),
    }),
    run: (db, q) => reads.listAgreements(db, q),
  }),
  'partners.agreement': handler({
    input: input({ id: id('协议') }),
    run: (db, q) => reads.getAgreement(db, q.id),
  }),
  'partners.createAgreement': handler({
    input: input({ partnerId: id('合伙人'), ...agreementFields }).refine(endAfterStart, endMessage),
    run: (db, a) => agreements.createAgreement(db, a),
  }),
  'partners.updateAgreement': handler({
    input: input({ id: id('协议'), partnerId: id('合伙人'), ...agreementFields }).refine(endAfterStart, endMessage),
    run: (db, { id: aid, ...a }) => agreements.updateAgreement(db, aid, a),
  }),
  'partners.addCommitment': handler({
    input: input({ agreementId: id('协议'), ...commitmentFields }),
    run: (db, { agreementId, ...c }) => agreements.addCommitment(db, agreementId, toCommitment(c)),
  }),
  'partners.updateCommitment': handler({
    input: input({ id: id('协议条款'), ...commitmentFields }),
    run: (db, { id: cid, ...c }) => agreements.updateCommitment(db, cid, toCommitment(c)),
  }),
  'partners.deleteCommitment': handler({
    input: input({ id: id('协议条款') }),
    run: (db, q) => agreements.deleteCommitment(db, q.id),
  }),
  'partners.sign': handler({
    input: input({ id: id('协议'), signedOn: date('签订日期') }),
    run: (db, q) => agreements.signAgreement(db, q.id, q.signedOn),
  }),
  'partners.renew': handler({
    input: input({
      id: id('协议'),
      ...agreementFields,
      kind: oneOf('协议类型', AGREEMENT_KINDS).nullable().default(null),
    }).refine(endAfterStart, endMessage),
    run: (db, { id: aid, ...a }) => agreements.renewAgreement(db, aid, a),
  }),
  'partners.terminate': handler({
    input: input({ id: id('协议'), on: date('终止日期'), reason: text('终止原因', { max: 200 }) }),
    run: (db, q) => agreements.terminateAgreement(db, q.id, q.on, q.reason),
  }),
  'partners.void': handler({
    input: input({ id: id('协议'), reason: text('作废原因', { max: 200 }) }),
    run: (db, q) => agreements.voidAgreement(db, q.id, q.reason),
  }),

  'partners.reportBase': handler({
    input: input({ ...periodId, baseFen: signedFen('本期基数（利润）'), note: note('说明', 200) }),
    run: (db, q) => fulfilment.reportBase(db, q.periodId, q.baseFen, q.note),
  }),
  'partners.recordCount': handler({
    input: input({ ...periodId, doneCount: count('完成数量', 10_000), note: note('说明', 200) }),
    run: (db, q) => fulfilment.recordCount(db, q.periodId, q.doneCount, q.note),
  }),
  // Money periods are paid through the charity fund (fund.postPartnerIncome), never typed here.
  'partners.payments': handler({ input: input(periodId), run: (db, q) => fulfilment.listPayments(db, q.periodId) }),
  'partners.waive': handler({
    input: input({ ...periodId, reason: text('豁免原因', { max: 200 }) }),
    run: (db, q) => fulfilment.waivePeriod(db, q.periodId, q.reason),
  }),
  'partners.unwaive': handler({ input: input(periodId), run: (db, q) => fulfilment.unwaivePeriod(db, q.periodId) }),
  'partners.review': handler({
    input: input({ ...periodId, reviewer: text('复核人', { max: 30 }) }),
    run: (db, q) => fulfilment.reviewPeriod(db, q.periodId, q.reviewer),
  }),
  'partners.evidence': handler({ input: input(periodId), run: (db, q) => fulfilment.listEvidence(db, q.periodId) }),
  'partners.openEvidence': handler({
    input: input({ id: id('证据材料'), how: oneOf('方式', { open: '打开', save: '另存' }) }),
    run: (db, q, ctx) => fulfilment.handOutEvidence(db, ctx, q.id, q.how),
  }),
  'partners.addEvidence': handler({
    input: input({
      ...periodId,
      kind: oneOf('材料类型', EVIDENCE_KINDS),
      fileName: text('文件名', { max: 120 }),
      // Base64 of at most 20 MB.
      dataBase64: z.string({ error: '文件内容不对，请重新选择' }).max(28_000_000, '文件太大了（最多 20 MB）'),
    }),
    run: (db, q, ctx) => fulfilment.addEvidence(db, ctx.dataFile, q),
  }),
  'partners.addHolder': handler({
    input: input({
      commitmentId: id('协议条款'),
      residentId: id('居民'),
      role: text('岗位', { max: 30, optional: true }).default(''),
      fromDate: date('到岗日期'),
    }),
    run: (db, q) => fulfilment.addHolder(db, q),
  }),
  'partners.endHolder': handler({
    input: input({ id: id('在岗人员'), toDate: date('离岗日期') }),
    run: (db, q) => fulfilment.endHolder(db, q.id, q.toDate),
  }),
  'partners.periods': handler({
    input: input({ filter: oneOf('范围', { overdue: '逾期', unreviewed: '待复核' }), ...pageFields }),
    run: (db, q) => listPeriods(db, q),
  }),
  /** 合伙人台账: every agreement and commitment, and the periods ending in `year`. */
  'export.partnerLedgerXlsx': exportHandler(input({ year: whole('年份', 2000, 2100) }), partnerLedger),
  /** 导入合伙人: the one importer's channels (registry/import/handlers.ts). */
  'partners.importLayout': importing.layout,
  'partners.importPreview': importing.preview,
  'partners.importCommit': importing.commit,
  'partners.importProblems': importing.problems,
  'partners.importTemplate': importing.template,
} as const
