import type { ExpressionBuilder } from 'kysely'
import type { Database } from '../database/schema'
import { cappedCount, type ReminderClock } from '../registry/module'
import { OPEN_RESOLUTION } from '../../shared/followup-values'

/**
 * What the office should not forget today about topics and resolutions, for the home page. Each
 * tile opens its list with the filter here (REMINDER_FILTERS), and its number is that list's total
 * (home-reminders.test.ts holds the two equal, voided topics and all).
 */
export const REMINDER_FILTERS = {
  topicsWaiting: { status: '征集中' },
  routedLate: { overdueRouting: true },
  overdueResolutions: { status: '逾期' },
} as const

/**
 * The three counts (each stopping past the cap: registry/module.ts cappedCount), as scalar subqueries over the one table each (the lists' joins are to required
 * or unique keys: they neither add nor drop a row). Each is read from an index of the open records
 * alone, so it costs what is open, not what the years piled up: 征集中 from topics_status, a routed
 * topic past its deadline from topics_routing_open (the open-record-indexes migration), an overdue resolution from
 * resolutions_status_due.
 */
export function topicReminders(eb: ExpressionBuilder<Database, never>, { now, today }: ReminderClock) {
  return {
    topicsWaiting: cappedCount(
      eb,
      eb
        .selectFrom('topics')
        .select('id')
        .where('voided_at', 'is', null)
        .where('status', '=', REMINDER_FILTERS.topicsWaiting.status),
    ),
    // The list's overdueRouting filter: routed, unanswered, past the deadline (and not voided).
    routedLate: cappedCount(
      eb,
      eb
        .selectFrom('topics')
        .select('id')
        .where('status', '=', '转办')
        .where('responded_at', 'is', null)
        .where('voided_at', 'is', null)
        .where('respond_by', '<', now),
    ),
    // The list's 逾期 filter: open and past the due date, as of the office's today.
    overdueResolutions: cappedCount(
      eb,
      eb.selectFrom('resolutions').select('id').where('status', 'in', OPEN_RESOLUTION).where('due_date', '<', today),
    ),
  }
}
