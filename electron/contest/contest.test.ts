import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/app-error'
import { DEFAULT_CRITERIA, DEFAULT_TIE_CHAIN } from '../../shared/contest-values'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { createBuilding, createGrid, saveProfile } from '../community/community-service'
import { createResident } from '../people/roster-service'
import { createTopic } from '../topics/topic-service'
import { postEntry, postedForSource, subfundBalance } from '../fund'
import { createSubfund } from '../fund/ledger-service'
import { stillToTell } from '../feedback/still-to-tell'
import { createContest, getContest, openScoring, updateContest, type ContestInput } from './contest-service'
import {
  createProposal,
  ineligibleToTell,
  listProposals,
  proposalFromTopic,
  reviewProposal,
  type ProposalInput,
} from './proposal-service'
import { addJudge, declareRecusal, recusalRecord, recusalSuggestions } from './panel-service'
import {
  closeScoring,
  comparePaper,
  correctScore,
  corrections,
  enterPaper,
  finishPaper,
  judgeSheet,
  progress,
  saveScores,
  settleMismatch,
  submitSheet,
  type CellScore,
} from './scoring-service'
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
import { addAttachment, listAttachments, readAttachment } from './attachment-service'
import { contestProjectionView, controlContestProjection } from './projection-service'
import { acceptProject, addMilestone, contestRates, payProject, startProject } from './project-service'

/**
 * The contest against a real SQLite file: set-up and freezing, proposals (from a topic, 资格审查
 * feeding 待告知), recusal suggestions from the roster, judge-mode and double-entry paper scoring,
 * locked sheets and logged corrections, results, funding, the notice, objections, and payments
 * from the charity fund — with every bad input refused in Chinese and nothing saved.
 */
let t: TempDb
const NOW = '2026-05-20T02:00:00.000Z'
const fen = (yuan: number) => yuan * 100
let res: Record<string, number>
let b1: number
let b2: number

const contestInput = (over: Partial<ContestInput> = {}): ContestInput => ({
  year: 2026,
  name: '社区提案大赛',
  budget: fen(100_000),
  cap: fen(50_000),
  trimFrom: 5,
  minScore: 600,
  priority: 2,
  tieChain: [...DEFAULT_TIE_CHAIN],
  fundingRule: 'greedySkip',
  objectionDays: 7,
  objectionPlace: '社区居委会办公室',
  phases: { 征集: { start: '2026-03-01', end: '2026-03-31' }, 评审: { start: '2026-05-01', end: '2026-05-20' } },
  criteria: DEFAULT_CRITERIA.map((c) => ({ ...c })),
  ...over,
})

const proposal = (over: Partial<ProposalInput> = {}): ProposalInput => ({
  proposerResidentId: null,
  proposerGroup: '',
  organisation: '',
  draftedBy: '',
  title: '楼道加装扶手',
  problem: '老人上下楼不便',
  plan: '每层加装不锈钢扶手',
  beneficiaries: '1号楼',
  beneficiaryCount: 80,
  budgetLines: [{ item: '扶手及安装', amount: fen(30_000) }],
  minViable: 0,
  photo: '',
  ...over,
})

const fail = async (p: Promise<unknown>, pattern: RegExp) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(AppError)
  expect((e as AppError).message).toMatch(pattern)
  expect((e as AppError).message).toMatch(/[\u4e00-\u9fa5]/)
}

const count = async (
  table: 'contests' | 'contest_scores' | 'contest_recusals' | 'contest_corrections' | 'fund_entries',
) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.db)).rows[0]!.n)

beforeEach(async () => {
  t = await openTempDb()
  await saveProfile(t.db, { name: '幸福里社区', kind: '城市社区', address: '幸福路 88 号', phone: '' })
  const grid = await createGrid(t.db, { name: '第一网格', note: '' })
  b1 = (await createBuilding(t.db, { name: '1号楼', gridId: grid.id, households: 40, residents: 100, note: '' })).id
  b2 = (await createBuilding(t.db, { name: '2号楼', gridId: grid.id, households: 60, residents: 150, note: '' })).id
  res = {}
  const people: [string, number, string, string][] = [
    ['李建国', b1, '1', '101'],
    ['李小梅', b1, '1', '101'], // same household as 李建国
    ['王芳', b2, '2', '201'],
    ['张伟', b2, '3', '302'], // same building as 王芳
    ['赵敏', b1, '2', '202'],
  ]
  for (const [name, buildingId, unit, room] of people) {
    res[name] = (await createResident(t.db, { name, buildingId, unit, room, phone: '', tags: [], note: '' })).id
  }
})
afterEach(() => t.cleanup())

