import { addDays } from '../../../shared/dates'
import type { Rng } from '../../demo/random'
import { dayInfo } from '../calendar-days'
import { ISSUES, PLACES } from './meeting-words'

export interface Planned {
  date: string
  ruleDate: string
  time: string
  minutes: number
  kind: string
  title: string
  regular: boolean
  note: string
}

const OTHER_KINDS: Array<[string, number]> = [
  ['专题议事会', 0.26],
  ['协调会', 0.3],
  ['听证会', 0.08],
  ['评议会', 0.1],
  ['临时会议', 0.26],
]

/** The year's meetings: the 例会 occurrences, then the others on days residents can come. */
export function planYear(
  r: Rng,
  year: number,
  perYear: number,
  regular: Array<{ ruleDate: string; date: string; note: string }>,
): Planned[] {
  const out: Planned[] = regular.slice(0, perYear).map((x) => ({
    date: x.date,
    ruleDate: x.ruleDate,
    time: '19:00',
    minutes: 120,
    kind: '议事会例会',
    title: `${Number(x.date.slice(5, 7))}月议事会例会`,
    regular: true,
    note: x.note,
  }))
  const perDay = new Map<string, number>()
  for (const p of out) perDay.set(p.date, 1)
  while (out.length < perYear) {
    const date = addDays(`${year}-01-01`, r.int(0, 364))
    if (!date.startsWith(`${year}-`)) continue
    const info = dayInfo(date)
    if (info.holiday) continue
    if ((perDay.get(date) ?? 0) >= 2) continue
    let x = r.next()
    let kind = OTHER_KINDS[0]![0]
    for (const [k, w] of OTHER_KINDS) {
      if ((x -= w) < 0) {
        kind = k
        break
      }
    }
    // Residents come in the evening on working days and in the daytime at weekends; a 协调会 with a
    // company may sit in office hours.
    const weekend = !info.workday
    const time =
      kind === '协调会' && !weekend
        ? r.pick(['10:00', '14:30', '19:00'])
        : weekend
          ? r.pick(['09:30', '14:30'])
          : perDay.has(date)
            ? '20:30'
            : '19:00'
    if (perDay.has(date) && time === '19:00') continue
    perDay.set(date, (perDay.get(date) ?? 0) + 1)
    const issue = r.pick(ISSUES)
    const title =
      kind === '听证会'
        ? `${issue}听证会`
        : kind === '评议会'
          ? `${r.pick(['物业服务', '社区工作', '为民办实事项目', '微更新项目'])}评议会`
          : kind === '协调会'
            ? `${r.pick(PLACES)}${issue}协调会`
            : kind === '临时会议'
              ? `${r.pick(PLACES)}${issue}临时会议`
              : `${issue}专题议事会`
    out.push({ date, ruleDate: date, time, minutes: r.pick([60, 90, 90, 120]), kind, title, regular: false, note: '' })
  }
  return out.sort((a, b) => (a.date + a.time).localeCompare(b.date + b.time))
}

export function freeRoom(
  booked: Map<string, Array<[number, number]>>,
  rooms: number[],
  date: string,
  startsAt: string,
  endsAt: string,
  r: Rng,
): number | null {
  const s = Date.parse(startsAt)
  const e = Date.parse(endsAt)
  const order = [...rooms].sort(() => r.next() - 0.5)
  for (const room of order) {
    const list = booked.get(`${room}|${date}`) ?? []
    // A meeting may run past midnight only in theory here; same-date bookings are enough to check.
    if (list.every(([a, b]) => b <= s || a >= e)) return room
  }
  return null
}
