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
