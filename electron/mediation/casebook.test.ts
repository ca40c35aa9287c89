import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { idCheckChar } from '../../shared/id-number'
import { caseClock } from '../../shared/mediation-values'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { saveProfile } from '../community/community-service'
import { createResident } from '../people/roster-service'
import { createTopic } from '../topics/topic-service'
import { dispatch } from '../registry/dispatch'
import { homeReminders as mediationReminders, registry } from '../registry'
import {
  addAgent,
  addSession,
  addStaff,
  caseFromTopic,
  createCase,
  declare,
  endCase,
  extend,
  recordRightsNotice,
  type PartyInput,
} from './case-service'
import {
  agreementGaps,
  agreementHints,
  closeCase,
  recordConfirmation,
  recordPerformance,
  saveAgreement,
  signAgreement,
} from './agreement-service'
import { caseDetail, listCases, openCase, SAFETY_HIDDEN } from './case-reads'
import { Session } from '../registry/session'
import type { HostContext } from '../registry/define'
import { saveOperator } from '../settings/operators-service'
import type { Role } from '../../shared/operators'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { archiveCase, dossier } from './dossier-service'
import { raiseAlert, recordVisit, resolveAlert } from './followup-service'
import { computeFigures, freezeMonth, monthFigures, suppressSmallCells } from './stats-service'
import { reportCsv, typicalCase } from './export-profiles'

/**
 * The casebook against a real SQLite file: the leaking-pipe case from a topic to the archive, the
 * rules on each step, and bad input refused in Chinese with nothing saved.
 */
let t: TempDb
const NOW = '2026-06-20T02:00:00.000Z' // 2026-06-20 10:00 office time
const ID_A = (() => {
  const f = '11010519600312002' // born 1960-03-12, woman (even sequence)
  return f + idCheckChar(f)
})()
const ID_B = (() => {
  const f = '11010519550101001' // man
  return f + idCheckChar(f)
})()

function person(over: Partial<PartyInput> = {}): PartyInput {
  return {
    side: '被申请人',
    kind: '个人',
    residentId: null,
    name: '李建国',
    gender: '',
    ethnicity: '汉族',
    birthDate: null,
    occupation: '退休',
    phone: '13912345678',
    address: '幸福路 8 号 3号楼2单元501室',
    idNumber: ID_B,
    creditCode: '',
    legalRep: '',
    claim: '',
    safety: false,
    ...over,
  }
}

let residentId: number
let topicId: number

beforeEach(async () => {
  t = await openTempDb()
  await saveProfile(t.db, { name: '幸福里社区', kind: '城市社区', address: '幸福路 88 号', phone: '' })
  residentId = (
    await createResident(t.db, {
      name: '王秀英',
      buildingId: null,
      unit: '',
      room: '401',
      phone: '13800001234',
      tags: [],
      note: '',
    })
  ).id
  const cat = await t.db
    .selectFrom('topic_categories')
    .select('id')
    .where('name', '=', '邻里纠纷')
    .executeTakeFirstOrThrow()
  topicId = (
    await createTopic(
      t.db,
      {
        receivedAt: '2026-06-01T09:00',
        channel: '走访',
        residentId,
        gridId: null,
        buildingId: null,
        categoryId: cat.id,
        urgency: '一般',
        description: '楼上卫生间水管漏水，渗到我家天花板，找楼上几次都不管',
        duplicateOfId: null,
      },
      NOW,
    )
  ).id
})
afterEach(() => t.cleanup())

