import { z } from 'zod'
import { isDate } from '../../shared/dates'
import { isPhoneNumber } from '../../shared/phone'
import { parseYuan } from '../../shared/money'
import { idNumberProblem, isMaskedIdNumber } from '../../shared/id-number'
import { officeDate } from '../../shared/time'

/**
 * Schema builders whose every message names the field in Chinese, so a validation failure reads
 * 「楼栋名称」不能为空 rather than a library's English. Anything they do not cover falls back to
 * the Chinese error map in dispatch.ts, which names the field from its path.
 */

const typeError = (label: string, kind: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === null ? `请填写「${label}」` : `「${label}」应当是${kind}`

export function text(label: string, opts: { max?: number; optional?: boolean } = {}) {
  const max = opts.max ?? 100
  const base = z.string({ error: typeError(label, '文字') }).trim()
  return (opts.optional ? base : base.min(1, `请填写「${label}」`)).max(max, `「${label}」不能超过 ${max} 个字`)
}

/** Optional free text that defaults to ''. */
export function note(label: string, max = 500) {
  return text(label, { max, optional: true }).default('')
}

export function count(label: string, max = 1_000_000) {
  return z
    .number({ error: typeError(label, '数字') })
    .int(`「${label}」应当是整数`)
    .min(0, `「${label}」不能是负数`)
    .max(max, `「${label}」不能超过 ${max}`)
}

export function id(label = '记录编号') {
  return z
    .number({ error: typeError(label, '数字') })
    .int(`「${label}」不对`)
    .positive(`「${label}」不对`)
}

/**
 * A phone number, or '' for none: a mobile (11 digits starting 13–19, +86 allowed) or a landline
 * (7–8 digits, with an optional area code starting 0 and an optional extension after 转 or -).
 * The rule lives in shared/phone.ts, next to the mask that shows it.
 */
export function phone(label: string) {
  return text(label, { max: 30, optional: true }).refine(
    (s) => s === '' || isPhoneNumber(s),
    `「${label}」不像电话号码：手机是 11 位数字，座机如 62188000 或 021-62188000（分机写在“转”后面）`,
  )
}

/**
 * A 居民身份证号, or '' for none: 18 characters with the right check character (or an old 15-digit
 * one) and a birth date that has come. The reasons are shared/id-number.ts's, the same the import
 * gives row by row. `masked`: also let through a value with stars (the list's masked number sent
 * back unchanged), which the service compares with the stored number's mask.
 */
export function idNumber(label: string, opts: { masked?: boolean } = {}) {
  return text(label, { max: 30, optional: true }).check((ctx) => {
    const s = ctx.value
    if (s === '' || (opts.masked && isMaskedIdNumber(s))) return
    const problem = idNumberProblem(s, officeDate())
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: s })
  })
}

/** Two or more Latin letters: a value a clerk cannot read, so an enum of such values needs labels. */
const LATIN_WORD = /[A-Za-z]{2,}/

/**
 * One of a fixed list. Values a clerk reads as they are (['过半数', '三分之二']) are listed as an
 * array; values that are program words (up, down, skip) come with their Chinese labels
 * ({ up: '上移', down: '下移' }), and the message lists the labels, never the program words.
 */
export function oneOf<const T extends readonly [string, ...string[]]>(
  label: string,
  values: T,
): z.ZodEnum<z.util.ToEnum<T[number]>>
export function oneOf<const M extends Readonly<Record<string, string>>>(
  label: string,
  labels: M,
): z.ZodEnum<z.util.ToEnum<keyof M & string>>
export function oneOf(label: string, values: readonly string[] | Readonly<Record<string, string>>) {
  const keys = Array.isArray(values) ? [...values] : Object.keys(values)
  const shown = Array.isArray(values) ? keys : Object.values(values)
  for (const word of shown) {
    if (LATIN_WORD.test(word)) {
      throw new Error(`oneOf('${label}'): 选项「${word}」不是中文，请写成 { 值: '中文说明' }`)
    }
  }
  return z.enum(keys as [string, ...string[]], { error: `「${label}」只能选：${shown.join('、')}` })
}

