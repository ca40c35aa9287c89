import { describe, expect, it } from 'vitest'
import { caseClock } from '../../shared/mediation-values'
import { idGender, parseIdNumber } from '../../shared/id-number'
import { dispatch } from '../registry/dispatch'
import { registry } from '../registry'
import { addAgent, addSession, addStaff, caseFromTopic, createCase, declare, endCase, extend } from './case-service'
import { agreementGaps, agreementHints, recordConfirmation, saveAgreement, signAgreement } from './agreement-service'
import { caseDetail, listCases } from './case-reads'

import {
  t,
  NOW,
  ID_A,
  ID_B,
  noiseCase,
  person,
  topicId,
  useCasebookDb,
  count,
  pipeCase,
  readyPipe,
} from '../testing/casebook-fixture'

/**
 * The casebook against a real SQLite file, from intake to a signed agreement: opening a case from a
 * topic, parties and agents, recusal, sessions and the one-month clock, and the agreement's checks;
 * bad input refused in Chinese with nothing saved.
 */
useCasebookDb()

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
    ).rejects.toThrow(/“.+”：身份证号校验位不对，请核对号码$/)
    // The roster's words for a sex that disagrees with the number, naming the party.
    const sexOfB = idGender(parseIdNumber(ID_B)!)
    const other = sexOfB === '男' ? '女' : '男'
    await expect(
      caseFromTopic(t.db, { topicId, respondent: person({ idNumber: ID_B, gender: other }), difficulty: '简单' }, NOW),
    ).rejects.toThrow(`身份证号表明性别是“${sexOfB}”，与性别“${other}”不一致`)
    expect(await count('mediation_cases')).toBe(0)
    expect(await count('mediation_parties')).toBe(0)
    // through the registry too
    const res = await dispatch(registry, t.db, t.ctx, 'mediation.fromTopic', {
      topicId,
      respondent: { ...person({ idNumber: wrong }), birthDate: null },
      difficulty: '简单',
    })
    expect(res).toMatchObject({ ok: false, message: expect.stringMatching(/身份证号校验位不对/) })
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

describe('the case list', () => {
  it('finds a case by a party’s name or its number, with % and _ meaning themselves', async () => {
    const open = (name: string) => createCase(t.db, noiseCase('2026-05-01', name), NOW)
    const first = await open('刘_红')
    await open('刘小红')
    const found = async (search: string) =>
      (await listCases(t.db, { year: 2026, status: null, disputeType: null, search, limit: 10, offset: 0 }, NOW)).rows
    expect((await found('刘_')).map((r) => r.applicants)).toEqual([['刘_红']])
    expect(await found('%')).toEqual([])
    expect(await found('刘')).toHaveLength(2)
    const [row] = await found('刘_红')
    expect((await found(row!.caseNo)).map((r) => r.id)).toEqual([first.id])
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
    const c = await createCase(t.db, noiseCase('2026-05-01'), NOW)
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
