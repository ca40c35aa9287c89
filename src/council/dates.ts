/** Council-specific date and number wording; office dates themselves come from shared/ (dates.ts, time.ts). */

/** `date` moved into [from, to]. */
export function clampDate(date: string, from: string, to: string): string {
  return date < from ? from : date > to ? to : date
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** 1 → 一, 12 → 十二, 21 → 二十一 (up to 99), for suggesting 第一届, 第二届… */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n] ?? String(n)
  if (n >= 100) return String(n)
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`
}
