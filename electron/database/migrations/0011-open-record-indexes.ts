import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'
import { analyzeIfAnalyzed } from './statistics'

/**
 * Indexes that make the home page and the dashboard cost what is open, not what the years piled
 * up (issue 10: at 100× the demo — 30 years, 60,000 topics — the home page read the history four
 * times and the dashboard's agenda count switched to a scan of the carried-over index).
 *
 * - Partial indexes over the OPEN states, which stay small however long the file is kept:
 *   topics_routing_open (routed, unanswered: 转办已超时 counts those past respond_by),
 *   topics_untold (answered, not yet told: 待告知居民), resolutions_live_item (a topic's
 *   resolution that still answers it, i.e. not 已撤销: the 待告知 check per untold topic).
 *   Each carries the columns of its own WHERE: SQLite reads the table for a column the query
 *   names that the index lacks, even one the partial index's WHERE settles (see migration 6).
 * - agenda_items_carried_from only over items that were carried over: the index serves the
 *   lookups of a carried item's copies (carried_from_id = ?), and, holding every item with NULL,
 *   it used to tempt the planner into reading all of history for "carried_from_id is null".
 * - The dashboard's period figures from indexes alone, without a table read per row:
 *   topics_status also carries the routing times (the 转办 figures of a period read it already;
 *   a separate routed-only index loses to it, as its statistics average 1/6 of the rows per
 *   status), agenda_items_taken_up holds the items a period's agenda figure counts (not carried
 *   over, not a 督办通报), feedback_rated the ratings, topics_month the topics of a period by
 *   month and channel in the order the dashboard groups them (it used to sort them all).
 * - Statistics by the rule of ./statistics.ts: a file that has them (written by `pragma optimize`
 *   on close) gets them for these tables now; a file without any gets none.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'open-record-indexes',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('topics_routing_open')
      .on('topics')
      .columns(['status', 'respond_by', 'responded_at', 'voided_at'])
      .where((eb) => eb.and([eb('status', '=', '转办'), eb('responded_at', 'is', null), eb('voided_at', 'is', null)]))
      .execute()
    await db.schema
      .createIndex('topics_untold')
      .on('topics')
      .columns(['answered_at', 'told_at', 'voided_at'])
      .where((eb) =>
        eb.and([eb('answered_at', 'is not', null), eb('told_at', 'is', null), eb('voided_at', 'is', null)]),
      )
      .execute()
    await db.schema
      .createIndex('resolutions_live_item')
      .on('resolutions')
      .columns(['agenda_item_id', 'status'])
      .where('status', '<>', '已撤销')
      .execute()
    await db.schema.dropIndex('agenda_items_carried_from').execute()
    await db.schema
      .createIndex('agenda_items_carried_from')
      .on('agenda_items')
      .column('carried_from_id')
      .where('carried_from_id', 'is not', null)
      .execute()
    await db.schema.dropIndex('topics_status').execute()
    await db.schema
      .createIndex('topics_status')
      .on('topics')
      .columns(['status', 'received_on', 'voided_at', 'routed_at', 'respond_by', 'responded_at'])
      .where('voided_at', 'is', null)
      .execute()
    // The dashboard's topics by month and channel, grouped in the index's order (no sort).
    await sql`create index topics_month on topics (substr(received_on, 1, 7), channel, received_on, voided_at)
      where voided_at is null`.execute(db)
    await db.schema
      .createIndex('agenda_items_taken_up')
      .on('agenda_items')
      .columns(['meeting_id', 'topic_id', 'carried_from_id', 'is_report'])
      .where((eb) => eb.and([eb('carried_from_id', 'is', null), eb('is_report', '=', 0)]))
      .execute()
    await db.schema
      .createIndex('feedback_rated')
      .on('feedback')
      .columns(['told_at', 'satisfaction'])
      .where('satisfaction', 'is not', null)
      .execute()
    await analyzeIfAnalyzed(db, ['topics', 'resolutions', 'agenda_items', 'feedback'])
  },
}
