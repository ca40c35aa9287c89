import { z } from 'zod'
import { MAX_FEN } from '../../shared/money'

/**
 * Amounts cross the boundary as whole fen and rates as 万分之一 (the screen parses what the clerk
 * typed with shared/money.ts parseYuan and shared/partner-values.ts parsePercent and says what is
 * wrong as they type). The main process refuses again whatever gets through: a negative amount, a
 * fraction of a fen (three decimals), a rate above 100 %.
 */

const number = (label: string) => z.number({ error: `「${label}」应当是金额` })

/** Whole fen, never negative. */
export function fen(label: string) {
  return number(label)
    .int(`「${label}」最多精确到分，小数点后最多两位`)
    .min(0, `「${label}」不能是负数`)
    .max(MAX_FEN, `「${label}」太大了，最多 100 亿元`)
}

/** A reported base (profit): a loss is negative. */
export function signedFen(label: string) {
  return number(label)
    .int(`「${label}」最多精确到分，小数点后最多两位`)
    .min(-MAX_FEN, `「${label}」太小了`)
    .max(MAX_FEN, `「${label}」太大了，最多 100 亿元`)
}

/** 万分之一: 10 % = 1000; 0 to 100 %. */
export function rateBp(label: string) {
  return z
    .number({ error: `「${label}」应当是百分数` })
    .int(`「${label}」最多两位小数`)
    .min(0, `「${label}」不能是负数`)
    .max(10_000, `「${label}」不能超过 100%`)
}
