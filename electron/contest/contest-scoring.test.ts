import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openScoring } from './contest-service'
import {
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
} from './scoring-service'
import { cells, count, fail, NOW, readyContest, t, useContestDb } from '../testing/contest-fixture'

/**
 * Scoring a contest against a real SQLite file: judge-mode and double-entry paper scoring, locked
 * sheets and logged corrections — every bad input refused in Chinese and nothing saved.
 */
useContestDb()

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
