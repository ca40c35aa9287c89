/** Dates as the office writes them: 'YYYY-MM-DD' on the Asia/Shanghai calendar, shown as 2026年3月12日. */

/** Today's date in the office's time zone, 'YYYY-MM-DD'. */
export function today(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}

/** '2026-03-12' → '2026年3月12日'; anything else is returned as it is. */
export function chineseDate(date: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '')
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : (date ?? '')
}

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
