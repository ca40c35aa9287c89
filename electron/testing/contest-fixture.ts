import { sql } from 'kysely'
import { afterEach, beforeEach, expect } from 'vitest'
import { AppError } from '../../shared/app-error'
import { DEFAULT_CRITERIA, DEFAULT_TIE_CHAIN } from '../../shared/contest-values'
import { openTempDb, type TempDb } from './temp-db'
import { createBuilding, createGrid, saveProfile } from '../community/community-service'
import { createResident } from '../people/roster-service'
import { createContest, type ContestInput } from '../contest/contest-service'
import { createProposal, reviewProposal, type ProposalInput } from '../contest/proposal-service'
import { addJudge } from '../contest/panel-service'
import { judgeSheet, saveScores, submitSheet, type CellScore } from '../contest/scoring-service'

/**
 * What the contest's service tests share: a fresh SQLite file per test with a community, two
 * buildings and five residents (李建国 and 李小梅 share a household), the inputs of a contest and a
 * proposal, a contest ready to score, and the checks every refusal gets. `useContestDb()` in a test
 * file registers the per-test database; `t`, `res`, `b1` and `b2` then hold the current test's.
 */
export let t: TempDb
export const NOW = '2026-05-20T02:00:00.000Z'
export const fen = (yuan: number) => yuan * 100
export let res: Record<string, number>
export let b1: number
export let b2: number

export const contestInput = (over: Partial<ContestInput> = {}): ContestInput => ({
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

export const proposal = (over: Partial<ProposalInput> = {}): ProposalInput => ({
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

export const fail = async (p: Promise<unknown>, pattern: RegExp) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(AppError)
  expect((e as AppError).message).toMatch(pattern)
  expect((e as AppError).message).toMatch(/[\u4e00-\u9fa5]/)
}

export const count = async (
  table: 'contests' | 'contest_scores' | 'contest_recusals' | 'contest_corrections' | 'fund_entries',
) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.db)).rows[0]!.n)

export function useContestDb(): void {
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
}

/** A contest with 3 eligible proposals, 5 judges; judge 李小梅 shares a household with proposer 李建国. */
export async function readyContest(over: Partial<ContestInput> = {}) {
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
export const cells = (criteria: { id: number }[], proposalId: number, score: number): CellScore[] =>
  criteria.map((c) => ({ proposalId, criterionId: c.id, score }))

/** Scores the three proposals: per judge, the same score on every criterion. */
export async function scoreAll(J: Record<string, number>, P: number[], table: Record<string, (number | null)[]>) {
  const { criteria } = await judgeSheet(t.db, J['周教授']!)
  for (const [judge, scores] of Object.entries(table)) {
    for (const [i, s] of scores.entries()) if (s !== null) await saveScores(t.db, J[judge]!, cells(criteria, P[i]!, s))
    await submitSheet(t.db, J[judge]!, '', NOW)
  }
}
