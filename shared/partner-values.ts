/**
 * The words of the 合伙人台账 (partners, agreements, commitments), one list each, for the services,
 * the registry's schemas and the screens alike.
 */

export const PARTNER_KINDS = ['企业', '个体工商户', '社会组织', '驻区单位', '居民自组织'] as const
export const AGREEMENT_KINDS = ['资源置换', '政府购买服务', '赞助捐赠', '共建'] as const
/** Who gives: what the community provides, or what the partner commits to. */
export const SIDES = ['社区提供', '合伙人承诺'] as const
export const COMMITMENT_KINDS = ['固定金额', '比例分成', '每期次数', '保持人数', '一次性交付'] as const
/** What the community provides, by category (the partner's rows use 其他). */
export const PROVISION_CATEGORIES = ['场地', '水电', '场地时段', '宣传', '其他'] as const
export const PERIOD_UNITS = ['月', '季', '年'] as const
export const CARRY_POLICIES = ['不结转', '超出部分计入下期'] as const
export const EVIDENCE_KINDS = ['照片', '扫描件', '签到表', '纪要', '用工合同', '其他'] as const

/** Computed from dates and links, never stored. */
export const AGREEMENT_STATES = ['草拟', '待生效', '生效', '即将到期', '已到期', '已续签', '提前终止', '作废'] as const
/** Derived per commitment, never stored. */
export const COMMITMENT_STATUSES = ['待履约', '履约中', '逾期', '已完成'] as const

export const DEFAULT_NOTICE_DAYS = 30

export type PartnerKind = (typeof PARTNER_KINDS)[number]
export type AgreementKind = (typeof AGREEMENT_KINDS)[number]
export type Side = (typeof SIDES)[number]
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number]
export type ProvisionCategory = (typeof PROVISION_CATEGORIES)[number]
export type PeriodUnit = (typeof PERIOD_UNITS)[number]
export type CarryPolicy = (typeof CARRY_POLICIES)[number]
export type AgreementState = (typeof AGREEMENT_STATES)[number]
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number]

/** Kinds whose quantities are money (fen); the others count things. */
export const isMoneyKind = (kind: string): boolean => kind === '固定金额' || kind === '比例分成'

/**
 * A rate is kept in 万分之一 (basis points): 10 % = 1000, 12.5 % = 1250. The due amount of a period
 * is rate × max(0, base), rounded to the fen half up (四舍五入到分), in whole numbers only.
 */
export function percentDue(rateBp: number, baseFen: number): number {
  const base = Math.max(0, baseFen)
  // rate ≤ 10000 and base ≤ 1e12 keep the product far below 2^53.
  return Math.floor((rateBp * base + 5000) / 10000)
}

/** '10' → 1000, '12.5' → 1250, '0.25' → 25; null when not a percentage with at most two decimals. */
export function parsePercent(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(text.replace(/％/g, '%'))
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

/** 1000 → '10%', 1250 → '12.5%'. */
export function formatPercent(rateBp: number): string {
  const whole = Math.floor(rateBp / 100)
  const frac = String(rateBp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '')
  return `${whole}${frac ? `.${frac}` : ''}%`
}

/** The unit a commitment's quantity is counted in, for labels. */
export function quantityUnit(kind: string, unitWord = '次'): string {
  if (isMoneyKind(kind)) return '元'
  if (kind === '保持人数') return '人'
  if (kind === '一次性交付') return '项'
  return unitWord
}
