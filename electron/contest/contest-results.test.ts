import { describe, expect, it } from 'vitest'
import { postEntry, postedForSource, subfundBalance } from '../fund'
import { createSubfund } from '../fund/ledger-service'
import { createContest, openScoring } from './contest-service'
import { createProposal, reviewProposal } from './proposal-service'
import { addJudge, declareRecusal } from './panel-service'
import { closeScoring, judgeSheet, saveScores, submitSheet } from './scoring-service'
import {
  addObjection,
  computeResults,
  finalize,
  notice,
  objections,
  overrideFunding,
  publish,
  recordDraw,
  settleObjection,
} from './results-service'
import { acceptProject, addMilestone, contestRates, payProject, startProject } from './project-service'
import {
  cells,
  contestInput,
  count,
  fail,
  fen,
  NOW,
  proposal,
  readyContest,
  scoreAll,
  t,
  useContestDb,
} from '../testing/contest-fixture'

/**
 * A contest's results against a real SQLite file: results, funding, the notice, objections, the
 * draw for an unbroken tie, and payments from the charity fund — every bad input refused in
 * Chinese and nothing saved.
 */
useContestDb()

describe('results, funding, the notice and payments', () => {
  it('runs a contest to its first payment, refusing what breaks the rules', async () => {
    const { id, P, J } = await readyContest()
    await declareRecusal(t.db, { judgeId: J['李小梅']!, proposalId: P[0]!, tie: 'household', reason: '' }, NOW)
    await openScoring(t.db, id, NOW)
    // P0: 4 judges → plain mean; P1, P2: 5 judges → trimmed.
    await scoreAll(J, P, {
      周教授: [9, 8, 6],
      李小梅: [null, 9, 7],
      张伟: [8, 7, 7],
      孙主任: [9, 9, 6],
      吴老师: [8, 5, 8],
    })
    await closeScoring(t.db, id, NOW)
    const r = await computeResults(t.db, id)
    const row = new Map(r.rows.map((x) => [x.id, x]))
    expect(row.get(P[0]!)).toMatchObject({ n: 4, trimmed: false, score: 85, rank: 1 })
    expect(row.get(P[0]!)!.recused).toEqual(['李小梅'])
    expect(row.get(P[1]!)).toMatchObject({ n: 5, trimmed: true, score: 80, rank: 2 })
    expect(
      row
        .get(P[1]!)!
        .judges.filter((j) => j.dropped)
        .map((j) => [j.name, j.dropped]),
    ).toEqual([
      ['李小梅', '最高分'],
      ['吴老师', '最低分'],
    ])
    expect(row.get(P[2]!)).toMatchObject({ score: 200 / 3, rank: 3 })
    // Budget 100,000: P0 30,000; P1 asks 60,000 → capped at 50,000; P2 20,000 → all fit.
    expect(row.get(P[1]!)!.award).toBe(fen(50_000))
    expect(r.funding.funded).toEqual([P[0], P[1], P[2]])
    expect(r.whatIf.map((w) => w.rule)).toEqual(['greedySkip', 'greedyStop', 'knapsack'])

    await fail(overrideFunding(t.db, id, { rule: 'knapsack', decision: '' }), /写明社区两委/)
    await fail(
      publish(t.db, id, { publishedOn: '2026-05-21', place: '' }).then(() =>
        finalize(t.db, id, '2026-05-22T02:00:00.000Z'),
      ),
      /公示期到2026年5月27日才结束/,
    )
    const n = await notice(t.db, id)
    expect(n.rows.map((x) => x.proposer)).toEqual(['李*国', '王*', '银发志愿队'])
    expect(n.rows[0]!.score).toBe('85.00')
    expect(n.period).toBe('2026年5月21日至2026年5月27日')
    expect(n.rules.join('')).toMatch(/公示期 7 天/)

    const o = await addObjection(t.db, id, {
      proposalId: P[1]!,
      receivedOn: '2026-05-23',
      objector: '居民甲',
      content: '口袋公园选址有争议',
    })
    await fail(finalize(t.db, id, '2026-05-29T02:00:00.000Z'), /1 条异议没有处理完/)
    await settleObjection(t.db, o.id, { handling: '已与居民沟通，选址经楼组长会议确认', settledOn: '2026-05-26' })
    expect((await objections(t.db, id))[0]!.settledOn).toBe('2026-05-26')
    await finalize(t.db, id, '2026-05-29T02:00:00.000Z')

    const sub = (
      await createSubfund(t.db, { name: '提案大赛专项', restriction: '限定性', purpose: '社区提案大赛获奖项目' }, NOW)
    ).id
    await postEntry(
      t.db,
      {
        subfundId: sub,
        kind: '捐赠',
        entryDate: '2026-05-10',
        amount: fen(40_000),
        counterparty: '幸福里物业',
        partyType: '单位',
        partyNamed: true,
        voucherNo: '',
        summary: '提案大赛专项捐赠',
      },
      { now: NOW },
    )
    const project = await startProject(
      t.db,
      P[1]!,
      { subfundId: sub, responsible: '王芳', proposerRole: '提案人任项目负责人', startedOn: '2026-06-01' },
      '2026-06-01T02:00:00.000Z',
    )
    await addMilestone(t.db, project.id, { title: '完成设计', dueOn: '2026-06-30' })
    const before = await count('fund_entries')
    const pay = { entryDate: '2026-06-02', summary: '', voucherNo: '' }
    await fail(payProject(t.db, project.id, { ...pay, amount: fen(50_001) }), /超出了资助额/)
    await fail(
      payProject(t.db, project.id, { ...pay, amount: fen(45_000) }, '2026-06-02T02:00:00.000Z'),
      /会使余额变成负数/,
    )
    expect(await count('fund_entries')).toBe(before)
    await payProject(t.db, project.id, { ...pay, amount: fen(25_000) }, '2026-06-02T02:00:00.000Z')
    expect(await postedForSource(t.db, 'contest_proposal', P[1]!)).toBe(fen(25_000))
    expect(await subfundBalance(t.db, sub)).toBe(fen(15_000))
    await acceptProject(t.db, project.id, { acceptedOn: '2026-09-01', note: '现场验收，照片及发票存档' })
    const rates = await contestRates(t.db, id)
    expect(rates.implementation.value).toBeCloseTo(33.3, 1)
    expect(rates.implementation.formula).toMatch(/1 ÷ 3/)
    // Households that proposed: 李建国 (1号楼1单元101) and 王芳 (2号楼2单元201) of 100.
    expect(rates.participation.formula).toMatch(/2 ÷ 100/)
  })

  it('an override of the funding rule needs a committee decision and is printed', async () => {
    const { id, P, J } = await readyContest({ budget: fen(70_000) })
    await openScoring(t.db, id, NOW)
    await scoreAll(J, P, {
      周教授: [9, 8, 6],
      李小梅: [9, 9, 7],
      张伟: [8, 7, 7],
      孙主任: [9, 9, 6],
      吴老师: [8, 5, 8],
    })
    const r = await computeResults(t.db, id)
    const skip = r.whatIf.find((w) => w.rule === 'greedySkip')!
    const stop = r.whatIf.find((w) => w.rule === 'greedyStop')!
    // P0 30,000 fits; P1 50,000 does not (40,000 left); greedy-skip funds P2, greedy-stop stops.
    expect(skip.funded).toEqual([P[0], P[2]])
    expect(stop.funded).toEqual([P[0]])
    await overrideFunding(t.db, id, { rule: 'greedyStop', decision: '2026年5月20日两委会议决定：余款留作下年度' })
    const after = await computeResults(t.db, id)
    expect(after.funding.funded).toEqual([P[0]])
    expect(after.rules.rulesText.join('')).toMatch(/经社区决定改用.*两委会议决定/)
  })
})