describe('contest set-up', () => {
  it('refuses weights that do not sum to 100, saving nothing', async () => {
    const criteria = DEFAULT_CRITERIA.map((c) => ({ ...c }))
    criteria[0]!.weight = 35
    await fail(createContest(t.db, contestInput({ criteria })), /权重加起来应当是 100，现在是 105/)
    expect(await count('contests')).toBe(0)
  })

  it('prints its rules, and freezes rules and criteria when scoring opens (the database refuses too)', async () => {
    const { id } = await createContest(t.db, contestInput(), NOW)
    const rules = await getContest(t.db, id)
    expect(rules.rulesText.join('\n')).toMatch(/去掉一个最高分和一个最低分/)
    expect(rules.rulesText.join('\n')).toMatch(/受益面/)
    // Before scoring: changes are fine.
    await updateContest(t.db, id, contestInput({ budget: fen(120_000) }))
    const p = await createProposal(t.db, id, proposal({ proposerResidentId: res['李建国']! }))
    await reviewProposal(t.db, p.id, { eligible: true, code: null, note: '' })
    await addJudge(t.db, id, { name: '周教授', kind: '专家', residentId: null, organisation: '' })
    await openScoring(t.db, id, NOW)

    const criteria = DEFAULT_CRITERIA.map((c) => ({ ...c }))
    criteria[0]!.max = 20
    await fail(updateContest(t.db, id, contestInput({ criteria })), /评分已经开始/)
    await expect(sql`update contest_criteria set weight = 40 where contest_id = ${id}`.execute(t.db)).rejects.toThrow(
      /评分已经开始/,
    )
    await expect(sql`update contests set budget = 1 where id = ${id}`.execute(t.db)).rejects.toThrow(/评分已经开始/)
    await fail(createProposal(t.db, id, proposal({ proposerGroup: '银发小组' })), /评分已经开始，不能再新增提案/)
    expect((await getContest(t.db, id)).budget).toBe(fen(120_000))
  })
})

describe('proposals', () => {
  it('turns a resident topic into a proposal with one action, once', async () => {
    const { id } = await createContest(t.db, contestInput(), NOW)
    const category = await t.db.selectFrom('topic_categories').select('id').executeTakeFirstOrThrow()
    const topic = await createTopic(
      t.db,
      {
        receivedAt: null,
        channel: '走访',
        residentId: res['王芳']!,
        gridId: null,
        buildingId: null,
        categoryId: category.id,
        urgency: '一般',
        description: '小区健身器材老旧，希望更换',
        duplicateOfId: null,
      },
      NOW,
    )
    const made = await proposalFromTopic(t.db, id, topic.id, NOW)
    const list = await listProposals(t.db, id, { search: '', eligibility: null })
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ id: made.id, proposer: '王芳', proposerMasked: '王*', fromTopic: true })
    expect(list[0]!.title).toBe('小区健身器材老旧，希望更换')
    await fail(proposalFromTopic(t.db, id, topic.id, NOW), /已经转为提案了/)
    // Without a budget it cannot pass 资格审查.
    await fail(reviewProposal(t.db, made.id, { eligible: true, code: null, note: '' }), /还没有填预算/)
  })

  it('keeps the reason of an ineligible proposal, and the proposer joins 待告知居民', async () => {
    const { id } = await createContest(t.db, contestInput(), NOW)
    const p = await createProposal(t.db, id, proposal({ proposerResidentId: res['赵敏']!, title: '开办收费托管班' }))
    await fail(reviewProposal(t.db, p.id, { eligible: false, code: null, note: '' }), /要选择原因/)
    await reviewProposal(t.db, p.id, { eligible: false, code: 'commercial', note: '' }, NOW)
    const told = await ineligibleToTell(t.db, 10)
    expect(told.total).toBe(1)
    expect(told.rows[0]).toMatchObject({ id: p.id, reason: '属于营利性项目' })
    const list = await stillToTell(t.db, { limit: 20, offset: 0 }, NOW)
    const row = list.rows.find((r) => r.kind === 'proposal')
    expect(row?.message).toMatch(/赵\*.*开办收费托管班.*属于营利性项目/)
    expect(list.total).toBeGreaterThanOrEqual(1)
  })
})

