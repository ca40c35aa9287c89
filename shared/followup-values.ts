/** The words of the follow-up loop (topics, resolutions, feedback), for the services, the registry's schemas and the screens. */

export const TOPIC_CHANNELS = ['走访', '电话', '意见箱', '微信群', '网格员', '座谈会', '其他'] as const
export const URGENCIES = ['一般', '较急', '紧急'] as const
export const TOPIC_STATUSES = ['征集中', '已采纳', '已上会', '已议', '转办', '不予采纳'] as const
/** Not a stored status: a voided topic keeps its status and has voided_at set. Lists filter by it. */
export const VOIDED = '已作废' as const
export const TOPIC_FILTERS = [...TOPIC_STATUSES, VOIDED] as const
export const RESOLUTION_STATUSES = ['待办', '办理中', '已办结', '已反馈', '已评价', '已撤销'] as const
/** 逾期 is not a stored status: it is computed from the due date. Lists may filter by it. */
export const RESOLUTION_FILTERS = [...RESOLUTION_STATUSES, '逾期'] as const
export const FEEDBACK_CHANNELS = ['公告栏', '微信群', '电话', '上门'] as const
export const SATISFACTION = ['满意', '基本满意', '不满意'] as const

export type TopicChannel = (typeof TOPIC_CHANNELS)[number]
export type Urgency = (typeof URGENCIES)[number]
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number]
export type Satisfaction = (typeof SATISFACTION)[number]
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number]
export type ResolutionFilter = (typeof RESOLUTION_FILTERS)[number]
export type TopicStatus = (typeof TOPIC_STATUSES)[number]
export type TopicFilter = (typeof TOPIC_FILTERS)[number]

/** Still open: the department has work to do, so the due date counts. */
export const OPEN_RESOLUTION: readonly ResolutionStatus[] = ['待办', '办理中']
/** Done by the department; what follows is telling the residents. */
export const DONE_RESOLUTION: readonly ResolutionStatus[] = ['已办结', '已反馈', '已评价']
export const isOpenResolution = (status: string) => (OPEN_RESOLUTION as readonly string[]).includes(status)
export const isDoneResolution = (status: string) => (DONE_RESOLUTION as readonly string[]).includes(status)

/** 〔2026〕议字第3号 — the form a 督办单 and a notice board use. */
export function resolutionNumber(year: number, seq: number): string {
  return `〔${year}〕议字第${seq}号`
}

/** 2026-0012: a topic's register number, sortable and easy to read out on the phone. */
export function topicNumber(year: number, seq: number): string {
  return `${year}-${String(seq).padStart(4, '0')}`
}
