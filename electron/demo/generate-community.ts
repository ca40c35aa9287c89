import type { Db } from '../database/open-database'
import { MODULES } from '../modules'
import { demoContext, type DemoOptions, type DemoSummary } from './context'

/**
 * Fills an empty data file with a believable community, for demos and for the benchmark: each
 * module's demo part (the `demo` member of its entry file) in the order of electron/modules.ts —
 * 幸福里社区 with grids and buildings (community), residents with Chinese names (people), one
 * 居民议事会 with five-year terms (council), rooms and `years` of meetings with agendas, votes,
 * attendance and minutes (meetings), then the follow-up loop: `topics` residents raised up to
 * today, what became of each, and `resolutions` decided on held meetings with their progress and
 * feedback (topics). The parts share one context (demo/context.ts): the options, the seeded dice
 * and what the earlier parts made. The same seed gives the same community.
 */
export async function generateCommunity(
  db: Db,
  options: Partial<DemoOptions> = {},
  log: (message: string) => void = () => undefined,
): Promise<DemoSummary> {
  const ctx = demoContext(options, log)
  for (const module of MODULES) if (module.demo) await module.demo(db, ctx)
  return ctx.summary
}

export { defaultDemoOptions, MAX_MEETINGS_PER_YEAR, type DemoOptions, type DemoSummary } from './context'
export { rng } from './random'

/** Whether the file already holds a community (the CLI refuses to mix demo data into real data). */
export async function hasData(db: Db): Promise<boolean> {
  const c = await db.selectFrom('community').select('id').executeTakeFirst()
  const m = await db.selectFrom('meetings').select('id').limit(1).executeTakeFirst()
  const p = await db.selectFrom('residents').select('id').limit(1).executeTakeFirst()
  return Boolean(c || m || p)
}