describe('抽签', () => {
  it('a tie the priority criterion and head-to-head cannot break goes to the lower request, logged, with no draw', async () => {
    const { id, P, J } = await readyContest()
    await openScoring(t.db, id, NOW)
    // P0 and P2 get the same scores from everyone; they ask 30,000 and 20,000.
    await scoreAll(J, P, {
      周教授: [8, 9, 8],
      李小梅: [8, 9, 8],
      张伟: [8, 9, 8],
      孙主任: [8, 9, 8],
      吴老师: [8, 9, 8],
    })
    await closeScoring(t.db, id, NOW)
    const r = await computeResults(t.db, id)
    // P0 and P2 tie on everything up to the request: the lower request (P2, 20,000) wins at step 3 of the chain.
    expect(r.rows.map((x) => [x.id, x.rank])).toEqual([
      [P[1], 1],
      [P[2], 2],
      [P[0], 3],
    ])
    expect(r.tieLog.map((l) => l.step)).toEqual(['priority', 'headToHead', 'lowerRequest'])
    expect(r.tieLog.at(-1)!.text).toMatch(/申请金额较少者优先.*2026-T003 ＞ 2026-T001/)
    expect(r.drawsNeeded).toEqual([])
    await fail(recordDraw(t.db, id, { order: [P[0]!, P[2]!], witnesses: '郑监督' }), /不需要抽签/)
  })

  it('a tie the whole chain cannot break blocks the 公示 until the draw is recorded with its witnesses', async () => {
    const { id } = await createContest(t.db, contestInput(), NOW)
    const same = { budgetLines: [{ item: '施工', amount: fen(10_000) }] }
    const A = (await createProposal(t.db, id, proposal({ proposerGroup: '甲组', title: '甲', ...same }))).id
    const B = (await createProposal(t.db, id, proposal({ proposerGroup: '乙组', title: '乙', ...same }))).id
    for (const p of [A, B]) await reviewProposal(t.db, p, { eligible: true, code: null, note: '' })
    const judge = (await addJudge(t.db, id, { name: '周教授', kind: '专家', residentId: null, organisation: '' })).id
    await openScoring(t.db, id, NOW)
    const { criteria } = await judgeSheet(t.db, judge)
    for (const p of [A, B]) await saveScores(t.db, judge, cells(criteria, p, 7))
    await submitSheet(t.db, judge, '', NOW)
    await closeScoring(t.db, id, NOW)
    const before = await computeResults(t.db, id)
    expect(before.drawsNeeded.map((d) => d.ids)).toEqual([[A, B]])
    expect(before.rows.every((x) => x.awaitingDraw && x.rank === 1)).toBe(true)
    await fail(publish(t.db, id, { publishedOn: '2026-05-21', place: '' }), /需要抽签决定：2026-T001、2026-T002/)
    await fail(recordDraw(t.db, id, { order: [B, A], witnesses: ' ' }), /见证人/)
    await recordDraw(t.db, id, { order: [B, A], witnesses: '郑监督、居民代表王芳' }, NOW)
    const after = await computeResults(t.db, id)
    expect(after.rows.map((x) => [x.id, x.rank])).toEqual([
      [B, 1],
      [A, 2],
    ])
    expect(after.tieLog.at(-1)!.text).toBe('2026-T001、2026-T002 得分并列，经抽签，顺序为 2026-T002 ＞ 2026-T001。')
    await publish(t.db, id, { publishedOn: '2026-05-21', place: '' })
    expect((await notice(t.db, id)).tieLog.at(-1)).toContain('经抽签')
  })
})
