import { z } from 'zod'
import { parseYuan } from '../../shared/money'
import { parsePercent } from '../../shared/partner-values'

/**
 * Amounts and rates cross the boundary as the clerk typed them ("12345.67", "10%") and are parsed
 * here, so a negative or three-decimal amount, or a rate above 100 %, is refused in Chinese by the
 * main process whatever the screen let through.
 */

/** Yuan text → whole fen, never negative. */
export function yuan(label: string) {
  return z.string({ error: `请填写「${label}」` }).transform((text, ctx) => {
    const parsed = parseYuan(text)
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: `「${label}」：${parsed.reason}` })
      return z.NEVER
    }
    return parsed.fen
  })
}

/** Yuan text that may be '' (→ 0). */
export function optionalYuan(label: string) {
  return z
    .string({ error: `「${label}」应当是金额` })
    .default('')
    .transform((text, ctx) => {
      if (!text.trim()) return 0
      const parsed = parseYuan(text)
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: `「${label}」：${parsed.reason}` })
        return z.NEVER
      }
      return parsed.fen
    })
}

/** A reported base (profit): may be a loss, written with a minus sign. */
export function signedYuan(label: string) {
  return z.string({ error: `请填写「${label}」` }).transform((text, ctx) => {
    const t = text.trim().replace(/^[−－]/, '-')
    const negative = t.startsWith('-')
    const parsed = parseYuan(negative ? t.slice(1) : t)
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: `「${label}」：${parsed.reason}` })
      return z.NEVER
    }
    return negative ? -parsed.fen : parsed.fen
  })
}

/** '10' or '10%' → 1000 (万分之一); 0 < rate ≤ 100 %, at most two decimals. */
export function percent(label: string) {
  return z
    .string({ error: `请填写「${label}」` })
    .default('')
    .transform((text, ctx) => {
      if (!text.trim()) return 0
      const bp = parsePercent(text)
      if (bp === null) {
        ctx.addIssue({ code: 'custom', message: `「${label}」应当是百分数，如 10 或 12.5（最多两位小数）` })
        return z.NEVER
      }
      if (bp > 10000) {
        ctx.addIssue({ code: 'custom', message: `「${label}」不能超过 100%` })
        return z.NEVER
      }
      return bp
    })
}
