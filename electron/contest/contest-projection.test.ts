import { describe, expect, it } from 'vitest'
import { openScoring } from './contest-service'
import { closeScoring } from './scoring-service'
import { contestProjectionView, controlContestProjection } from './projection-service'
import { fail, NOW, readyContest, scoreAll, t, useContestDb } from '../testing/contest-fixture'

/**
 * The contest on the projector for the 路演 evening, against a real SQLite file.
 */
useContestDb()

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
