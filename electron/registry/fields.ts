import { z } from 'zod'

/**
 * Schema builders whose every message names the field in Chinese, so a validation failure reads
 * 「楼栋名称」不能为空 rather than a library's English. Anything they do not cover falls back to
 * zod's zh-CN locale (set in dispatch.ts).
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

export function phone(label: string) {
  return text(label, { max: 30, optional: true }).regex(
    /^$|^[0-9+\-\s()（）转]{3,30}$/,
    `「${label}」只能包含数字、空格、括号和 - 号`,
  )
}

export function oneOf<const T extends readonly [string, ...string[]]>(label: string, values: T) {
  return z.enum(values, { error: `「${label}」只能选：${values.join('、')}` })
}

/** An input object that refuses unknown fields, so a typo in the UI fails loudly in tests. */
export function input<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject(shape, { error: '提交的内容格式不对，请刷新后重试' })
}

/** For calls that take nothing. */
export const noInput = z.strictObject({}, { error: '这个操作不需要填写内容' }).optional()

const isRealDate = (s: string) => {
  const d = new Date(`${s.slice(0, 10)}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s.slice(0, 10)
}

/** 'YYYY-MM-DD'. */
export function date(label: string) {
  return z
    .string({ error: typeError(label, '日期') })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `「${label}」应当是日期，如 2026-03-12`)
    .refine(isRealDate, `「${label}」不是有效的日期`)
}

/** 'YYYY-MM-DDTHH:mm' on the office's wall clock (Asia/Shanghai). */
export function localDateTime(label: string) {
  return z
    .string({ error: typeError(label, '日期和时间') })
    .regex(/^\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d$/, `请填写完整的「${label}」（日期和时间）`)
    .refine(isRealDate, `「${label}」不是有效的日期`)
    .transform((s) => s.replace(' ', 'T'))
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
