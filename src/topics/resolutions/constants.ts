import type { Out } from '../../api/types'
import { DONE_RESOLUTION, OPEN_RESOLUTION, type ResolutionStatus } from '../../../shared/followup-values'

/**
 * How 决议督办 and 反馈 are shown. The value lists are shared with the main side
 * (shared/followup-values.ts) and only passed on here.
 */
export {
  FEEDBACK_CHANNELS,
  RESOLUTION_FILTERS,
  RESOLUTION_STATUSES,
  SATISFACTION,
  type FeedbackChannel,
  type ResolutionFilter,
  type Satisfaction,
} from '../../../shared/followup-values'

export type ResolutionDetail = Out<'resolutions.get'>
export type ResolutionRow = ResolutionDetail['resolution']
export type ProgressNote = ResolutionDetail['progress'][number]
export type FeedbackTarget = { resolutionId: number } | { topicId: number }

/** The steps a resolution goes through, in order (已撤销 leaves the line). */
export const STEPS: readonly ResolutionStatus[] = [...OPEN_RESOLUTION, ...DONE_RESOLUTION]

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
