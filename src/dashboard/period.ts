import { addDays, addMonths, chineseDate, isDate, monthEnd, monthStart } from '../../shared/dates'

/** The periods a clerk reports on, as office-local dates (inclusive). */
export interface Period {
  from: string
  to: string
}

export const PRESETS = [
  { key: 'month', label: '本月' },
  { key: 'quarter', label: '本季度' },
  { key: 'year', label: '今年' },
  { key: 'lastYear', label: '去年' },
] as const
export type PresetKey = (typeof PRESETS)[number]['key']

export function presetPeriod(key: PresetKey, today: string): Period {
  const year = Number(today.slice(0, 4))
  switch (key) {
    case 'month':
      return { from: monthStart(today), to: monthEnd(today) }
    case 'quarter': {
      const first = Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1
      const from = `${year}-${String(first).padStart(2, '0')}-01`
      return { from, to: addDays(addMonths(from, 3), -1) }
    }
    case 'year':
      return { from: `${year}-01-01`, to: `${year}-12-31` }
    case 'lastYear':
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` }
  }
}

/** Which preset a period is (for highlighting its button), or null for a range picked by hand. */
export function presetOf(period: Period, today: string): PresetKey | null {
  return PRESETS.find((p) => samePeriod(presetPeriod(p.key, today), period))?.key ?? null
}

export const samePeriod = (a: Period, b: Period) => a.from === b.from && a.to === b.to

/** A period from the address (?from=&to=), when it is a valid one. */
export function periodFromQuery(q: Record<string, unknown>): Period | null {
  const { from, to } = q
  return isDate(from) && isDate(to) && from <= to ? { from, to } : null
}

export const periodText = (p: Period) => `${chineseDate(p.from)}至${chineseDate(p.to)}`
