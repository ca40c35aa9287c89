/**
 * 社区提案大赛: the fixed lists and defaults shared by the main process and the screens. Money is
 * integer fen (shared/money.ts); scores are whole points within each criterion's maximum.
 */

/** The contest's phases, in order, each with its dates. */
export const PHASES = ['征集', '资格审查', '评审', '公示', '实施', '结项'] as const
export type Phase = (typeof PHASES)[number]

/** The default per-proposal cap: 50,000 元. */
export const DEFAULT_CAP_FEN = 5_000_000
/** Trim the highest and the lowest score only when at least this many judges scored (else the plain mean). */
export const DEFAULT_TRIM_FROM = 5
/** The smallest trimming threshold that leaves a score after dropping two. */
export const MIN_TRIM_FROM = 3
export const DEFAULT_OBJECTION_DAYS = 7

export interface CriterionSpec {
  name: string
  /** Share of the total in points; the weights of a contest sum to 100. */
  weight: number
  /** The highest score a judge may give (0 … max, whole points). */
  max: number
  description: string
  /** What each score band means (说明), shown to judges. */
  levels: string[]
}

export const DEFAULT_CRITERIA: CriterionSpec[] = [
  { name: '必要性', weight: 30, max: 10, description: '居民是否真的需要、问题是否紧迫', levels: [] },
  { name: '可行性', weight: 25, max: 10, description: '方案能否按时按质做成', levels: [] },
  { name: '受益面', weight: 20, max: 10, description: '受益的居民多不多、覆盖哪些楼栋', levels: [] },
  { name: '预算合理性', weight: 15, max: 10, description: '每一项开支是否必要、价格是否合理', levels: [] },
  { name: '可持续性', weight: 10, max: 10, description: '做完以后能否长期发挥作用', levels: [] },
]

/**
 * The tie-break steps a contest may declare, between the exact score (always first) and 抽签
 * (always last). Program words; TIE_STEP_LABELS says them in Chinese.
 */
export const TIE_STEPS = ['priority', 'headToHead', 'lowerRequest'] as const
export type TieStep = (typeof TIE_STEPS)[number]
export const TIE_STEP_LABELS: Record<TieStep | 'score' | 'draw', string> = {
  score: '比较未经四舍五入的最终得分',
  priority: '比较优先评分项的平均分',
  headToHead: '两两比较：看多少位评委给谁的分更高',
  lowerRequest: '申请金额较少者优先',
  draw: '当众抽签（记录抽签结果）',
}
export const DEFAULT_TIE_CHAIN: TieStep[] = ['priority', 'headToHead', 'lowerRequest']

/** How the budget is shared out. Program words; FUNDING_LABELS says them in Chinese. */
export const FUNDING_RULES = ['greedySkip', 'greedyStop', 'knapsack'] as const
export type FundingRule = (typeof FUNDING_RULES)[number]
export const FUNDING_LABELS: Record<FundingRule, string> = {
  greedySkip: '按名次资助，放不下的跳过、继续看下一名',
  greedyStop: '按名次资助，遇到第一个放不下的就停止',
  knapsack: '在预算内使入选提案得分之和最大',
}
export const FUNDING_SHORT: Record<FundingRule, string> = {
  greedySkip: '按名次（跳过放不下的）',
  greedyStop: '按名次（放不下即停）',
  knapsack: '得分之和最大',
}
/** The knapsack works in whole units of 100 元 (10,000 fen). */
export const KNAPSACK_UNIT_FEN = 10_000

export const ELIGIBILITY = ['待审查', '合格', '不合格'] as const
export type Eligibility = (typeof ELIGIBILITY)[number]

/** 资格审查 reason codes for an ineligible proposal; the proposer is told the label. */
export const INELIGIBLE_REASONS = {
  outside: '不在本社区范围内',
  commercial: '属于营利性项目',
  government: '属于政府部门应当承担的工作',
  overBudget: '申请金额超过单个提案上限且无法拆分',
  incomplete: '材料不全，补正后仍未补齐',
  duplicate: '与已有提案重复',
  other: '其他（见说明）',
} as const
export type IneligibleReason = keyof typeof INELIGIBLE_REASONS

export const JUDGE_KINDS = ['专家', '居民代表'] as const
export type JudgeKind = (typeof JUDGE_KINDS)[number]

/** Why a judge is suggested for recusal. */
export const RECUSAL_TIES = {
  household: '与提案人同一户',
  building: '与提案人同一楼栋',
  organisation: '与提案人同一单位或组织',
  drafted: '参与起草了这份提案',
  other: '其他利害关系',
} as const
export type RecusalTie = keyof typeof RECUSAL_TIES