/** An input object that refuses unknown fields, so a typo in the UI fails loudly in tests. */
export function input<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject(shape, { error: '提交的内容格式不对，请刷新后重试' })
}

/** For calls that take nothing. */
export const noInput = z.strictObject({}, { error: '这个操作不需要填写内容' }).optional()

/**
 * The dates the app accepts anywhere: far enough back for a resident's birth year, far enough
 * ahead for any plan. A date outside is a typing mistake (9999, 0202) and would make the calendar
 * compute with years it cannot hold, so every date and date-time field refuses it at the boundary.
 */
export const EARLIEST_DATE = '1900-01-01'
export const LATEST_DATE = '2200-12-31'

const isRealDate = (s: string) => isDate(s.slice(0, 10))
const inWindow = (s: string) => s.slice(0, 10) >= EARLIEST_DATE && s.slice(0, 10) <= LATEST_DATE

/** One message per field: the first thing wrong (form, then a real day, then the window). */
function dateText(label: string, kind: string, pattern: RegExp, formMessage: string) {
  return z.string({ error: typeError(label, kind) }).check((ctx) => {
    const s = ctx.value
    const problem = !pattern.test(s)
      ? formMessage
      : !isRealDate(s)
        ? `「${label}」不是有效的日期`
        : !inWindow(s)
          ? `「${label}」应在 ${EARLIEST_DATE.slice(0, 4)} 年到 ${LATEST_DATE.slice(0, 4)} 年之间，请检查年份`
          : null
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: s })
  })
}

/** 'YYYY-MM-DD', between EARLIEST_DATE and LATEST_DATE. */
export function date(label: string) {
  return dateText(label, '日期', /^\d{4}-\d{2}-\d{2}$/, `「${label}」应当是日期，如 2026-03-12`)
}

/** 'YYYY-MM-DDTHH:mm' on the office's wall clock (Asia/Shanghai), between the same dates. */
export function localDateTime(label: string) {
  return dateText(
    label,
    '日期和时间',
    /^\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d$/,
    `请填写完整的「${label}」（日期和时间）`,
  ).transform((s) => s.replace(' ', 'T'))
}

/** 'HH:mm'. */
export function clockTime(label: string) {
  return z
    .string({ error: typeError(label, '时间') })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `「${label}」应当是时间，如 19:00`)
}

export function whole(label: string, min: number, max: number) {
  return z
    .number({ error: typeError(label, '数字') })
    .int(`「${label}」应当是整数`)
    .min(min, min === 0 ? `「${label}」不能是负数` : `「${label}」至少是 ${min}`)
    .max(max, `「${label}」不能超过 ${max}`)
}

/** Paging of a list: how many rows, from where. */
export const pageFields = {
  limit: whole('每页条数', 1, 500).default(50),
  offset: whole('起始位置', 0, 1_000_000).default(0),
}

/** A period of office-local dates, end not before start. */
export function dateRange() {
  return input({ from: date('开始日期'), to: date('结束日期') }).refine((q) => q.to >= q.from, {
    message: '结束日期要晚于开始日期',
  })
}

/**
 * An amount of money as the clerk typed it ("1234.56", "1,234.5", "１２３４元") → whole fen. The
 * rule is shared/money.ts parseYuan's, so a negative amount, three decimals or letters are refused
 * with its Chinese reason, naming the field; `positive` also refuses zero.
 */
export function yuan(label: string, opts: { positive?: boolean } = {}) {
  return z.string({ error: typeError(label, '金额') }).transform((s, ctx) => {
    const parsed = parseYuan(s)
    if (!parsed.ok) {
      ctx.issues.push({ code: 'custom', message: `「${label}」：${parsed.reason}`, input: s })
      return z.NEVER
    }
    if (opts.positive && parsed.fen === 0) {
      ctx.issues.push({ code: 'custom', message: `「${label}」要大于零`, input: s })
      return z.NEVER
    }
    return parsed.fen
  })
}
