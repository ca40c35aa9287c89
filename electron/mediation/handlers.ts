import { z } from 'zod'
import {
  AGREEMENT_FORMS,
  CASE_SOURCES,
  CASE_STATES,
  DIFFICULTIES,
  DISPUTE_TYPES,
  DOSSIER_ITEMS,
  PARTY_KINDS,
  PARTY_SIDES,
  RETENTION_CLASSES,
  SESSION_KINDS,
  SESSION_RESULTS,
  STAFF_ROLES,
  type DossierKey,
} from '../../shared/mediation-values'
import { handler } from '../registry/define'
import {
  count,
  date,
  id,
  input,
  localDateTime,
  noInput,
  note,
  oneOf,
  pageFields,
  phone,
  text,
  whole,
  yuan,
} from '../registry/fields'
import {
  agreementGaps,
  agreementPaper,
  closeCase,
  recordConfirmation,
  recordPerformance,
  saveAgreement,
  signAgreement,
} from './agreement-service'
import { ATTENTION, listCases, openCase } from './case-reads'
import { assertMayOpenCase, CASE_OFFICE_ACCESS, caseOfRow, viewerOf } from './case-access'
import type { HostContext } from '../registry/define'
import type { Db } from '../database/open-database'
import { archivePassword } from '../registry/encrypted-archive'
import {
  addAgent,
  addParty,
  addStaff,
  addSession,
  caseFromTopic,
  confirmReadBack,
  createCase,
  declare,
  disputeTopics,
  endCase,
  extend,
  recordRightsNotice,
} from './case-service'
import { councilFunds, recordCouncilFunds } from './council-funds'
import { archiveCase, dossier, saveExplanation } from './dossier-service'
import { addScan } from './scan-service'
import { planVisit, raiseAlert, recordVisit, resolveAlert } from './followup-service'
import { freezeMonth, yearStatistics } from './stats-service'
import { exportProfile } from './export-profiles'

/**
 * 乡贤调解案卷 (mediation.*). Every input is checked here with Chinese messages; the rules that need
 * the database (the ID number's check digit against today, dates against acceptance, the agreement's
 * completeness, the dossier's 必须 items) are the services'.
 */
const boolean = (label: string) => z.boolean({ error: `「${label}」只能是是或否` })

const person = {
  kind: oneOf('当事人类别', PARTY_KINDS),
  residentId: id('居民').nullable().default(null),
  name: text('姓名或名称', { max: 60, optional: true }).default(''),
  gender: z.enum(['', '男', '女'], { error: '「性别」只能选：男、女' }).default(''),
  ethnicity: text('民族', { max: 20, optional: true }).default(''),
  birthDate: date('出生日期').nullable().default(null),
  occupation: text('职业或职务', { max: 40, optional: true }).default(''),
  phone: phone('联系电话').default(''),
  address: text('住址', { max: 120, optional: true }).default(''),
  idNumber: text('身份证号', { max: 30, optional: true }).default(''),
  creditCode: text('统一社会信用代码', { max: 30, optional: true }).default(''),
  legalRep: text('法定代表人', { max: 30, optional: true }).default(''),
}
const party = input({
  ...person,
  side: oneOf('当事人身份', PARTY_SIDES),
  claim: note('申请事项', 500),
  safety: boolean('人身安全保护').default(false),
})

const clause = input({
  obligorId: id('履行义务的当事人'),
  obligeeId: id('享有权利的当事人').nullable().default(null),
  content: text('协议内容', { max: 500 }),
  amount: yuan('金额').default(0),
  manner: text('履行方式', { max: 100, optional: true }).default(''),
  place: text('履行地点', { max: 100, optional: true }).default(''),
  dueOn: date('履行期限').nullable().default(null),
})

/** The call may reach case `caseId` only when the operator may open it (an elder: their own cases). */
async function mine(db: Db, ctx: HostContext, caseId: number): Promise<void> {
  await assertMayOpenCase(db, viewerOf(ctx), caseId)
}
/** The same, for a call that names a row of a case (a session, a clause, a visit, …). */
async function mineVia(db: Db, ctx: HostContext, table: Parameters<typeof caseOfRow>[1], id: number, what: string) {
  await mine(db, ctx, await caseOfRow(db, table, id, what))
}

