/**
 * The community charity fund's (社区公益基金) fixed lists and their rules, shared by the main
 * process and the screens. Money is integer fen (shared/money.ts).
 */

/** 限定性: given for one purpose only; 非限定性: the committee decides what it is spent on. */
export const RESTRICTIONS = ['限定性', '非限定性'] as const
export type Restriction = (typeof RESTRICTIONS)[number]

export const DIRECTIONS = ['收入', '支出'] as const
export type Direction = (typeof DIRECTIONS)[number]

/** What money comes in as. 合伙人承诺 is posted by the partner ledger (linked to its period). */
export const INCOME_KINDS = ['捐赠', '乡贤筹款', '合伙人承诺', '其他收入'] as const
/** What money goes out as. 提案资助 is a funded contest proposal (posted by the contest module). */
export const EXPENSE_KINDS = ['公益支出', '提案资助', '其他支出'] as const
export const ENTRY_KINDS = [...INCOME_KINDS, ...EXPENSE_KINDS] as const
export type EntryKind = (typeof ENTRY_KINDS)[number]

/** Kinds a clerk types in by hand; the others are posted by the module that owns the source. */
export const MANUAL_INCOME_KINDS = ['捐赠', '乡贤筹款', '其他收入'] as const
export const MANUAL_EXPENSE_KINDS = ['公益支出', '其他支出'] as const

export const directionOf = (kind: EntryKind): Direction =>
  (INCOME_KINDS as readonly string[]).includes(kind) ? '收入' : '支出'

/** A counterparty who is a person (a donor, an aided resident) is masked on public notices unless they agreed to be named. */
export const PARTY_TYPES = ['个人', '单位'] as const
export type PartyType = (typeof PARTY_TYPES)[number]

/**
 * Where an entry came from when another module posted it: a partner's money-commitment period, a
 * funded contest proposal. Program words, never shown; SOURCE_LABELS says them in Chinese.
 */
export const SOURCE_KINDS = ['partner_period', 'contest_proposal'] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]
export const SOURCE_LABELS: Record<SourceKind, string> = {
  partner_period: '合伙人承诺期次',
  contest_proposal: '提案大赛资助项目',
}

/** 'YYYY-MM' → 2026年3月. */
export const monthText = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`

/** A voucher number the office's own sequence hands out: 2026-0012. */
export const voucherNumber = (year: number, seq: number) => `${year}-${String(seq).padStart(4, '0')}`
