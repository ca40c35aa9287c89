/** Calendar logic runs in the office's time zone, not the machine's. */
export const OFFICE_TIME_ZONE = 'Asia/Shanghai'

export const nowIso = (): string => new Date().toISOString()

/** Parts of a moment as read on a wall clock in the office's time zone. */
export function officeParts(date: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: OFFICE_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00'
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  }
}

/** "20261121-183005": sortable, safe in a file name on every OS. */
export function fileStamp(date: Date): string {
  const p = officeParts(date)
  return `${p.year}${p.month}${p.day}-${p.hour}${p.minute}${p.second}`
}
