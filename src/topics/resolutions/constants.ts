import type * as Followup from '../../../shared/followup-values'
import type { Out } from '../../api/types'

/**
 * The words of 决议督办 and 反馈 on the renderer side. The renderer may not import backend code, so
 * the lists are repeated here; the type annotations make the build fail if they drift.
 */
export const RESOLUTION_STATUSES: typeof Followup.RESOLUTION_STATUSES = [
  '待办',
  '办理中',
  '已办结',
  '已反馈',
  '已评价',
  '已撤销',
] as const
export const RESOLUTION_FILTERS: typeof Followup.RESOLUTION_FILTERS = [...RESOLUTION_STATUSES, '逾期'] as const
export const FEEDBACK_CHANNELS: typeof Followup.FEEDBACK_CHANNELS = ['公告栏', '微信群', '电话', '上门'] as const
export const SATISFACTION: typeof Followup.SATISFACTION = ['满意', '基本满意', '不满意'] as const

export type ResolutionFilter = (typeof RESOLUTION_FILTERS)[number]
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number]
export type Satisfaction = (typeof SATISFACTION)[number]

export type ResolutionDetail = Out<'resolutions.get'>
export type ResolutionRow = ResolutionDetail['resolution']
export type ProgressNote = ResolutionDetail['progress'][number]
export type FeedbackTarget = { resolutionId: number } | { topicId: number }

/** The steps a resolution goes through, in order (已撤销 leaves the line). */
export const STEPS = ['待办', '办理中', '已办结', '已反馈', '已评价'] as const

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'
const STATUS_TAG: Record<string, TagType> = {
  待办: 'warning',
  办理中: 'primary',
  已办结: 'success',
  已反馈: 'success',
  已评价: 'success',
  已撤销: 'info',
}
export const statusTag = (status: string): TagType => STATUS_TAG[status] ?? 'info'

/** How far a resolution is from its due date, in words for a table cell. */
export function dueText(r: Pick<ResolutionRow, 'overdue' | 'overdueDays' | 'daysLeft' | 'status'>): string {
  if (r.overdue) return `逾期 ${r.overdueDays} 天`
  if (r.daysLeft === null) return r.status === '已撤销' ? '—' : '已办结'
  if (r.daysLeft === 0) return '今天到期'
  return `还剩 ${r.daysLeft} 天`
}
