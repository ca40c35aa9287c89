import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../registry/dispatch'
import { homeReminders as mediationReminders, registry } from '../registry'
import { addStaff, caseFromTopic, createCase, declare, endCase, recordRightsNotice } from './case-service'
import { closeCase, recordPerformance, saveAgreement, signAgreement } from './agreement-service'
import { caseDetail, openCase, SAFETY_HIDDEN } from './case-reads'
import { saveOperator } from '../settings/operators-service'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { archiveCase, dossier } from './dossier-service'
import { raiseAlert, recordVisit, resolveAlert } from './followup-service'
import { computeFigures, freezeMonth, monthFigures, suppressSmallCells } from './stats-service'
import { reportCsv, typicalCase } from './export-profiles'

import {
  t,
  NOW,
  ID_A,
  ID_B,
  noiseCase,
  person,
  topicId,
  useCasebookDb,
  readyPipe,
  as,
} from '../testing/casebook-fixture'

/**
 * The casebook against a real SQLite file, after the agreement: performance, visits, alerts, the
 * dossier and the archive, monthly statistics, the parties' privacy in every export, and who may
 * open the casebook when operators are named.
 */
useCasebookDb()

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
    const c = await createCase(t.db, noiseCase('2026-05-03'), NOW)
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
