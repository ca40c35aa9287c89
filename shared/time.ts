/**
 * Moments and the office's wall clock. Stamps (createdAt, confirmedAt …) are UTC ISO strings;
 * what a clerk reads and types is the wall clock in the office, Asia/Shanghai. Calendar arithmetic
 * on the office-local strings lives next door, in dates.ts.
 *
 * China has kept UTC+8 all year since 1992 (no daylight saving; it last had summer time in
 * 1986–1991), so both directions are a fixed 8 hours: far cheaper than Intl (formatToParts with a
 * time zone cost ~3.3 µs a call against ~0.5 µs, and lists convert twice per row). time.test.ts
 * shows the output equals Intl's Asia/Shanghai for moments from 1992 on.
 */

export const OFFICE_TIME_ZONE = 'Asia/Shanghai'
const OFFSET_MS = 8 * 3600_000
const OFFICE_OFFSET = '+08:00'

export const nowIso = (): string => new Date().toISOString()

/** A moment given as a Date, a UTC ISO stamp or epoch milliseconds. */
export type Moment = Date | string | number

/** 'YYYY-MM-DDTHH:mm:ss' on the office's wall clock (throws RangeError for an invalid moment, as Intl does). */
function wallClock(at: Moment): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at instanceof Date ? at.getTime() : at
  const d = new Date(ms + OFFSET_MS)
  const y = d.getUTCFullYear()
  // Years outside 1000–9999 (and an invalid moment, which throws) as toISOString writes them.
  if (!(y >= 1000 && y <= 9999)) return d.toISOString().slice(0, 19)
  // Read from the parts: half the time of toISOString(), and lists convert several stamps per row.
  return `${y}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`)

/** The office-local date-time of a moment (now by default), 'YYYY-MM-DDTHH:mm', as date-time boxes take it. */
export const officeDateTime = (at: Moment = new Date()): string => wallClock(at).slice(0, 16)

/** The office-local date of a moment (today by default), 'YYYY-MM-DD'. */
export const officeDate = (at: Moment = new Date()): string => wallClock(at).slice(0, 10)

/** "20261121-183005" on the office's clock: sortable, safe in a file name on every OS. */
export function fileStamp(at: Moment): string {
  const s = wallClock(at)
  return `${s.slice(0, 10).replaceAll('-', '')}-${s.slice(11).replaceAll(':', '')}`
}

/** 'YYYY-MM-DDTHH:mm' or 'YYYY-MM-DD HH:mm' on the office's wall clock. */
export const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/

/** An office-local 'YYYY-MM-DDTHH:mm' → the UTC ISO stamp of that moment. */
export function officeLocalToUtc(local: string): string {
  const m = LOCAL_DATETIME.exec(local)
  if (!m) throw new Error(`not a local date-time: ${local}`)
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00${OFFICE_OFFSET}`)
  if (Number.isNaN(d.getTime())) throw new Error(`invalid date-time: ${local}`)
  return d.toISOString()
}
