/**
 * 乡贤调解案卷's fixed lists and rules, shared by the main process and the screens: the official
 * sources, dispute types and difficulty grades of people's mediation, the case states, the
 * one-month clock (computed from the acceptance date, never stored), the words in an agreement
 * that breed new disputes, and the dossier's 13 documents in binding order.
 */
import { addDays, daysBetween } from './dates'
import type { Role } from './operators'

export const CASE_SOURCES = ['当事人申请', '调委会主动调解', '公安机关移交', '法院委托', '政府部门指定'] as const
export type CaseSource = (typeof CASE_SOURCES)[number]

export const DISPUTE_TYPES = [
  '婚姻家庭',
  '邻里',
  '房屋宅基地',
  '合同',
  '生产经营',
  '损害赔偿',
  '山林土地',
  '征地拆迁',
  '环境污染',
  '劳动争议',
  '消费',
  '医疗',
  '道路交通事故',
  '物业',
  '其他',
] as const
export type DisputeType = (typeof DISPUTE_TYPES)[number]

export const DIFFICULTIES = ['简单', '一般', '重大疑难'] as const
export type Difficulty = (typeof DIFFICULTIES)[number]

/** The criteria shown beside the difficulty choice (a sub-district's grading, anchors §1.6). */
export const DIFFICULTY_CRITERIA: Record<Difficulty, string> = {
  简单: '事实清楚、争议不大，一次调解可以解决',
  一般: '需要调查或多次调解，争议金额不大',
  重大疑难: '山林土地权属；涉及 10 人以上或有群体上访、打架苗头；可能民转刑；非正常死亡；争议金额 10 万元以上',
}

export const CASE_STATES = [
  '受理',
  '调解中',
  '达成协议',
  '履行中',
  '履行完毕',
  '结案',
  '归档',
  '不予受理',
  '终止',
] as const
export type CaseState = (typeof CASE_STATES)[number]

/** States in which the case is still being mediated: the one-month clock runs. */
export const MEDIATING_STATES: readonly CaseState[] = ['受理', '调解中']
/** Ended without an agreement. */
export const ENDED_STATES: readonly CaseState[] = ['不予受理', '终止']

export const AGREEMENT_FORMS = ['书面', '口头'] as const
export type AgreementForm = (typeof AGREEMENT_FORMS)[number]

export const PARTY_SIDES = ['申请人', '被申请人', '第三人'] as const
export type PartySide = (typeof PARTY_SIDES)[number]
export const PARTY_KINDS = ['个人', '单位'] as const
export type PartyKind = (typeof PARTY_KINDS)[number]
export const GENDERS = ['男', '女'] as const

/**
 * The people of a case in their lawful roles: only a 人民调解员 presides and signs an agreement;
 * an elder (乡贤) takes part as an invited participant (邀请参加人, 人民调解法 Art. 20); the recorder
 * keeps the record.
 */
export const STAFF_ROLES = ['人民调解员', '乡贤', '记录人'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  人民调解员: '人民调解员',
  乡贤: '邀请参加人（乡贤）',
  记录人: '记录人',
}

export const SESSION_KINDS = ['调查记录', '调解记录'] as const
export type SessionKind = (typeof SESSION_KINDS)[number]
export const SESSION_RESULTS = ['达成协议', '未达成，继续调解', '未达成，终止调解', '调查完毕'] as const

/** The one-month clock: warn at day 20, overdue at day 30 after acceptance (若干规定 Art. 33). */
export const WARN_DAY = 20
export const DUE_DAY = 30
export type ClockState = '正常' | '即将到期' | '已超期' | '不计时'

export interface CaseClock {
  state: ClockState
  /** Days since acceptance (day 0 = the acceptance date). */
  day: number
  /** The date by which mediation should end: acceptance + 30 days, or the agreed extension. */
  dueOn: string
  daysLeft: number
}

/** The clock, computed from the acceptance date, the extension and today — never stored. */
export function caseClock(
  state: CaseState,
  acceptedOn: string,
  extendedUntil: string | null,
  today: string,
): CaseClock {
  const dueOn = extendedUntil ?? addDays(acceptedOn, DUE_DAY)
  const day = daysBetween(acceptedOn, today)
  const daysLeft = daysBetween(today, dueOn)
  if (!MEDIATING_STATES.includes(state)) return { state: '不计时', day, dueOn, daysLeft }
  const warnOn = extendedUntil ? addDays(dueOn, WARN_DAY - DUE_DAY) : addDays(acceptedOn, WARN_DAY)
  const clock: ClockState = today >= dueOn ? '已超期' : today >= warnOn ? '即将到期' : '正常'
  return { state: clock, day, dueOn, daysLeft }
}

