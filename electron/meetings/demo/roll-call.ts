import type { DemoMember } from '../../demo/context'
import type { Rng } from '../../demo/random'
import type { AttendanceTable } from '../tables'

export interface Answer {
  status: AttendanceTable['status']
  proxy: number | null
}

/**
 * Who came to a held council meeting, member by member of those sitting that day: most are
 * present, some excused or absent, a few hand their vote to a member who is there (or count as
 * absent when nobody is). 列席 members come or send apologies; they have no vote.
 */
export function rollCall(r: Rng, roster: DemoMember[]): Map<number, Answer> {
  const statuses = new Map<number, Answer>()
  if (roster.length === 0) return statuses
  for (const m of roster) {
    if (m.role === '列席') statuses.set(m.id, { status: r.chance(0.75) ? '列席' : '请假', proxy: null })
    else {
      const x = r.next()
      statuses.set(m.id, {
        status: x < 0.78 ? '出席' : x < 0.88 ? '请假' : x < 0.94 ? '缺席' : '委托',
        proxy: null,
      })
    }
  }
  const present = roster.filter((m) => m.role !== '列席' && statuses.get(m.id)!.status === '出席')
  for (const m of roster) {
    const s = statuses.get(m.id)!
    if (s.status !== '委托') continue
    if (present.length === 0) s.status = '缺席'
    else s.proxy = r.pick(present).id
  }
  return statuses
}
