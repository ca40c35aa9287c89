import { nowIso } from '../../../common/time'
import type { Db } from '../../../database/open-database'
import { countResolutions } from './resolution-service'
import { stillToTell } from './still-to-tell'
import { countTopics } from './topic-service'

/**
 * What the office should not forget today, for the home page: four counts, each a link to its
 * list. Each is counted by the filter its list applies (REMINDER_FILTERS), so a tile's number and
 * the list it opens always agree.
 */
export const REMINDER_FILTERS = {
  topicsWaiting: { status: '征集中' },
  routedLate: { overdueRouting: true },
  overdueResolutions: { status: '逾期' },
} as const

export async function reminders(db: Db, now = nowIso()) {
  const toTell = await stillToTell(db, { limit: 1, offset: 0 }, now)
  return {
    topicsWaiting: await countTopics(db, REMINDER_FILTERS.topicsWaiting, now),
    routedLate: await countTopics(db, REMINDER_FILTERS.routedLate, now),
    overdueResolutions: await countResolutions(db, REMINDER_FILTERS.overdueResolutions, now),
    stillToTell: toTell.total,
  }
}
