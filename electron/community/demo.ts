import type { Db } from '../database/open-database'
import type { DemoContext } from '../demo/context'
import { insertChunks } from '../demo/insert-chunks'
import { personName, spread } from '../demo/random'
import { saveProfile } from './community-service'

/**
 * The demo community's part here: 幸福里社区's profile, its grids and `buildings` buildings with
 * `households` households between them. It also settles how many of the `residents` live in each
 * building (a building's stated population is at least its households), for the people part.
 */
export async function communityDemo(db: Db, ctx: DemoContext): Promise<void> {
  const { options: o, r, at } = ctx
  // Who we are: through the service, like a clerk would (it is also audited).
  await saveProfile(db, { name: '幸福里社区', kind: '城市社区', address: '和平区幸福路 88 号', phone: '021-62188000' })

  await db.transaction().execute(async (trx) => {
    const gridNames = ['第一网格', '第二网格', '第三网格', '第四网格'].slice(0, Math.max(1, Math.ceil(o.buildings / 8)))
    await insertChunks(
      trx,
      'grids',
      gridNames.map((name, i) => ({
        name,
        note: `网格员 ${personName(r)}${i === 0 ? '（兼网格长）' : ''}`,
        created_at: at,
        updated_at: at,
      })),
    )
    const grids = await trx.selectFrom('grids').select('id').orderBy('id').execute()
    const households = spread(r, o.households, o.buildings, 0.3)
    const people = spread(r, o.residents, o.buildings, 0.3)
    await insertChunks(
      trx,
      'buildings',
      households.map((h, i) => ({
        name: `${i + 1}号楼`,
        grid_id: grids[Math.floor((i * grids.length) / o.buildings)]!.id,
        households: h,
        residents: Math.max(h, people[i]!),
        note: i % 9 === 4 ? '老旧小区，无电梯' : '',
        created_at: at,
        updated_at: at,
      })),
    )
    const buildings = await trx.selectFrom('buildings').select(['id', 'households']).orderBy('id').execute()
    ctx.made.buildings = buildings.map((b, i) => ({ id: b.id, households: b.households, people: people[i]! }))
  })
  ctx.summary.buildings = o.buildings
  ctx.summary.households = o.households
}