/** A contest with 3 eligible proposals, 5 judges; judge 李小梅 shares a household with proposer 李建国. */
async function readyContest(over: Partial<ContestInput> = {}) {
  const { id } = await createContest(t.db, contestInput(over), NOW)
  const P = [
    await createProposal(t.db, id, proposal({ proposerResidentId: res['李建国']!, title: '楼道加装扶手' })),
    await createProposal(
      t.db,
      id,
      proposal({
        proposerResidentId: res['王芳']!,
        title: '口袋公园',
        budgetLines: [{ item: '绿化', amount: fen(60_000) }],
        draftedBy: '周教授',
      }),
    ),
    await createProposal(
      t.db,
      id,
      proposal({
        proposerGroup: '银发志愿队',
        organisation: '幸福里老年协会',
        title: '助餐点',
        budgetLines: [{ item: '设备', amount: fen(20_000) }],
      }),
    ),
  ].map((p) => p.id)
  for (const p of P) await reviewProposal(t.db, p, { eligible: true, code: null, note: '' })
  const J: Record<string, number> = {}
  J['周教授'] = (await addJudge(t.db, id, { name: '周教授', kind: '专家', residentId: null, organisation: '' })).id
  J['李小梅'] = (
    await addJudge(t.db, id, { name: '李小梅', kind: '居民代表', residentId: res['李小梅']!, organisation: '' })
  ).id
  J['张伟'] = (
    await addJudge(t.db, id, { name: '张伟', kind: '居民代表', residentId: res['张伟']!, organisation: '' })
  ).id
  J['孙主任'] = (
    await addJudge(t.db, id, { name: '孙主任', kind: '专家', residentId: null, organisation: '幸福里老年协会' })
  ).id
  J['吴老师'] = (await addJudge(t.db, id, { name: '吴老师', kind: '专家', residentId: null, organisation: '' })).id
  return { id, P, J }
}

/** Same score on every criterion of a proposal → the sheet total is 10 × score. */
const cells = (criteria: { id: number }[], proposalId: number, score: number): CellScore[] =>
  criteria.map((c) => ({ proposalId, criterionId: c.id, score }))

describe('the panel and recusal', () => {
  it('suggests recusals from the roster and the proposals; a declared one prints and bars the score', async () => {
    const { id, P, J } = await readyContest()
    const s = await recusalSuggestions(t.db, id)
    const pairs = s.map((x) => [x.judgeName, x.proposalId, x.tie])
    expect(pairs).toContainEqual(['李小梅', P[0], 'household'])
    expect(pairs).toContainEqual(['张伟', P[1], 'building'])
    expect(pairs).toContainEqual(['孙主任', P[2], 'organisation'])
    expect(pairs).toContainEqual(['周教授', P[1], 'drafted'])
    expect(pairs).toHaveLength(4)
    await declareRecusal(t.db, { judgeId: J['李小梅']!, proposalId: P[0]!, tie: 'household', reason: '' }, NOW)
    await fail(
      declareRecusal(t.db, { judgeId: J['李小梅']!, proposalId: P[0]!, tie: 'household', reason: '' }),
      /已经登记过了/,
    )
    expect(await recusalSuggestions(t.db, id)).toHaveLength(3)
    expect((await recusalRecord(t.db, id))[0]).toMatchObject({ judge: '李小梅', reason: '与提案人同一户' })

    await openScoring(t.db, id, NOW)
    const sheet = await judgeSheet(t.db, J['李小梅']!)
    expect(sheet.proposals.find((p) => p.id === P[0])!.recused).toBe(true)
    await fail(saveScores(t.db, J['李小梅']!, cells(sheet.criteria, P[0]!, 8)), /已回避/)
    expect(await count('contest_scores')).toBe(0)
    // Even written around the app, the score cannot exist.
    await saveScores(t.db, J['李小梅']!, cells(sheet.criteria, P[1]!, 8))
    const sheetId = (await t.db.selectFrom('contest_sheets').select('id').executeTakeFirstOrThrow()).id
    await expect(
      sql`insert into contest_scores values (${sheetId}, ${P[0]}, ${sheet.criteria[0]!.id}, 5)`.execute(t.db),
    ).rejects.toThrow(/已回避/)
    // And a recusal after scoring is refused.
    await fail(
      declareRecusal(t.db, { judgeId: J['李小梅']!, proposalId: P[1]!, tie: 'other', reason: '后来发现' }),
      /打过分/,
    )
  })
})