/** The run of a call on one case (`caseId`): it goes on only when the operator may open the case. */
function onCase<Q extends { caseId: number }, O>(
  run: (db: Db, q: Q, ctx: HostContext) => O | Promise<O>,
): (db: Db, q: Q, ctx: HostContext) => Promise<O> {
  return async (db, q, ctx) => {
    await mine(db, ctx, q.caseId)
    return run(db, q, ctx)
  }
}

export const mediationHandlers = {
  'mediation.cases': handler({
    input: input({
      year: whole('年份', 2000, 2100).nullable().default(null),
      status: oneOf('状态', [...CASE_STATES, '进行中'])
        .nullable()
        .default(null),
      disputeType: oneOf('纠纷类型', DISPUTE_TYPES).nullable().default(null),
      search: text('搜索', { max: 50, optional: true }).default(''),
      attention: oneOf('提醒', ATTENTION).nullable().default(null),
      ...pageFields,
    }),
    run: (db, q, ctx) => listCases(db, q, undefined, viewerOf(ctx)),
  }),
  'mediation.open': handler({
    input: input({ id: id('调解案件') }),
    run: (db, q, ctx) => openCase(db, q.id, undefined, viewerOf(ctx)),
  }),
  'mediation.create': handler({
    access: CASE_OFFICE_ACCESS,
    input: input({
      source: oneOf('案件来源', CASE_SOURCES),
      disputeType: oneOf('纠纷类型', DISPUTE_TYPES),
      difficulty: oneOf('难易程度', DIFFICULTIES),
      title: text('纠纷名称', { max: 60 }),
      facts: text('纠纷简要情况', { max: 2000 }),
      acceptedOn: date('受理日期').nullable().default(null),
      council: text('乡贤理事会', { max: 60, optional: true }).default(''),
      parties: z.array(party, { error: '请填写当事人' }).max(20, '当事人最多 20 位'),
      topicId: id('议题').nullable().default(null),
    }),
    run: (db, q) => createCase(db, q),
  }),
  'mediation.disputeTopics': handler({ access: CASE_OFFICE_ACCESS, input: noInput, run: (db) => disputeTopics(db) }),
  'mediation.fromTopic': handler({
    access: CASE_OFFICE_ACCESS,
    input: input({ topicId: id('议题'), respondent: party, difficulty: oneOf('难易程度', DIFFICULTIES) }),
    run: (db, q) => caseFromTopic(db, q),
  }),
  'mediation.addParty': handler({
    input: input({ caseId: id('调解案件'), party }),
    run: onCase((db, q) => addParty(db, q.caseId, q.party)),
  }),
  'mediation.addAgent': handler({
    input: input({
      caseId: id('调解案件'),
      agent: input({ ...person, agentFor: id('被代理的当事人'), attorneyScope: text('代理权限', { max: 200 }) }),
    }),
    run: onCase((db, q) => addAgent(db, q.caseId, q.agent)),
  }),
  'mediation.addStaff': handler({
    input: input({
      caseId: id('调解案件'),
      role: oneOf('身份', STAFF_ROLES),
      name: text('姓名', { max: 30 }),
      presiding: boolean('主持调解').default(false),
    }),
    run: onCase((db, q) => addStaff(db, q.caseId, q)),
  }),
  'mediation.declare': handler({
    input: input({
      staffId: id('调解人员'),
      tie: note('亲属或利害关系', 200),
      objection: note('当事人提出的回避理由', 200),
    }),
    run: async (db, q, ctx) => {
      await mineVia(db, ctx, 'mediation_staff', q.staffId, '调解人员')
      return declare(db, q)
    },
  }),
  'mediation.rightsNotice': handler({
    input: input({ caseId: id('调解案件'), on: date('告知日期') }),
    run: onCase((db, q) => recordRightsNotice(db, q.caseId, q.on)),
  }),
  'mediation.addSession': handler({
    input: input({
      caseId: id('调解案件'),
      kind: oneOf('记录类别', SESSION_KINDS),
      heldAt: localDateTime('时间'),
      place: text('地点', { max: 60 }),
      attendees: text('参加人', { max: 200 }),
      applicantSays: note('申请人陈述', 2000),
      respondentSays: note('被申请人陈述', 2000),
      riskWarning: note('风险告知', 500),
      result: oneOf('结果', SESSION_RESULTS),
    }),
    run: onCase((db, q) => addSession(db, q)),
  }),
  'mediation.readBack': handler({
    input: input({ sessionId: id('调解记录') }),
    run: async (db, q, ctx) => {
      await mineVia(db, ctx, 'mediation_sessions', q.sessionId, '调解记录')
      return confirmReadBack(db, q.sessionId)
    },
  }),
  'mediation.extend': handler({
    input: input({
      caseId: id('调解案件'),
      until: date('延期至'),
      applicantConsent: note('申请人同意情况', 200),
      respondentConsent: note('被申请人同意情况', 200),
    }),
    run: onCase((db, q) => extend(db, q)),
  }),
  'mediation.end': handler({
    input: input({
      caseId: id('调解案件'),
      as: oneOf('处理', ['不予受理', '终止']),
      reason: note('理由', 500),
      routesTold: boolean('已告知其他解决途径').default(false),
      on: date('日期').nullable().default(null),
    }),
    run: onCase((db, q) => endCase(db, q)),
  }),
  'mediation.saveAgreement': handler({
    input: input({
      caseId: id('调解案件'),
      form: oneOf('协议形式', AGREEMENT_FORMS),
      facts: note('纠纷主要事实', 2000),
      issues: note('争议事项', 1000),
      responsibility: note('各方责任', 1000),
      clauses: z.array(clause, { error: '请填写协议内容' }).max(30, '协议条款最多 30 条'),
    }),
    run: onCase((db, q) => saveAgreement(db, q)),
  }),
  'mediation.agreementGaps': handler({
    input: input({ caseId: id('调解案件') }),
    run: onCase((db, q) => agreementGaps(db, q.caseId)),
  }),
  'mediation.agreementPaper': handler({
    input: input({ caseId: id('调解案件') }),
    run: onCase((db, q) => agreementPaper(db, q.caseId)),
  }),
  'mediation.sign': handler({
    input: input({ caseId: id('调解案件'), signedOn: date('签订日期') }),
    run: onCase((db, q) => signAgreement(db, q)),
  }),
  'mediation.perform': handler({
    input: input({ clauseId: id('协议条款'), performedOn: date('履行日期'), proof: note('履行凭证', 200) }),
    run: async (db, q, ctx) => {
      await mineVia(db, ctx, 'mediation_clauses', q.clauseId, '协议条款')
      return recordPerformance(db, q)
    },
  }),
  'mediation.confirm': handler({
    input: input({
      caseId: id('调解案件'),
      appliedOn: date('申请日期'),
      court: note('人民法院', 60),
      result: note('结果', 200),
    }),
    run: onCase((db, q) => recordConfirmation(db, q)),
  }),
  'mediation.close': handler({
    input: input({ caseId: id('调解案件'), on: date('结案日期').nullable().default(null) }),
    run: onCase((db, q) => closeCase(db, q.caseId, q.on)),
  }),
  'mediation.planVisit': handler({
    input: input({ caseId: id('调解案件'), plannedOn: date('回访日期'), reason: note('回访事由', 200) }),
    run: onCase((db, q) => planVisit(db, q)),
  }),
  'mediation.visit': handler({
    input: input({
      visitId: id('回访计划'),
      doneOn: date('回访日期'),
      visitor: note('回访人', 30),
      partyId: id('受访当事人').nullable().default(null),
      performance: note('履行情况', 500),
      satisfaction: note('满意度', 50),
      lawsuit: note('起诉情况', 200),
      escalationSigns: note('激化迹象', 500),
      measures: note('采取的措施', 500),
    }),
    run: async (db, q, ctx) => {
      await mineVia(db, ctx, 'mediation_visits', q.visitId, '回访计划')
      return recordVisit(db, q)
    },
  }),
  'mediation.raiseAlert': handler({
    input: input({
      caseId: id('调解案件'),
      foundOn: date('发现日期').nullable().default(null),
      signs: note('激化苗头', 500),
      measures: note('预防措施', 500),
      people: count('涉及人数', 10_000).min(1, '「涉及人数」至少是 1').default(1),
    }),
    run: onCase((db, q) => raiseAlert(db, q)),
  }),
  'mediation.resolveAlert': handler({
    input: input({
      alertId: id('激化苗头'),
      resolution: note('化解情况', 500),
      on: date('化解日期').nullable().default(null),
    }),
    run: async (db, q, ctx) => {
      await mineVia(db, ctx, 'mediation_alerts', q.alertId, '激化苗头')
      return resolveAlert(db, q)
    },
  }),
  'mediation.dossier': handler({
    input: input({ caseId: id('调解案件') }),
    run: onCase((db, q) => dossier(db, q.caseId)),
  }),
  'mediation.explanation': handler({
    input: input({ caseId: id('调解案件'), text: note('卷宗情况说明', 2000) }),
    run: onCase((db, q) => saveExplanation(db, q)),
  }),
  'mediation.addScan': handler({
    input: input({
      caseId: id('调解案件'),
      document: oneOf(
        '文书',
        Object.fromEntries(DOSSIER_ITEMS.filter((d) => d.key !== 'back').map((d) => [d.key, d.name])) as Record<
          Exclude<DossierKey, 'back'>,
          string
        >,
      ),
      fileName: text('文件名', { max: 120 }),
      pages: whole('页数', 1, 500).default(1),
      contentBase64: z
        .string({ error: '请选择文件' })
        .min(1, '请选择文件')
        .max(28_000_000, '文件太大了（最多 20 MB），请降低扫描分辨率后再保存。')
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件没有读完整，请重新选择。'),
    }),
    run: onCase((db, q, ctx) => addScan(db, ctx.dataFile, q)),
  }),
  'mediation.archive': handler({
    input: input({
      caseId: id('调解案件'),
      filedBy: note('立卷人', 30),
      retention: oneOf('保管期限', RETENTION_CLASSES),
    }),
    run: onCase((db, q) => archiveCase(db, q)),
  }),
  'mediation.statistics': handler({
    input: input({ year: whole('年份', 2000, 2100) }),
    run: (db, q) => yearStatistics(db, q.year),
  }),
  'mediation.freezeMonth': handler({
    access: CASE_OFFICE_ACCESS,
    input: input({ month: z.string({ error: '请选择月份' }) }),
    run: (db, q) => freezeMonth(db, q.month),
  }),
  'mediation.councilFunds': handler({ input: noInput, run: (db) => councilFunds(db) }),
  'mediation.recordCouncilFunds': handler({
    access: CASE_OFFICE_ACCESS,
    input: input({
      council: text('乡贤理事会', { max: 60 }),
      subfundId: id('子基金'),
      amount: yuan('金额', { positive: true }),
      raisedOn: date('日期'),
      summary: note('摘要', 200),
    }),
    run: (db, q) => recordCouncilFunds(db, q),
  }),
  'mediation.export': handler({
    input: input({
      profile: oneOf('导出方式', ['上报统计', '典型案例', '归档']),
      caseId: id('调解案件').nullable().default(null),
      year: whole('年份', 2000, 2100).nullable().default(null),
      /** 归档 only: the password the clerk sets in the 归档导出 dialog (never stored or logged). */
      password: archivePassword().nullable().default(null),
    }),
    run: async (db, q, ctx) => {
      if (q.caseId !== null) await mine(db, ctx, q.caseId)
      return exportProfile(db, q, ctx)
    },
  }),
} as const
