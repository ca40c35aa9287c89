import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { demoContext } from '../demo/context'
import { communityModule } from '../community'
import { peopleModule } from '../people'
import { contestDemo } from './demo'
import { computeResults } from './results-service'
import { contestRates, listProjects } from './project-service'
import { listProposals } from './proposal-service'

/** The demo's contests keep the contest's own rules, and the seed's figures come out of the records. */
let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(() => t.cleanup())

describe('contest demo', () => {
  it('yearly contests at the asked scale: recused judges never scored, the figures are computed from records', async () => {
    const ctx = demoContext(
      {
        buildings: 6,
        households: 300,
        residents: 400,
        seed: 11,
        endYear: 2026,
        today: '2026-11-21',
        contests: 3,
        contestProposals: 40,
        contestJudges: 9,
      },
      () => undefined,
    )
    await communityModule.demo!(t.db, ctx)
    await peopleModule.demo!(t.db, ctx)
    await contestDemo(t.db, ctx)
    const s = ctx.summary.contest
    expect(s).toMatchObject({ contests: 3, proposals: 120 })
    const contests = await t.db.selectFrom('contests').select(['id', 'year', 'final_at']).orderBy('year').execute()
    expect(contests.map((c) => c.year)).toEqual([2024, 2025, 2026])
    // No score of a recused judge exists (the database would have refused it anyway).
    const clash = await t.db
      .selectFrom('contest_scores as s')
      .innerJoin('contest_sheets as h', 'h.id', 's.sheet_id')
      .innerJoin('contest_recusals as r', (j) =>
        j.onRef('r.judge_id', '=', 'h.judge_id').onRef('r.proposal_id', '=', 's.proposal_id'),
      )
      .select('s.score')
      .execute()
    expect(clash).toEqual([])
    let projects = 0
    let accepted = 0
    for (const c of contests) {
      const r = await computeResults(t.db, c.id)
      expect(r.progress).toEqual({ submitted: 9, total: 9 })
      expect(r.funding.spent).toBeLessThanOrEqual(r.rules.budget)
      expect(r.rows.filter((x) => x.funded).every((x) => x.award <= 5_000_000 && x.aboveMinimum)).toBe(true)
      const list = await listProposals(t.db, c.id, { search: '', eligibility: null })
      expect(list).toHaveLength(40)
      const p = await listProjects(t.db, c.id)
      // Every funded proposal of a final contest is a project with its award.
      expect(p.map((x) => x.award).sort()).toEqual(
        r.rows
          .filter((x) => x.funded)
          .map((x) => x.award)
          .sort(),
      )
      const rates = await contestRates(t.db, c.id)
      const done = p.filter((x) => x.acceptedOn).length
      expect(rates.implementation.formula).toContain(`${done} ÷ ${r.funding.funded.length}`)
      projects += p.length
      accepted += done
    }
    expect([projects, accepted]).toEqual([s.projects, s.accepted])
    expect(s.accepted).toBeGreaterThan(0)
  })
})
