import { addDays } from '../../shared/dates'
import type { Db } from '../database/open-database'
import { made, type DemoContext, type DemoMember } from '../demo/context'
import { insertChunks } from '../demo/insert-chunks'

/**
 * The demo community's 居民议事会: five-year terms over the period, `members` seats a term (召集人,
 * 记录人, members and two 列席), about 40% serving again, and two members replaced half-way
 * through each term so the roster changes inside a term.
 */
export async function councilDemo(db: Db, ctx: DemoContext): Promise<void> {
  const { options: o, r, at } = ctx
  const residentIds = made(ctx, 'residentIds', '居民名册')
  const council = await db
    .insertInto('councils')
    .values({
      name: '幸福里社区居民议事会',
      quorum_rule: '过半数',
      pass_rule: '过半数',
      note: '每月第二个周四晚上例会',
      created_at: at,
    })
    .returning(['id', 'quorum_rule', 'pass_rule'])
    .executeTakeFirstOrThrow()
  ctx.made.council = council
  const members: DemoMember[] = []
  await db.transaction().execute(async (trx) => {
    const ordinals = '一二三四五六七八九十'
    let previous: number[] = []
    let n = 0
    for (let y = o.endYear - o.years + 1; y <= o.endYear; y += 5, n++) {
      const termStart = `${y}-01-01`
      const termEnd = `${Math.min(y + 4, o.endYear + 4)}-12-31`
      const term = await trx
        .insertInto('council_terms')
        .values({
          council_id: council.id,
          name: `第${ordinals[n] ?? n + 1}届`,
          start_date: termStart,
          end_date: termEnd,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      // About 40% serve again; the rest are new faces.
      const chosen = new Set(previous.filter(() => r.chance(0.4)).slice(0, o.members))
      while (chosen.size < o.members) chosen.add(r.pick(residentIds))
      const people = [...chosen]
      const rows = people.map((residentId, i) => ({
        term_id: term.id,
        resident_id: residentId,
        role: i === 0 ? '召集人' : i === 1 ? '记录人' : i >= people.length - 2 ? '列席' : '成员',
        category:
          i >= people.length - 2
            ? r.pick(['驻区单位', '物业'])
            : r.pick(['居民代表', '居民代表', '居民代表', '党员', '楼组长', '业委会']),
        start_date: termStart,
        end_date: null as string | null,
      }))
      // Two members leave half-way and are replaced the next day: the roster changes inside a term.
      const midway = addDays(termStart, Math.floor((Date.parse(termEnd) - Date.parse(termStart)) / 86_400_000 / 2))
      for (const i of [3, 7].filter((k) => k < rows.length - 2)) {
        rows[i]!.end_date = midway
        let replacement = r.pick(residentIds)
        while (chosen.has(replacement)) replacement = r.pick(residentIds)
        chosen.add(replacement)
        rows.push({ ...rows[i]!, resident_id: replacement, start_date: addDays(midway, 1), end_date: null })
      }
      await insertChunks(trx, 'council_members', rows)
      const ids = await trx
        .selectFrom('council_members')
        .select(['id', 'role', 'start_date', 'end_date'])
        .where('term_id', '=', term.id)
        .orderBy('id')
        .execute()
      for (const m of ids)
        members.push({ id: m.id, termStart, termEnd, start: m.start_date, end: m.end_date, role: m.role })
      previous = people
      ctx.summary.terms++
    }
  })
  ctx.made.members = members
  ctx.summary.councilMembers = members.length
}
