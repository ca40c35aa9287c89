import type { Insertable } from 'kysely'
import type { Db } from '../database/open-database'
import { made, type DemoContext } from '../demo/context'
import { insertChunks } from '../demo/insert-chunks'
import { personName } from '../demo/random'
import type { ResidentsTable } from './tables'

/**
 * The demo community's residents: as many in each building as the community part settled, with
 * Chinese names, a unit and room, most with a mobile phone, a few with a tag (党员, 楼组长 …).
 */
export async function peopleDemo(db: Db, ctx: DemoContext): Promise<void> {
  const { r, at } = ctx
  const buildings = made(ctx, 'buildings', '社区档案')
  await db.transaction().execute(async (trx) => {
    const rows: Array<Insertable<ResidentsTable>> = []
    for (const b of buildings) {
      const units = Math.max(1, Math.round(b.households / 16))
      for (let k = 0; k < b.people; k++) {
        const unit = (k % units) + 1
        const floor = r.int(1, 6)
        rows.push({
          name: personName(r),
          building_id: b.id,
          unit: String(unit),
          room: `${floor}0${r.int(1, 2)}`,
          phone: r.chance(0.85)
            ? `1${r.pick(['38', '39', '35', '36', '37', '58', '59', '86', '87', '88', '89'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}`
            : '',
          tags: JSON.stringify(r.chance(0.1) ? [r.pick(['党员', '楼组长', '志愿者', '独居老人', '退役军人'])] : []),
          note: '',
          created_at: at,
          updated_at: at,
          deleted_at: null,
        })
      }
    }
    await insertChunks(trx, 'residents', rows)
  })
  ctx.made.residentIds = (await db.selectFrom('residents').select('id').orderBy('id').execute()).map((x) => x.id)
  ctx.summary.residents = ctx.made.residentIds.length
  ctx.log(`社区、${ctx.options.buildings} 个楼栋、${ctx.summary.residents} 位居民`)
}
