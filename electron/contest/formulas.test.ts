import { describe, expect, it } from 'vitest'
import {
  aggregate,
  awardOf,
  compareFractions,
  diagnose,
  fund,
  kendallW,
  knapsack,
  rankProposals,
  scaleOf,
  sheetUnits,
  valueOf,
  type FundingCandidate,
  type RankInput,
} from './formulas'

const yuan = (y: number) => Math.round(y * 100)

describe('contest formulas: the sheet total', () => {
  it('weights each criterion by its share of 100 over its own maximum', () => {
    const criteria = [
      { id: 1, weight: 30, max: 10 },
      { id: 2, weight: 25, max: 10 },
      { id: 3, weight: 20, max: 10 },
      { id: 4, weight: 15, max: 10 },
      { id: 5, weight: 10, max: 10 },
    ]
    const L = scaleOf(criteria)
    // 30·8/10 + 25·7/10 + 20·9/10 + 15·6/10 + 10·10/10 = 24 + 17.5 + 18 + 9 + 10 = 78.5
    const u = sheetUnits(
      criteria,
      new Map([
        [1, 8],
        [2, 7],
        [3, 9],
        [4, 6],
        [5, 10],
      ]),
    )
    expect(u / L).toBe(78.5)
  })

  it('puts criteria on different scales on one exact scale', () => {
    const criteria = [
      { id: 1, weight: 30, max: 30 },
      { id: 2, weight: 70, max: 5 },
    ]
    expect(scaleOf(criteria)).toBe(30)
    // 30·20/30 + 70·4/5 = 20 + 56 = 76
    expect(
      sheetUnits(
        criteria,
        new Map([
          [1, 20],
          [2, 4],
        ]),
      ) / 30,
    ).toBe(76)
  })
})

describe('contest formulas: 去掉最高分和最低分', () => {
  it('drops only ONE of tied highest scores', () => {
    const a = aggregate([90, 90, 80, 70, 60], 1, 5)!
    expect(a.trimmed).toBe(true)
    expect(a.droppedHigh).toBe(0)
    expect(a.droppedLow).toBe(4)
    expect(valueOf(a.score)).toBe(80) // (90 + 80 + 70) / 3, not (80 + 70) / 2
  })

  it('matches the research note: 82, 85, 86, 88, 97 → 86.33 on unrounded values', () => {
    const a = aggregate([82, 85, 86, 88, 97], 1, 5)!
    expect(a.score).toEqual({ num: 259, den: 3 })
    expect(valueOf(a.score)).toBeCloseTo(86.3333, 4)
  })

  it('uses the plain mean when fewer judges scored than the declared threshold', () => {
    const a = aggregate([90, 80, 70, 60], 1, 5)!
    expect(a.trimmed).toBe(false)
    expect(a.droppedHigh).toBeNull()
    expect(valueOf(a.score)).toBe(75)
    expect(aggregate([], 1, 5)).toBeNull()
  })

  it('trims every score alike when all are equal (two different sheets dropped)', () => {
    const a = aggregate([70, 70, 70, 70, 70], 1, 5)!
    expect([a.droppedHigh, a.droppedLow]).toEqual([0, 1])
    expect(valueOf(a.score)).toBe(70)
  })

  it('recusal makes n differ: one proposal is trimmed, the other averaged, and the rule says so', () => {
    // Same five judges; judge 5 recused from B, so B has n = 4 and takes the plain mean.
    const A = aggregate([95, 80, 80, 80, 50], 1, 5)!
    const B = aggregate([95, 80, 80, 50], 1, 5)!
    expect([A.n, A.trimmed, valueOf(A.score)]).toEqual([5, true, 80])
    expect([B.n, B.trimmed, valueOf(B.score)]).toEqual([4, false, 76.25])
    expect(compareFractions(A.score, B.score)).toBe(1)
  })

  it('compares exactly: 1/3-point differences are not lost to rounding', () => {
    const a = aggregate([80, 81, 81], 1, 5)!.score // 242/3 = 80.666…
    const b = aggregate([80, 81, 81, 80, 80, 82], 1, 5)!.score // (80+81+81+80) / 4 = 80.5
    expect(compareFractions(a, b)).toBe(1)
    expect(compareFractions({ num: 2, den: 6 }, { num: 1, den: 3 })).toBe(0)
  })
})

const rankInput = (id: number, byJudge: number[], request: number, priority = 1): RankInput => {
  const totals = byJudge
  const agg = aggregate(totals, 1, 5)!
  return {
    id,
    score: agg.score,
    priority: { num: priority, den: 1 },
    request,
    byJudge: new Map(totals.map((x, j) => [j + 1, x])),
  }
}

