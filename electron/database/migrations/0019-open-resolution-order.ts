import type { Kysely } from 'kysely'
import type { Migration } from '../migrate'
import { analyzeIfAnalyzed } from './statistics'

/**
 * resolutions_open_number: the open resolutions (待办, 办理中) in number order, with their due date
 * and status (SQLite checks the query's `status in (…)` against the row even when the index's WHERE
 * settles it: carried here, the page's numbers come from the index alone).
 * 决议督办 filtered by 逾期 (open and past due) walks it newest first and stops after one page,
 * checking the due date in the index; before, it read every overdue resolution with its agenda item
 * and meeting and sorted them all (276 at 100×, a number that grows with every year a resolution
 * stays open). The query names the statuses as literals (database/fixed-terms.ts) so SQLite can
 * prove the index's WHERE.
 *
 * Statistics by the rule of ./statistics.ts. Tests: 0019-open-resolution-order.test.ts and the plan
 * pinned in database/query-plans.test.ts.
 */
export const migration0019: Migration = {
  version: 19,
  name: 'open-resolution-order',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('resolutions_open_number')
      .on('resolutions')
      .columns(['year', 'seq', 'due_date', 'status'])
      .where((eb) => eb('status', 'in', ['待办', '办理中']))
      .execute()
    await analyzeIfAnalyzed(db, ['resolutions'])
  },
}