describe('scoring', () => {
  it('refuses a score outside its range, saving nothing of the batch', async () => {
    const { id, P, J } = await readyContest()
    await openScoring(t.db, id, NOW)
    const { criteria } = await judgeSheet(t.db, J['吴老师']!)
    const batch = cells(criteria, P[0]!, 7)
    batch[4]!.score = 11
    await fail(saveScores(t.db, J['吴老师']!, batch), /「可持续性」的分数应当是 0 到 10 之间的整数/)
    expect(await count('contest_scores')).toBe(0)
    batch[4]!.score = -1
    await fail(saveScores(t.db, J['吴老师']!, batch), /0 到 10/)
  })

  it('judge mode shows only the own sheet; a submitted sheet locks; a correction needs a reason and a supervisor', async () => {
    const { id, P, J } = await readyContest()
    await openScoring(t.db, id, NOW)
    const { criteria } = await judgeSheet(t.db, J['周教授']!)
    await saveScores(t.db, J['吴老师']!, cells(criteria, P[0]!, 9))
    const zhou = await judgeSheet(t.db, J['周教授']!)
    expect(zhou.scores).toEqual([]) // 吴老师's scores are not shown to 周教授
    await saveScores(t.db, J['周教授']!, cells(criteria, P[0]!, 6))
    await fail(submitSheet(t.db, J['周教授']!, ''), /还有 10 项没有打分/)
    for (const p of P.slice(1)) await saveScores(t.db, J['周教授']!, cells(criteria, p, 7))
    await submitSheet(t.db, J['周教授']!, '', NOW)
    expect(await progress(t.db, id)).toEqual({ submitted: 1, total: 5 })
    await fail(saveScores(t.db, J['周教授']!, cells(criteria, P[0]!, 8)), /提交锁定/)
    const sheetId = (
      await t.db
        .selectFrom('contest_sheets')
        .select('id')
        .where('judge_id', '=', J['周教授']!)
        .executeTakeFirstOrThrow()
    ).id
    await expect(sql`update contest_scores set score = 10 where sheet_id = ${sheetId}`.execute(t.db)).rejects.toThrow(
      /提交锁定/,
    )

    const fix = { judgeId: J['周教授']!, proposalId: P[0]!, criterionId: criteria[0]!.id, score: 8 }
    await fail(correctScore(t.db, { ...fix, reason: '', supervisor: '郑监督' }), /写明原因/)
    await fail(correctScore(t.db, { ...fix, reason: '录错', supervisor: '' }), /监督员/)
    await fail(correctScore(t.db, { ...fix, score: 12, reason: '录错', supervisor: '郑监督' }), /0 到 10/)
    expect(await count('contest_corrections')).toBe(0)
    await correctScore(t.db, { ...fix, reason: '评委笔误，原表写 8', supervisor: '郑监督' }, NOW)
    const log = await corrections(t.db, id)
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({ judge: '周教授', old_score: 6, new_score: 8, supervisor: '郑监督' })
    const after = await judgeSheet(t.db, J['周教授']!)
    expect(after.scores.find((s) => s.proposalId === P[0] && s.criterionId === criteria[0]!.id)!.score).toBe(8)
  })

  it('paper sheets: two clerks, every mismatch shown until settled, then the sheet exists and is locked', async () => {
    const { id, P, J } = await readyContest()
    await openScoring(t.db, id, NOW)
    const { criteria } = await judgeSheet(t.db, J['吴老师']!)
    const all = (score: number) => P.flatMap((p) => cells(criteria, p, score))
    await enterPaper(t.db, { judgeId: J['吴老师']!, round: 1, clerk: '小王', cells: all(7) }, NOW)
    await fail(enterPaper(t.db, { judgeId: J['吴老师']!, round: 2, clerk: '小王', cells: all(7) }), /换一位录入人/)
    const second = all(7)
    second[3]!.score = 1
    second[7]!.score = 9
    await enterPaper(t.db, { judgeId: J['吴老师']!, round: 2, clerk: '小李', cells: second }, NOW)
    const cmp = await comparePaper(t.db, J['吴老师']!)
    expect(cmp.mismatches.map((m) => [m.first, m.second])).toEqual([
      [7, 1],
      [7, 9],
    ])
    await fail(finishPaper(t.db, J['吴老师']!), /2 处不一致/)
    expect(await count('contest_scores')).toBe(0)
    for (const m of cmp.mismatches) {
      await settleMismatch(t.db, { ...m, judgeId: J['吴老师']!, score: 7, settledBy: '郑监督' })
    }
    expect((await comparePaper(t.db, J['吴老师']!)).mismatches).toEqual([])
    await finishPaper(t.db, J['吴老师']!, NOW)
    const sheet = await judgeSheet(t.db, J['吴老师']!)
    expect(sheet).toMatchObject({ mode: '纸质', missing: 0 })
    expect(sheet.submitted).not.toBeNull()
    expect(sheet.scores.every((s) => s.score === 7)).toBe(true)
  })
})

