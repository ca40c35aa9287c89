import type { CaseClock } from '../../shared/mediation-values'

/** The home page's tiles that open the case list filtered (the server counts with the same filter). */
export const ATTENTION_LABELS = { alerts: '激化苗头未化解', visits: '回访到期', clauses: '协议逾期未履行' } as const

/** The one-month clock as a clerk reads it. */
export function clockText(c: CaseClock): string {
  if (c.state === '不计时') return ''
  if (c.state === '已超期') return `已超期 ${-c.daysLeft} 天`
  return `第 ${c.day} 天，还剩 ${c.daysLeft} 天`
}