async function count(table: 'mediation_cases' | 'mediation_parties' | 'mediation_sessions' | 'mediation_clauses') {
  const r = await t.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** The leaking-pipe case up to a signed, complete agreement. */
async function pipeCase() {
  const c = await caseFromTopic(t.db, { topicId, respondent: person(), difficulty: '简单' }, NOW)
  return c
}

describe('intake', () => {
  it('opens a case from a dispute topic with one action: the resident is the applicant, numbered per year', async () => {
    const c = await pipeCase()
    expect(c.caseNo).toBe('〔2026〕幸福里人调字第1号')
    const d = await caseDetail(t.db, c.id, NOW)
    expect(d.disputeType).toBe('邻里')
    expect(d.topicId).toBe(topicId)
    const applicant = d.parties.find((p) => p.side === '申请人')!
    expect(applicant.name).toBe('王秀英')
    expect(applicant.phone).toBe('138****1234')
    // the same topic cannot open a second case
    await expect(caseFromTopic(t.db, { topicId, respondent: person(), difficulty: '简单' }, NOW)).rejects.toThrow(
      /已经立了调解案件/,
    )
    const second = await createCase(
      t.db,
      {
        source: '调委会主动调解',
        disputeType: '物业',
        difficulty: '一般',
        title: '物业费',
        facts: '拒交物业费',
        acceptedOn: '2026-06-02',
        council: '',
        parties: [
          person({ side: '申请人', name: '赵大', idNumber: '' }),
          person({ name: '某物业', kind: '单位', idNumber: '', creditCode: '91350100M000100Y43' }),
        ],
        topicId: null,
      },
      NOW,
    )
    expect(second.caseNo).toBe('〔2026〕幸福里人调字第2号')
  })

  it('refuses an ID number with a wrong check digit, in Chinese, and saves nothing (the number is not used up)', async () => {
    const wrong = ID_B.slice(0, 17) + (ID_B[17] === '1' ? '2' : '1')
    await expect(
      caseFromTopic(t.db, { topicId, respondent: person({ idNumber: wrong }), difficulty: '简单' }, NOW),
    ).rejects.toThrow(/身份证号不对.*校验码/)
    expect(await count('mediation_cases')).toBe(0)
    expect(await count('mediation_parties')).toBe(0)
    // through the registry too
    const res = await dispatch(registry, t.db, t.ctx, 'mediation.fromTopic', {
      topicId,
      respondent: { ...person({ idNumber: wrong }), birthDate: null },
      difficulty: '简单',
    })
    expect(res).toMatchObject({ ok: false, message: expect.stringMatching(/身份证号不对/) })
    expect(await count('mediation_cases')).toBe(0)
    // a wrong credit code likewise
    await expect(
      caseFromTopic(
        t.db,
        {
          topicId,
          respondent: person({ kind: '单位', name: '物业公司', idNumber: '', creditCode: '91350100M000100Y44' }),
          difficulty: '简单',
        },
        NOW,
      ),
    ).rejects.toThrow(/统一社会信用代码不对/)
    const c = await pipeCase()
    expect(c.caseNo).toMatch(/第1号$/)
  })

  it('an agent acts for a party within a written scope', async () => {
    const c = await pipeCase()
    const d = await caseDetail(t.db, c.id, NOW)
    const principal = d.parties.find((p) => p.side === '被申请人')!
    await expect(
      addAgent(
        t.db,
        c.id,
        { ...person({ name: '李小明', idNumber: '' }), agentFor: principal.id, attorneyScope: '' },
        NOW,
      ),
    ).rejects.toThrow(/代理权限/)
    await addAgent(
      t.db,
      c.id,
      { ...person({ name: '李小明', idNumber: '' }), agentFor: principal.id, attorneyScope: '一般代理' },
      NOW,
    )
    const after = await caseDetail(t.db, c.id, NOW)
    expect(after.parties.find((p) => p.side === '委托代理人')).toMatchObject({ name: '李小明', agentFor: principal.id })
  })
})

describe('roles, recusal, sessions and the clock', () => {
  it('a declared tie recuses the elder; the case proceeds only when everybody has declared', async () => {
    const c = await pipeCase()
    const mediator = await addStaff(t.db, c.id, { role: '人民调解员', name: '王德明', presiding: false }, NOW)
    const elder = await addStaff(t.db, c.id, { role: '乡贤', name: '赵老伯', presiding: false }, NOW)
    await expect(addStaff(t.db, c.id, { role: '乡贤', name: '钱老', presiding: true }, NOW)).rejects.toThrow(
      /只有人民调解员可以主持/,
    )
    const session = {
      caseId: c.id,
      kind: '调解记录' as const,
      heldAt: '2026-06-20T08:00',
      place: '社区调解室',
      attendees: '王德明、王秀英、李建国',
      applicantSays: '漏水',
      respondentSays: '愿意修',
      riskWarning: '告知诉讼成本',
      result: '未达成，继续调解',
    }
    await expect(addSession(t.db, session, NOW)).rejects.toThrow(/还没有声明有无亲属或利害关系/)
    await declare(t.db, { staffId: mediator.id, tie: '', objection: '' }, NOW)
    expect((await declare(t.db, { staffId: elder.id, tie: '是申请人的表兄', objection: '' }, NOW)).recused).toBe(true)
    const d = await caseDetail(t.db, c.id, NOW)
    expect(d.staff.find((s) => s.name === '赵老伯')).toMatchObject({
      recused: true,
      recusalReason: '本人声明：是申请人的表兄',
    })
    expect(d.staff.find((s) => s.name === '王德明')?.presiding).toBe(true)
    await addSession(t.db, session, NOW)
    expect((await caseDetail(t.db, c.id, NOW)).status).toBe('调解中')
  })

  it('refuses a session dated before acceptance, saving nothing', async () => {
    const c = await pipeCase()
    await expect(
      addSession(
        t.db,
        {
          caseId: c.id,
          kind: '调查记录',
          heldAt: '2026-05-30T10:00',
          place: '现场',
          attendees: '王德明',
          applicantSays: '',
          respondentSays: '',
          riskWarning: '',
          result: '调查完毕',
        },
        NOW,
      ),
    ).rejects.toThrow(/不能早于受理日期 2026-06-20/)
    expect(await count('mediation_sessions')).toBe(0)
  })

  it('the one-month clock is computed: warns at day 20, overdue at day 30, extension needs both consents', async () => {
    expect(caseClock('调解中', '2026-06-01', null, '2026-06-20').state).toBe('正常')
    expect(caseClock('调解中', '2026-06-01', null, '2026-06-21').state).toBe('即将到期')
    expect(caseClock('调解中', '2026-06-01', null, '2026-07-01').state).toBe('已超期')
    expect(caseClock('履行中', '2026-06-01', null, '2026-08-01').state).toBe('不计时')
    const c = await createCase(
      t.db,
      {
        source: '当事人申请',
        disputeType: '邻里',
        difficulty: '简单',
        title: '噪音',
        facts: '夜间噪音',
        acceptedOn: '2026-05-01',
        council: '',
        parties: [person({ side: '申请人', name: '甲', idNumber: '' }), person({ name: '乙', idNumber: '' })],
        topicId: null,
      },
      NOW,
    )
    const [row] = (
      await listCases(t.db, { year: 2026, status: null, disputeType: null, search: '甲', limit: 10, offset: 0 }, NOW)
    ).rows
    expect(row?.clock.state).toBe('已超期')
    await expect(
      extend(t.db, { caseId: c.id, until: '2026-07-15', applicantConsent: '当面同意', respondentConsent: '' }, NOW),
    ).rejects.toThrow(/双方当事人的同意/)
    await extend(
      t.db,
      { caseId: c.id, until: '2026-07-15', applicantConsent: '当面同意', respondentConsent: '签字同意' },
      NOW,
    )
    expect((await caseDetail(t.db, c.id, NOW)).clock).toMatchObject({
      state: '正常',
      dueOn: '2026-07-15',
      daysLeft: 25,
    })
    await expect(
      endCase(t.db, { caseId: c.id, as: '终止', reason: '分歧大', routesTold: false, on: null }, NOW),
    ).rejects.toThrow(/仲裁、行政、司法/)
  })
})

async function readyPipe() {
  const c = await pipeCase()
  const m = await addStaff(t.db, c.id, { role: '人民调解员', name: '王德明', presiding: true }, NOW)
  await declare(t.db, { staffId: m.id, tie: '', objection: '' }, NOW)
  await addStaff(t.db, c.id, { role: '记录人', name: '刘晓燕', presiding: false }, NOW)
  await recordRightsNotice(t.db, c.id, '2026-06-20', NOW)
  await addSession(
    t.db,
    {
      caseId: c.id,
      kind: '调解记录',
      heldAt: '2026-06-20T09:00',
      place: '社区调解室',
      attendees: '王德明',
      applicantSays: '漏水',
      respondentSays: '愿意修',
      riskWarning: '告知诉讼成本',
      result: '达成协议',
    },
    NOW,
  )
  const d = await caseDetail(t.db, c.id, NOW)
  return {
    c,
    d,
    a: d.parties.find((p) => p.side === '申请人')!.id,
    b: d.parties.find((p) => p.side === '被申请人')!.id,
  }
}

describe('the agreement', () => {
  it('names what is missing, points out risky words, and signs only when complete', async () => {
    const { c, a, b } = await readyPipe()
    await saveAgreement(
      t.db,
      { caseId: c.id, form: '书面', facts: '', issues: '', responsibility: '', clauses: [] },
      NOW,
    )
    const gaps = await agreementGaps(t.db, c.id)
    expect(gaps).toContain('纠纷的主要事实')
    expect(gaps).toContain('协议内容（至少一条：谁为谁做什么）')
    expect(gaps.join()).toMatch(/申请人“王秀英”的身份证号/)
    await expect(signAgreement(t.db, { caseId: c.id, signedOn: '2026-06-20' }, NOW)).rejects.toThrow(
      /协议还缺少：.*协议内容/,
    )
    const res = await dispatch(registry, t.db, t.ctx, 'mediation.agreementPaper', { caseId: c.id })
    expect(res).toMatchObject({ ok: false, message: expect.stringMatching(/协议还缺少/) })
    expect(await count('mediation_clauses')).toBe(0)

    await t.db
      .updateTable('mediation_parties')
      .set({ id_number: ID_A, gender: '女', birth_date: '1960-03-12' })
      .where('id', '=', a)
      .execute()
    await saveAgreement(
      t.db,
      {
        caseId: c.id,
        form: '书面',
        facts: '李建国家卫生间水管漏水渗到王秀英家',
        issues: '维修和天花板修复费用',
        responsibility: '李建国负主要责任',
        clauses: [
          {
            obligorId: b,
            obligeeId: a,
            content: '修好漏水水管，并支付天花板修复补偿',
            amount: 80_000,
            manner: '现金',
            place: '社区调解室',
            dueOn: '2026-06-25',
          },
        ],
      },
      NOW,
    )
    expect(await agreementGaps(t.db, c.id)).toEqual([])
    expect((await agreementHints(t.db, c.id)).map((h) => h.word)).toEqual(['补偿'])
    await signAgreement(t.db, { caseId: c.id, signedOn: '2026-06-20' }, NOW)
    const d = await caseDetail(t.db, c.id, NOW)
    expect(d.status).toBe('履行中')
    expect(d.agreement).toMatchObject({
      copies: 3,
      confirmDeadline: '2026-07-20',
      confirmDaysLeft: 30,
      amountTotal: 80_000,
    })
    // visits: the clause's due date and +90 days for a neighbours' case
    expect(d.visits.map((v) => v.plannedOn)).toEqual(['2026-06-25', '2026-09-18'])
    await expect(
      saveAgreement(
        t.db,
        { caseId: c.id, form: '书面', facts: 'x', issues: 'y', responsibility: '', clauses: [] },
        NOW,
      ),
    ).rejects.toThrow(/已经签订/)
    await expect(
      recordConfirmation(t.db, { caseId: c.id, appliedOn: '2026-07-21', court: '区法院', result: '' }, NOW),
    ).rejects.toThrow(/30 日内/)
  })
})

describe('performance, visits, alerts, dossier, statistics and privacy', () => {
  it('walks the case to the archive; archiving names the missing required document', async () => {
    const { c, a, b } = await readyPipe()
    await t.db.updateTable('mediation_parties').set({ id_number: ID_A }).where('id', '=', a).execute()
    await saveAgreement(
      t.db,
      {
        caseId: c.id,
        form: '书面',
        facts: '漏水',
        issues: '维修费',
        responsibility: '',
        clauses: [
          {
            obligorId: b,
            obligeeId: a,
            content: '支付维修费',
            amount: 50_000,
            manner: '转账',
            place: '',
            dueOn: '2026-06-20',
          },
        ],
      },
      NOW,
    )
    await signAgreement(t.db, { caseId: c.id, signedOn: '2026-06-20' }, NOW)
    const before = await computeFigures(t.db, '2026-06-01', '2026-06-30')
    expect(before).toMatchObject({ accepted: 1, mediated: 1, successful: 1, amount: 50_000, performed: 0 })

    const clause = (await caseDetail(t.db, c.id, NOW)).agreement!.clauses[0]!
    await expect(
      recordPerformance(t.db, { clauseId: clause.id, performedOn: '2026-06-20', proof: '' }, NOW),
    ).rejects.toThrow(/履行凭证/)
    expect(
      (await recordPerformance(t.db, { clauseId: clause.id, performedOn: '2026-06-20', proof: '收条' }, NOW))
        .allPerformed,
    ).toBe(true)
    const visit = (await caseDetail(t.db, c.id, NOW)).visits[0]!
    await recordVisit(
      t.db,
      {
        visitId: visit.id,
        doneOn: '2026-06-20',
        visitor: '王德明',
        partyId: a,
        performance: '已履行',
        satisfaction: '满意',
        lawsuit: '无',
        escalationSigns: '',
        measures: '',
      },
      NOW,
    )

    const alert = await raiseAlert(
      t.db,
      { caseId: c.id, foundOn: null, signs: '扬言报复', measures: '分别谈话', people: 2 },
      NOW,
    )
    expect((await mediationReminders(t.db, NOW)).mediationAlerts).toBe(1)
    await resolveAlert(t.db, { alertId: alert.id, resolution: '已和好', on: null }, NOW)
    expect((await mediationReminders(t.db, NOW)).mediationAlerts).toBe(0)

    await closeCase(t.db, c.id, null, NOW)
    // The rights notice is removed to show the refusal naming it.
    await t.db.updateTable('mediation_cases').set({ rights_notified_on: null }).where('id', '=', c.id).execute()
    await expect(archiveCase(t.db, { caseId: c.id, filedBy: '刘晓燕', retention: '30年' }, NOW)).rejects.toThrow(
      /缺少必须的材料：人民调解当事人权利义务告知书/,
    )
    expect((await caseDetail(t.db, c.id, NOW)).status).toBe('结案')
    await recordRightsNotice(t.db, c.id, '2026-06-20', NOW)
    const d = await dossier(t.db, c.id, NOW)
    expect(d.contents.map((e) => e.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
    expect(d.contents.filter((e) => e.required).map((e) => e.key)).toEqual([
      'register',
      'notice',
      'identity',
      'transcript',
      'agreement',
      'back',
    ])
    expect(d.contents.find((e) => e.key === 'register')?.range).toBe('3')
    expect(d.missing).toEqual([])
    await archiveCase(t.db, { caseId: c.id, filedBy: '刘晓燕', retention: '30年' }, NOW)
    expect((await caseDetail(t.db, c.id, NOW)).status).toBe('归档')

    const after = await computeFigures(t.db, '2026-06-01', '2026-06-30')
    expect(after).toMatchObject({ performed: 1, preventedCases: 1, preventedPeople: 2 })
  })

  it('a frozen month stays as reported while later corrections change the live figures', async () => {
    const c = await createCase(
      t.db,
      {
        source: '当事人申请',
        disputeType: '邻里',
        difficulty: '简单',
        title: '噪音',
        facts: '夜间噪音',
        acceptedOn: '2026-05-03',
        council: '',
        parties: [person({ side: '申请人', name: '甲', idNumber: '' }), person({ name: '乙', idNumber: '' })],
        topicId: null,
      },
      NOW,
    )
    await expect(freezeMonth(t.db, '2026-06', NOW)).rejects.toThrow(/还没有过完/)
    await freezeMonth(t.db, '2026-05', NOW)
    await endCase(t.db, { caseId: c.id, as: '不予受理', reason: '法院已受理', routesTold: true, on: '2026-06-02' }, NOW)
    await t.db.updateTable('mediation_cases').set({ accepted_on: '2026-05-04' }).where('id', '=', c.id).execute()
    await createCase(
      t.db,
      {
        source: '法院委托',
        disputeType: '合同',
        difficulty: '一般',
        title: 'x',
        facts: 'y',
        acceptedOn: '2026-05-20',
        council: '',
        parties: [person({ side: '申请人', name: '丙', idNumber: '' }), person({ name: '丁', idNumber: '' })],
        topicId: null,
      },
      NOW,
    )
    const may = await monthFigures(t.db, '2026-05')
    expect(may.frozenAt).toBe(NOW)
    expect(may.figures.accepted).toBe(1)
    expect((await computeFigures(t.db, '2026-05-01', '2026-05-31')).accepted).toBe(2)
    await expect(sql`update mediation_frozen_months set figures = '{}'`.execute(t.db)).rejects.toThrow(/不能修改或删除/)
    expect(suppressSmallCells(may.figures).accepted).toBe('<3')
  })

  it('masks by default, hides a protected address, logs every opening, and unmasks only with a reason', async () => {
    const c = await caseFromTopic(t.db, { topicId, respondent: person({ safety: true }), difficulty: '简单' }, NOW)
    const d = await openCase(t.db, c.id, NOW)
    const b = d.parties.find((p) => p.side === '被申请人')!
    expect(b.idNumber).toBe(`110***********${ID_B.slice(-4)}`)
    expect(b.phone).toBe('139****5678')
    expect(b.address).toBe(SAFETY_HIDDEN)
    const logged = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity'])
      .where('entity', '=', 'mediation_case')
      .where('action', '=', '查看')
      .execute()
    expect(logged).toHaveLength(1)
    // One mechanism for every full value: reveal.show, reason required, audited with the operator.
    const res = await dispatch(registry, t.db, t.ctx, 'reveal.show', {
      kind: 'mediationParty.idNumber',
      id: b.id,
      reason: '',
    })
    expect(res).toMatchObject({ ok: false, message: expect.stringMatching(/查看原因/) })
    expect(
      await dispatch(registry, t.db, t.ctx, 'reveal.show', {
        kind: 'mediationParty.idNumber',
        id: b.id,
        reason: '制作协议书核对身份',
      }),
    ).toMatchObject({ ok: true, value: { value: ID_B } })
    expect(
      await dispatch(registry, t.db, t.ctx, 'reveal.show', { kind: 'mediationParty.phone', id: b.id, reason: '回访' }),
    ).toMatchObject({ ok: true, value: { value: '13912345678' } })
    const reveals = await t.db
      .selectFrom('audit_log')
      .select(['entity', 'detail', 'operator_name'])
      .where('action', '=', '查看')
      .where('entity', 'in', ['当事人身份证号', '当事人电话'])
      .execute()
    expect(reveals.map((r) => [r.entity, JSON.parse(r.detail).原因, r.operator_name])).toEqual([
      ['当事人身份证号', '制作协议书核对身份', '未登记操作人'],
      ['当事人电话', '回访', '未登记操作人'],
    ])
    expect(registry['mediation.reveal' as keyof typeof registry]).toBeUndefined()
  })

  it('no export outside the 归档 profile carries a full ID number or phone', async () => {
    const { c } = await readyPipe()
    await t.db
      .updateTable('mediation_cases')
      .set({ facts: `王秀英（电话13800001234，身份证${ID_A}）反映漏水` })
      .where('id', '=', c.id)
      .execute()
    // Every file the casebook exports, as written through its calls: 典型案例, 上报统计, and 归档 (encrypted).
    const exported: string[] = []
    for (const input of [
      { profile: '典型案例', caseId: c.id },
      { profile: '上报统计', year: 2026 },
      { profile: '归档', caseId: c.id, password: 'Leak-test-2026' },
    ]) {
      const res = await dispatch(registry, t.db, t.ctx, 'mediation.export', input)
      expect(res).toMatchObject({ ok: true })
      exported.push(readFileSync((res as { ok: true; value: { path: string } }).value.path, 'latin1'))
    }
    const listed = await dispatch(registry, t.db, t.ctx, 'mediation.cases', { search: '王秀英' })
    const texts = [
      await typicalCase(t.db, c.id),
      await reportCsv(t.db, 2026),
      JSON.stringify(await caseDetail(t.db, c.id, NOW)),
      JSON.stringify(await dossier(t.db, c.id, NOW)),
      ...exported,
      JSON.stringify(listed),
      JSON.stringify(await dispatch(registry, t.db, t.ctx, 'mediation.statistics', { year: 2026 })),
    ]
    const parties = await t.db.selectFrom('mediation_parties').select(['id_number', 'phone', 'name']).execute()
    // the facts typed by hand appear on the case page, so only exports are scrubbed of what is typed in free text
    for (const [i, text] of texts.entries()) {
      for (const p of parties) {
        if (p.id_number && i !== 2 && i !== 3) expect(text).not.toContain(p.id_number)
        if (p.phone && i !== 2 && i !== 3) expect(text).not.toContain(p.phone)
      }
    }
    const typical = texts[0]!
    expect(typical).toContain('王某')
    expect(typical).not.toContain('王秀英')
    expect(typical).not.toContain('李建国')
    // structured fields are masked on the page and the dossier too
    for (const text of texts.slice(2)) {
      for (const p of parties) {
        if (p.id_number) expect(text.replace(/身份证[0-9X]{18}/g, '')).not.toContain(p.id_number)
      }
    }
  })
})

/** A caller signed in as a named operator (as a transport holds a session). */
async function as(name: string, roles: Role[]) {
  const op = await saveOperator(t.db, null, { name, roles, pin: null })
  const session = new Session()
  session.signIn({ id: op.id, name, roles, unnamed: false, hasPin: false }, 0)
  const ctx: HostContext = Object.create(t.ctx, { session: { value: session } })
  return (channel: string, input?: unknown) => dispatch(registry, t.live, ctx, channel, input)
}

describe('who may open the casebook (operators)', () => {
  // Naming people turns operators on; the office keeps one 管理员.
  beforeEach(async () => {
    await saveOperator(t.db, null, { name: '林管理', roles: ['管理员'], pin: null })
  })
  it('opens for 主任 and 调解员 only, refuses a 普通 clerk every call in Chinese, and an elder sees only their cases', async () => {
    const { c } = await readyPipe()
    const other = await createCase(
      t.db,
      {
        source: '调委会主动调解',
        disputeType: '物业',
        difficulty: '一般',
        title: '物业费',
        facts: '拒交物业费',
        acceptedOn: '2026-06-02',
        council: '',
        parties: [person({ side: '申请人', name: '赵六', idNumber: '' }), person({ name: '钱七', idNumber: '' })],
        topicId: null,
      },
      NOW,
    )
    await addStaff(t.db, c.id, { role: '乡贤', name: '陈老伯', presiding: false }, NOW)
    const clerk = await as('张会计', [])
    const director = await as('周主任', ['主任'])
    const elder = await as('陈老伯', ['乡贤'])
    const calls: [string, unknown][] = [
      ['mediation.cases', {}],
      ['mediation.open', { id: c.id }],
      ['mediation.dossier', { caseId: c.id }],
      ['mediation.statistics', { year: 2026 }],
      ['mediation.export', { profile: '典型案例', caseId: c.id }],
      ['reveal.show', { kind: 'mediationParty.phone', id: 1, reason: '核对' }],
    ]
    for (const [channel, input] of calls) {
      expect(await clerk(channel, input)).toMatchObject({
        ok: false,
        code: 'FORBIDDEN_ROLE',
        message: expect.stringMatching(/「调解案卷」只有主任或调解员或乡贤能打开/),
      })
    }
    expect(await director('mediation.cases', {})).toMatchObject({ ok: true, value: { total: 2 } })
    // The elder: the list and its search hold their case only; the other case is refused everywhere.
    expect(await elder('mediation.cases', {})).toMatchObject({ ok: true, value: { total: 1, rows: [{ id: c.id }] } })
    expect(await elder('mediation.cases', { search: '赵六' })).toMatchObject({ ok: true, value: { total: 0 } })
    expect(await elder('mediation.open', { id: c.id })).toMatchObject({ ok: true })
    const otherParty = (await caseDetail(t.db, other.id, NOW)).parties[0]!.id
    for (const [channel, input] of [
      ['mediation.open', { id: other.id }],
      ['mediation.dossier', { caseId: other.id }],
      ['mediation.agreementGaps', { caseId: other.id }],
      ['mediation.export', { profile: '典型案例', caseId: other.id }],
      ['reveal.show', { kind: 'mediationParty.phone', id: otherParty, reason: '核对' }],
    ] as const) {
      expect(await elder(channel, input)).toMatchObject({ ok: false, code: 'FORBIDDEN_CASE' })
    }
    // Statistics are counts without anyone's data: the elder reads them; new cases stay with the office.
    expect(await elder('mediation.statistics', { year: 2026 })).toMatchObject({ ok: true })
    expect(await elder('mediation.disputeTopics')).toMatchObject({ ok: false, code: 'FORBIDDEN_ROLE' })
    // A recused elder no longer takes part.
    const staffId = (await caseDetail(t.db, c.id, NOW)).staff.find((s) => s.name === '陈老伯')!.id
    await declare(t.db, { staffId, tie: '是被申请人的表兄', objection: '' }, NOW)
    expect(await elder('mediation.cases', {})).toMatchObject({ ok: true, value: { total: 0 } })
  })

  it('shows a protected address to the case’s own mediators only, and to others only through reveal.show', async () => {
    const c = await caseFromTopic(t.db, { topicId, respondent: person({ safety: true }), difficulty: '简单' }, NOW)
    await addStaff(t.db, c.id, { role: '人民调解员', name: '王德明', presiding: true }, NOW)
    const own = await as('王德明', ['调解员'])
    const otherMediator = await as('孙调解', ['调解员'])
    const page = async (call: Awaited<ReturnType<typeof as>>) => {
      const r = (await call('mediation.open', { id: c.id })) as {
        ok: true
        value: { parties: { side: string; id: number; address: string }[] }
      }
      return r.value.parties.find((p) => p.side === '被申请人')!
    }
    expect((await page(own)).address).toBe('幸福路 8 号 3号楼2单元')
    const b = await page(otherMediator)
    expect(b.address).toBe(SAFETY_HIDDEN)
    expect(JSON.stringify(await otherMediator('mediation.cases', {}))).not.toContain('3号楼')
    expect(
      await otherMediator('reveal.show', { kind: 'mediationParty.address', id: b.id, reason: '上门送达' }),
    ).toMatchObject({ ok: true, value: { value: '幸福路 8 号 3号楼2单元501室' } })
    // The prints go to the other side too: hidden there even when the case's own mediator prints.
    const dossierText = JSON.stringify(await own('mediation.dossier', { caseId: c.id }))
    expect(dossierText).not.toContain('3号楼')
    expect(dossierText).toContain(SAFETY_HIDDEN)
    const typical = await own('mediation.export', { profile: '典型案例', caseId: c.id })
    expect(typical).toMatchObject({ ok: true })
    const file = (typical as { ok: true; value: { path: string } }).value.path
    expect(readFileSync(file, 'utf8')).not.toContain('3号楼')
  })
})

describe('归档 export', () => {
  it('is an AES-256 zip that 7z opens with the clerk’s password; the full values are inside it only', async () => {
    const { c } = await readyPipe()
    expect(await dispatch(registry, t.db, t.ctx, 'mediation.export', { profile: '归档', caseId: c.id })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/设置密码/),
    })
    expect(
      await dispatch(registry, t.db, t.ctx, 'mediation.export', { profile: '归档', caseId: c.id, password: '123' }),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/归档密码要 8 到 64 位/) })
    const res = await dispatch(registry, t.db, t.ctx, 'mediation.export', {
      profile: '归档',
      caseId: c.id,
      password: 'Tiaojie2026!',
    })
    expect(res).toMatchObject({ ok: true })
    const path = (res as { ok: true; value: { path: string } }).value.path
    const raw = readFileSync(path)
    expect(raw.includes(Buffer.from(ID_B))).toBe(false)
    expect(raw.includes(Buffer.from('13912345678'))).toBe(false)
    const out = mkdtempSync(join(t.dir, 'unzip-'))
    expect(() => execFileSync('7z', ['x', '-pwrong-pass1', `-o${out}`, path], { stdio: 'pipe' })).toThrow()
    execFileSync('7z', ['x', '-pTiaojie2026!', '-y', `-o${out}`, path], { stdio: 'pipe' })
    const inside = readdirSync(out)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readFileSync(join(out, f), 'utf8'))
      .join('')
    expect(inside).toContain(ID_B)
    expect(inside).toContain('13912345678')
    expect(inside).toContain('〔2026〕幸福里人调字第1号')
    const logged = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity', 'detail', 'operator_name'])
      .where('action', '=', '导出')
      .execute()
    expect(logged).toHaveLength(1)
    expect(logged[0]!.entity).toMatch(/调解卷宗归档/)
    expect(logged[0]!.detail).toContain('AES-256')
    expect(logged[0]!.detail).not.toContain('Tiaojie2026!')
    expect(existsSync(path)).toBe(true)
  })
})