/** Scores the three proposals: per judge, the same score on every criterion. */
async function scoreAll(J: Record<string, number>, P: number[], table: Record<string, (number | null)[]>) {
  const { criteria } = await judgeSheet(t.db, J['周教授']!)
  for (const [judge, scores] of Object.entries(table)) {
    for (const [i, s] of scores.entries()) if (s !== null) await saveScores(t.db, J[judge]!, cells(criteria, P[i]!, s))
    await submitSheet(t.db, J[judge]!, '', NOW)
  }
}

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

describe('projection for the 路演 evening', () => {
  it('shows the current proposal with the proposer masked, steps through, and the board only after scoring closes', async () => {
    const { id, P, J } = await readyContest()
    expect(await contestProjectionView(t.db)).toEqual({ active: false })
    const v = await controlContestProjection(t.db, { action: 'show', contestId: id, proposalId: P[0]! })
    expect(v).toMatchObject({
      active: true,
      kind: 'proposal',
      number: '2026-T001',
      proposer: '李*国',
      index: 0,
      total: 3,
    })
    expect(JSON.stringify(v)).not.toContain('李建国')
    expect(await controlContestProjection(t.db, { action: 'next', contestId: id })).toMatchObject({
      number: '2026-T002',
      proposer: '王*',
    })
    await fail(controlContestProjection(t.db, { action: 'board', contestId: id }), /评分结束后才能投屏评审结果/)
    await openScoring(t.db, id, NOW)
    await scoreAll(J, P, {
      周教授: [9, 8, 6],
      李小梅: [9, 9, 7],
      张伟: [8, 7, 7],
      孙主任: [9, 9, 6],
      吴老师: [8, 5, 8],
    })
    await closeScoring(t.db, id, NOW)
    const board = await controlContestProjection(t.db, { action: 'board', contestId: id })
    expect(board).toMatchObject({ active: true, kind: 'board' })
    expect((board as { rows: { proposer: string }[] }).rows.map((r) => r.proposer)).toEqual([
      '李*国',
      '王*',
      '银发志愿队',
    ])
    expect(await controlContestProjection(t.db, { action: 'stop', contestId: id })).toEqual({ active: false })
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

describe('attachments', () => {
  it('keeps a proposal’s materials beside the data file by their fingerprint; 验收材料 only once the project exists', async () => {
    const { id } = await createContest(t.db, contestInput(), NOW)
    const p = (await createProposal(t.db, id, proposal({ proposerGroup: '银发志愿队' }))).id
    const photo = Buffer.from('现场照片').toString('base64')
    await fail(
      addAttachment(t.db, t.ctx.dataFile, {
        proposalId: p,
        purpose: '提案材料',
        fileName: '说明.exe',
        contentBase64: photo,
      }),
      /只能保存照片/,
    )
    await fail(
      addAttachment(t.db, t.ctx.dataFile, {
        proposalId: p,
        purpose: '验收材料',
        fileName: '验收.jpg',
        contentBase64: photo,
      }),
      /还没有立项/,
    )
    const a = await addAttachment(
      t.db,
      t.ctx.dataFile,
      { proposalId: p, purpose: '提案材料', fileName: '现场.jpg', contentBase64: photo },
      NOW,
    )
    const list = await listAttachments(t.db, p)
    expect(list).toMatchObject([
      { id: a.id, purpose: '提案材料', fileName: '现场.jpg', size: Buffer.from('现场照片').length },
    ])
    expect(await readAttachment(t.db, t.ctx.dataFile, a.id)).toEqual({
      fileName: '现场.jpg',
      contentBase64: photo,
      intact: true,
    })
    await expect(sql`delete from contest_attachments`.execute(t.db)).rejects.toThrow(/不能修改或删除/)
  })
})
