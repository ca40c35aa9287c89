import type { Db } from '../database/open-database'
import { countResolutions } from './resolution-service'
import { countTopics } from './topic-service'

/**
 * What the office should not forget today about topics and resolutions, for the home page. Each
 * is counted by the filter its list applies (REMINDER_FILTERS), so a tile's number and the list
 * it opens always agree.
 */
export const REMINDER_FILTERS = {
  topicsWaiting: { status: '征集中' },
  routedLate: { overdueRouting: true },
  overdueResolutions: { status: '逾期' },
} as const

export async function topicReminders(db: Db, now: string) {
  return {
    topicsWaiting: await countTopics(db, REMINDER_FILTERS.topicsWaiting, now),
    routedLate: await countTopics(db, REMINDER_FILTERS.routedLate, now),
    overdueResolutions: await countResolutions(db, REMINDER_FILTERS.overdueResolutions, now),
  }
}