describe('contest formulas: ranking and the tie-break chain', () => {
  it('ranks by the exact score', () => {
    const r = rankProposals([rankInput(1, [70, 71, 72], 100), rankInput(2, [90, 80, 85], 100)], ['priority'])
    expect(r.ranked.map((x) => [x.id, x.rank])).toEqual([
      [2, 1],
      [1, 2],
    ])
    expect(r.log).toEqual([])
  })

  it('breaks a tie at the third step (head-to-head) and logs every step', () => {
    // Both average exactly 80 and tie on the priority criterion; judges 1 and 2 preferred P1, judge 3 P2.
    // P2 asks for less, so if the chain had gone on to step 4 P2 would have won: P1 first proves step 3 decided.
    const P1 = rankInput(1, [82, 81, 77], yuan(40_000))
    const P2 = rankInput(2, [81, 80, 79], yuan(30_000))
    const r = rankProposals([P2, P1], ['priority', 'headToHead', 'lowerRequest'])
    expect(r.ranked.map((x) => [x.id, x.rank])).toEqual([
      [1, 1],
      [2, 2],
    ])
    expect(r.log.map((l) => [l.step, l.outcome])).toEqual([
      ['priority', [[1, 2]]],
      ['headToHead', [[1], [2]]],
    ])
    expect(r.log[1]!.values).toEqual({ 1: 1, 2: -1 })
    expect(r.drawsNeeded).toEqual([])
  })

  it('goes to the lower request, then to a recorded draw; an unrecorded draw leaves the rank shared', () => {
    const same = [80, 80, 80]
    const inputs = [
      rankInput(1, same, 500),
      rankInput(2, same, 500),
      rankInput(3, same, 400),
      rankInput(4, [99, 99, 99], 1),
    ]
    const before = rankProposals(inputs, ['headToHead', 'lowerRequest'])
    expect(before.ranked.map((x) => [x.id, x.rank, x.awaitingDraw])).toEqual([
      [4, 1, false],
      [3, 2, false],
      [1, 3, true],
      [2, 3, true],
    ])
    expect(before.drawsNeeded).toEqual([[1, 2]])
    const after = rankProposals(inputs, ['headToHead', 'lowerRequest'], [[2, 1]])
    expect(after.ranked.map((x) => [x.id, x.rank])).toEqual([
      [4, 1],
      [3, 2],
      [2, 3],
      [1, 4],
    ])
    expect(after.log.at(-1)).toMatchObject({ step: 'draw', outcome: [[2], [1]] })
  })
})

describe('contest formulas: funding', () => {
  // The research note's worked example (§2.5 (11)), budget 150,000 元.
  const example: FundingCandidate[] = [
    { id: 1, award: yuan(50_000), score: 88.4 }, // A
    { id: 2, award: yuan(45_000), score: 86.1 }, // B
    { id: 3, award: yuan(40_000), score: 85.0 }, // C
    { id: 4, award: yuan(30_000), score: 80.2 }, // D
    { id: 5, award: yuan(20_000), score: 79.9 }, // E
    { id: 6, award: yuan(10_000), score: 75.0 }, // F
    { id: 7, award: yuan(5_000), score: 70.0 }, // G
  ]
  const B = yuan(150_000)

  it('caps each award at the per-proposal cap', () => {
    expect(awardOf(yuan(62_000), yuan(50_000))).toBe(yuan(50_000))
    expect(awardOf(yuan(12_345.67), yuan(50_000))).toBe(yuan(12_345.67))
  })

  it('greedy-stop stops at the first proposal that does not fit', () => {
    const o = fund('greedyStop', example, B)
    expect(o.funded).toEqual([1, 2, 3])
    expect([o.spent, o.left]).toEqual([yuan(135_000), yuan(15_000)])
  })

  it('greedy-skip funds cheaper lower-ranked proposals past one that does not fit', () => {
    const o = fund('greedySkip', example, B)
    expect(o.funded).toEqual([1, 2, 3, 6, 7]) // D (30,000) and E (20,000) skipped, F and G funded
    expect([o.spent, o.left]).toEqual([B, 0])
    expect(o.scoreSum).toBeCloseTo(404.5, 6)
  })

  it('best-total (knapsack) maximises the sum of scores and drops the top proposal here', () => {
    const o = fund('knapsack', example, B)
    expect(o.funded).toEqual([2, 3, 4, 5, 6, 7])
    expect(o.spent).toBe(B)
    expect(o.scoreSum).toBeCloseTo(476.2, 6)
  })

  it('knapsack equals a brute-force search and never spends a fen over the budget', () => {
    let seed = 7
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let round = 0; round < 20; round++) {
      const items = Array.from({ length: 12 }, (_, i) => ({
        id: i + 1,
        award: Math.round((5_000 + rnd() * 45_000) * 100) / 1, // fen, not multiples of 100 元
        score: 60 + Math.round(rnd() * 400) / 10,
      }))
      const budget = yuan(100_000 + Math.round(rnd() * 100_000))
      let best = 0
      for (let mask = 0; mask < 1 << items.length; mask++) {
        let cost = 0
        let sum = 0
        items.forEach((it, i) => {
          if (mask & (1 << i)) {
            cost += Math.ceil(it.award / 10_000) * 10_000
            sum += it.score
          }
        })
        if (cost <= budget && sum > best) best = sum
      }
      const o = fund('knapsack', items, budget)
      expect(o.spent).toBeLessThanOrEqual(budget)
      expect(o.scoreSum).toBeCloseTo(best, 6)
    }
  })

  it('handles a 3,000,000 元 budget in 100 元 units with 120 proposals', () => {
    const items = Array.from({ length: 120 }, (_, i) => ({
      id: i + 1,
      award: yuan(10_000 + ((i * 7919) % 40_001)),
      score: 95 - i * 0.2,
    }))
    const budget = yuan(3_000_000)
    const k = fund('knapsack', items, budget)
    const skip = fund('greedySkip', items, budget)
    expect(k.spent).toBeLessThanOrEqual(budget)
    expect(k.scoreSum).toBeGreaterThanOrEqual(skip.scoreSum - 1e-9)
    expect(knapsack(items, budget).length).toBe(k.funded.length)
  })
})

