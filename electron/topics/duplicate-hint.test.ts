import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { MIN_SCORE, reportFeatures, reportSimilarity, similarTopics } from './duplicate-hint'
import { REWORDED_PAIRS } from './duplicate-pairs'
import { createTopic } from './topic-service'

const score = (a: string, b: string) => reportSimilarity(reportFeatures(a), reportFeatures(b))

describe('duplicate hint on reworded reports', () => {
  it('finds at least 90 % of the rewordings and hints on at most 10 % of different problems', () => {
    const positives = REWORDED_PAIRS.filter((p) => p.same)
    const negatives = REWORDED_PAIRS.filter((p) => !p.same)
    const missed = positives.filter((p) => score(p.a, p.b) < MIN_SCORE)
    const falseHints = negatives.filter((p) => score(p.a, p.b) >= MIN_SCORE)
    const recall = 1 - missed.length / positives.length
    const falseRate = falseHints.length / negatives.length
    console.log(
      `重复提示：${positives.length} 对同一问题的不同说法找到 ${positives.length - missed.length} 对（召回 ${(recall * 100).toFixed(0)}%），` +
        `${negatives.length} 对不同问题误报 ${falseHints.length} 对（${(falseRate * 100).toFixed(0)}%）`,
    )
    expect(positives.length).toBeGreaterThanOrEqual(30)
    expect(negatives.length).toBeGreaterThanOrEqual(25)
    expect(missed.map((p) => `${p.a} | ${p.b}`)).toEqual([])
    expect(recall).toBeGreaterThanOrEqual(0.9)
    expect(falseRate).toBeLessThanOrEqual(0.1)
  })

  it('is symmetric and scores a text against itself as 1', () => {
    for (const p of REWORDED_PAIRS.slice(0, 10)) {
      expect(score(p.a, p.b)).toBeCloseTo(score(p.b, p.a), 10)
      expect(score(p.a, p.a)).toBe(1)
    }
  })

  it('ignores punctuation, digits and filler, and folds common variants', () => {
    expect(score('楼道灯不亮！！', '楼道灯坏了')).toBe(1)
    expect(score('2号楼 垃圾箱', '5号楼的垃圾桶')).toBe(1)
    // Same place, different defects: lowered below the hint.
    expect(score('地下车库积水', '地下车库灯光太暗')).toBeLessThan(MIN_SCORE)
  })
})

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => {
  await t.cleanup()
})

describe('similarTopics against a real file', () => {
  it("offers the issue's reworded report in the same building and category", async () => {
    const NOW = '2026-11-20T02:00:00.000Z'
    const building = await t.db
      .insertInto('buildings')
      .values({ name: '2号楼', grid_id: null, households: 40, residents: 100, created_at: NOW, updated_at: NOW })
      .returning('id')
      .executeTakeFirstOrThrow()
    const category = await t.db
      .selectFrom('topic_categories')
      .select('id')
      .where('name', '=', '环境卫生')
      .executeTakeFirstOrThrow()
    const first = await createTopic(
      t.db,
      {
        channel: '电话',
        receivedAt: '2026-11-18T19:00',
        residentId: null,
        gridId: null,
        buildingId: building.id,
        categoryId: category.id,
        urgency: '一般',
        description: '2号楼楼道灯坏了好几天',
        duplicateOfId: null,
      },
      NOW,
    )
    const found = await similarTopics(
      t.db,
      { description: '楼道灯坏了一个多星期', categoryId: category.id, buildingId: building.id, excludeId: null },
      NOW,
    )
    expect(found.map((f) => f.id)).toEqual([first.id])
    expect(found[0]!.score).toBeGreaterThanOrEqual(MIN_SCORE * 100)
  })
})