/** 司法确认: the parties may jointly apply within 30 days of the agreement taking effect (Art. 33). */
export const CONFIRM_DAYS = 30
export function confirmDeadline(effectiveOn: string): string {
  return addDays(effectiveOn, CONFIRM_DAYS)
}

/** Words that breed new disputes in an agreement, each with what to check. */
export const RISKY_WORDS: readonly { words: readonly string[]; hint: string }[] = [
  {
    words: ['订金', '定金'],
    hint: '“订金”和“定金”法律后果不同：定金不履行要双倍返还，订金只是预付款。请确认用的是哪一个。',
  },
  { words: ['抚养', '扶养', '赡养'], hint: '“抚养”（父母对子女）、“扶养”（夫妻之间）、“赡养”（子女对父母）不能混用。' },
  { words: ['补偿', '赔偿'], hint: '“赔偿”意味着承认有过错，“补偿”不认过错。请确认双方认可的是哪一种。' },
  {
    words: ['大概', '左右', '尽快', '适当', '差不多'],
    hint: '写了不确定的词，履行时容易再起争议：请写明具体数额和日期。',
  },
]

/** The risky words found in a text, with their hints (each hint once). */
export function riskyWordHints(text: string): { word: string; hint: string }[] {
  const found: { word: string; hint: string }[] = []
  for (const rule of RISKY_WORDS) {
    const word = rule.words.find((w) => text.includes(w))
    if (word) found.push({ word, hint: rule.hint })
  }
  return found
}

/** 卷内目录: the 13 documents of a dossier in binding order, 必须 or 按需 (司法部 2010 formats). */
export const DOSSIER_ITEMS = [
  { key: 'register', name: '人民调解申请书或受理登记表', required: true },
  { key: 'notice', name: '人民调解当事人权利义务告知书', required: true },
  { key: 'identity', name: '当事人身份证明', required: true },
  { key: 'attorney', name: '授权委托书', required: false },
  { key: 'investigation', name: '人民调解调查记录', required: false },
  { key: 'evidence', name: '人民调解证据材料', required: false },
  { key: 'transcript', name: '人民调解记录', required: true },
  { key: 'agreement', name: '人民调解协议书', required: true },
  { key: 'proof', name: '收条或汇款单等履行凭证', required: false },
  { key: 'visit', name: '人民调解回访记录', required: false },
  { key: 'confirmation', name: '司法确认有关材料', required: false },
  { key: 'explanation', name: '卷宗情况说明', required: false },
  { key: 'back', name: '封底', required: true },
] as const
export type DossierKey = (typeof DOSSIER_ITEMS)[number]['key']

export const RETENTION_CLASSES = ['10年', '30年', '永久'] as const

/** 〔2026〕幸福里人调字第12号 */
export function caseNumber(prefix: string, year: number, seq: number): string {
  return `〔${year}〕${prefix}人调字第${seq}号`
}

/** The numbers of a statistics cell under which counts are suppressed in the 上报统计 export. */
export const SMALL_CELL = 3

/** The dispute type a topic category maps to: the official type its name contains (邻里纠纷 → 邻里), else 其他. */
export function disputeTypeOf(categoryName: string): DisputeType {
  return DISPUTE_TYPES.find((t) => t !== '其他' && categoryName.includes(t)) ?? '其他'
}

/**
 * Whether a resident's topic of this category can open a mediation case: its name says 纠纷, 调解
 * or 矛盾, or names an official type of dispute.
 */
export const isDisputeCategory = (categoryName: string): boolean =>
  /纠纷|调解|矛盾/.test(categoryName) || disputeTypeOf(categoryName) !== '其他'

/**
 * Who opens the casebook (issue 12 item 7): 主任 and 调解员, and 乡贤 for the cases they take part
 * in. Taking in a new case (受理, 议题转案件) and reporting a month stay with 主任 and 调解员.
 */
export const CASEBOOK_ROLES: readonly Role[] = ['主任', '调解员', '乡贤']
export const CASE_OFFICE_ROLES: readonly Role[] = ['主任', '调解员']