describe('contest formulas: panel diagnostics', () => {
  it("Kendall's W matches the research note's example: R = (4, 6, 8, 12), W = 7/9", () => {
    const W = kendallW([
      [40, 30, 20, 10],
      [30, 40, 20, 10],
      [40, 20, 30, 10],
    ])
    expect(W).toBeCloseTo(7 / 9, 10)
  })

  it("Kendall's W corrects for tied ranks", () => {
    // Judge 1 ties proposals 2 and 3 (mid-rank 2.5 each): R = (4, 6.5, 7.5, 12), S = 33.5,
    // ΣT = 2³ − 2 = 6, W = 12·33.5 / (3²·(4³ − 4) − 3·6) = 402 / 522.
    const W = kendallW([
      [40, 30, 30, 10],
      [30, 40, 20, 10],
      [40, 20, 30, 10],
    ])
    expect(W).toBeCloseTo(402 / 522, 10)
    expect(W).not.toBeCloseTo(402 / 540, 3)
  })

  it('flags a lenient judge, a judge ranking against the panel, and a split proposal', () => {
    const base = [90, 85, 80, 75, 70, 65]
    const totals = new Map<number, Map<number, number>>()
    base.forEach((b, p) => {
      const m = new Map<number, number>([
        [1, b],
        [2, b + 1],
        [3, b - 1],
        [4, b + 15], // lenient by 15 points
        [5, 155 - b], // ranks backwards
      ])
      totals.set(p + 1, m)
    })
    const d = diagnose([1, 2, 3, 4, 5], totals)
    const j = new Map(d.judges.map((x) => [x.judgeId, x]))
    expect(j.get(4)!.why).toContain('打分明显偏高')
    expect(j.get(4)!.rho).toBeCloseTo(1, 10)
    expect(j.get(5)!.why).toContain('排序与其他评委差别大')
    expect(j.get(1)!.flagged).toBe(false)
    expect(d.wProposals).toBe(6)
    expect(d.kendallW).toBeGreaterThan(0)
    expect(d.kendallW).toBeLessThan(1)
  })

  it('flags for discussion the proposal the judges split on, not the ones they agree on', () => {
    const totals = new Map<number, Map<number, number>>()
    ;[88, 84, 80, 76, 72, 68].forEach((b, p) =>
      totals.set(p + 1, new Map([1, 2, 3, 4, 5].map((j) => [j, b + ((j * 3) % 5) - 2]))),
    )
    totals.set(
      7,
      new Map([
        [1, 95],
        [2, 58],
        [3, 92],
        [4, 55],
        [5, 90],
      ]),
    )
    const d = diagnose([1, 2, 3, 4, 5], totals)
    expect(d.proposals.filter((p) => p.flagged).map((p) => p.proposalId)).toEqual([7])
    expect(d.proposals.find((p) => p.proposalId === 7)!.range).toBe(40)
  })
})
