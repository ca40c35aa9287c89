import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHistoryShapedDb, planProblems, type HistoryShapedDb } from '../testing/history-shape'
import { seedCommunity } from '../testing/test-seed'
import { rosterQueries } from './roster-service'

/**
 * The roster's walks keep their plan under the statistics `pragma optimize` writes on close: it
 * samples (analysis_limit), and on a copy of the 100× file it wrote these rows — every live resident
 * taken for 1,419 per deleted_at value instead of 300,000. With them SQLite read every live resident
 * through residents_deleted and sorted them for a search's page (28 ms at 100×) unless the walk
 * fixes buildings as the outer loop (CROSS JOIN in rosterQueries().inBuildings).
 */
const SAMPLED = [
  ['residents', 'residents_deleted', '300000 1419'],
  ['residents', 'residents_roster', '300000 1419 89 29 3 1'],
  ['residents', 'residents_search', '300000 1419 1 1'],
  ['search_grams', 'search_grams', '5779237 1419 710 1'],
  ['buildings', 'buildings_grid', '3000 667'],
] as const

let h: HistoryShapedDb
beforeAll(async () => {
  h = await openHistoryShapedDb(async (db) => void (await seedCommunity(db)), SAMPLED)
}, 60_000)
afterAll(async () => h?.close())

describe('the roster walks under sampled statistics', () => {
  it('walks buildings in name order, with a search (probing or confirming) and without', async () => {
    const statements = [
      rosterQueries(h.db, '').inBuildings(20, 0),
      rosterQueries(h.db, '').withoutBuilding(20, 0),
      ...(['probe', 'confirm'] as const).flatMap((walk) => {
        const q = rosterQueries(h.db, '王', undefined, walk)
        return [q.inBuildings(20, 0), q.inBuildings(20, 100), q.withoutBuilding(20, 0), q.withoutBuildingBefore(40)]
      }),
    ].map((q) => q.compile())
    for (const st of statements) {
      const plan = await h.plan(st)
      expect(planProblems(st, plan), `${st.sql}\n${plan.join('\n')}`).toEqual([])
    }
  })
})
