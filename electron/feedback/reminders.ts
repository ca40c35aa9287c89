import type { ExpressionBuilder } from 'kysely'
import type { Database } from '../database/schema'
import { untoldIneligible } from '../contest'
import { cappedCount } from '../registry/module'

/**
 * 待告知居民 on the home page: how many answers wait to be told — the total of the still-to-tell
 * list (stillToTell), counted without building its rows. Completed resolutions nobody has told
 * yet (已办结; telling makes them 已反馈), plus topics with an answer not yet told that no live
 * resolution will answer, and ineligible contest proposals not yet told. Read from indexes of what is still untold only (resolutions_status_due,
 * and topics_untold with resolutions_live_item from the open-record-indexes migration), never the whole history.
 */
export function feedbackReminders(eb: ExpressionBuilder<Database, never>) {
  // Each part stops past the cap (cappedCount); the registry caps their sum.
  const resolutions = cappedCount(eb, eb.selectFrom('resolutions').select('id').where('status', '=', '已办结'))
  const topics = cappedCount(
    eb,
    eb
      .selectFrom('topics as t')
      .select('t.id')
      .where('t.answered_at', 'is not', null)
      .where('t.told_at', 'is', null)
      .where('t.voided_at', 'is', null)
      .where((e) =>
        e.not(
          e.exists(
            e
              .selectFrom('agenda_items as a2')
              .innerJoin('resolutions as r2', 'r2.agenda_item_id', 'a2.id')
              .select('r2.id')
              .whereRef('a2.topic_id', '=', 't.id')
              .where('r2.status', '<>', '已撤销'),
          ),
        ),
      ),
  )
  // Ineligible contest proposals whose proposer has not been told are on the same list.
  const proposals = cappedCount(eb, untoldIneligible(eb).select('p.id'))
  return { stillToTell: eb(eb(resolutions, '+', topics), '+', proposals) }
}
