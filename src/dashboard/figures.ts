/** How the dashboard writes its numbers: never "NaN", never an empty box. */
export const NO_DATA = '暂无数据'

/** 50 → "50%", 33.3 → "33.3%", null (nothing to divide by) → 暂无数据. */
export function percentText(percent: number | null): string {
  return percent === null || !Number.isFinite(percent) ? NO_DATA : `${percent}%`
}

/** 36 → "36 小时"; null → 暂无数据. */
export function hoursText(hours: number | null): string {
  return hours === null || !Number.isFinite(hours) ? NO_DATA : `${hours} 小时`
}

/** "约 1.5 天" under a long average, so 180 小时 reads at a glance; '' below two days. */
export function daysHint(hours: number | null): string {
  if (hours === null || !Number.isFinite(hours) || hours < 48) return ''
  return `约 ${Math.round((hours / 24) * 10) / 10} 天`
}

/** "2026年1月" or, within one year, "1月". */
export function monthLabel(month: string, withYear: boolean): string {
  const m = Number(month.slice(5, 7))
  return withYear ? `${Number(month.slice(0, 4))}年${m}月` : `${m}月`
}
