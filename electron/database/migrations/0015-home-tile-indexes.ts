import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'
import { analyzeIfAnalyzed } from './statistics'

/**
 * Indexes that let every tile of the home page (the ONE statement of scalar counts,
 * registry/index.ts) count from an index of what is open, reading no row of a table, now that the
 * partner ledger and the fund have tiles there. SQLite reads the table for a column the query
 * names that the index lacks, even one the partial index's own WHERE settles, so each index
 * carries every column its count names:
 *
 * - partner_periods_short / partner_periods_unreviewed (逾期 / 待复核): the periods still open, by
 *   end date, now with start_date (a terminated agreement counts periods begun before its end) and
 *   the columns of their filters. Each period found then reads its commitment and agreement by
 *   primary key: two lookups per OPEN period, however many periods the years closed.
 * - partner_agreements_notice (即将到期): with every column of the tile's filter; and
 *   partner_agreements_predecessor with voided_at (a renewal counts only if it is not voided).
 * - fund_reconciliations_done (基金对账未完成): the last reconciled month, read from the end of a
 *   partial index instead of every month's row.
 * - topics_list_awaiting (转办已超时, its tile and its list): respond_by added after the list's
 *   whole order key (received_at, id — id named, as the implicit rowid would come after
 *   respond_by), so the deadline is checked in the index and the page still needs no sort.
 *
 * And the roster's search (居民 搜索, 158 ms at 100×: six LIKEs on each of 300,000 rows, twice —
 * the page and its count): residents_search, a partial index of the live residents on the searched
 * fields joined with U+001F (which no clerk can type, so a search text never spans two fields) and
 * building_id. A search is then ONE LIKE per live resident over that narrow index (SQLite reads an
 * indexed expression from the index), and only the matching rows are read.
 *
 * Statistics by the rule of ./statistics.ts. Tests: 0015-home-tile-indexes.test.ts and the plan
 * pinned in registry/home-reminders.test.ts.
 */
export const migration0015: Migration = {
  version: 15,
  name: 'home-tile-indexes',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await db.schema.dropIndex('partner_periods_short').execute()
    await db.schema
      .createIndex('partner_periods_short')
      .on('partner_periods')
      .columns(['end_date', 'commitment_id', 'start_date', 'short'])
      .where('short', '=', 1)
      .execute()
    await db.schema.dropIndex('partner_periods_unreviewed').execute()
    await db.schema
      .createIndex('partner_periods_unreviewed')
      .on('partner_periods')
      .columns(['end_date', 'commitment_id', 'start_date', 'reviewed_at', 'waived_reason'])
      .where('reviewed_at', 'is', null)
      .execute()
    await db.schema.dropIndex('partner_agreements_notice').execute()
    await db.schema
      .createIndex('partner_agreements_notice')
      .on('partner_agreements')
      .columns(['notice_on', 'end_date', 'signed_on', 'voided_at', 'terminated_on'])
      .execute()
    await db.schema.dropIndex('partner_agreements_predecessor').execute()
    await db.schema
      .createIndex('partner_agreements_predecessor')
      .on('partner_agreements')
      .columns(['predecessor_id', 'voided_at'])
      .where('predecessor_id', 'is not', null)
      .execute()
    await db.schema
      .createIndex('fund_reconciliations_done')
      .on('fund_reconciliations')
      .columns(['month', 'reconciled_at'])
      .where('reconciled_at', 'is not', null)
      .execute()
    await db.schema.dropIndex('topics_list_awaiting').execute()
    await db.schema
      .createIndex('topics_list_awaiting')
      .on('topics')
      .columns(['status', 'responded_at', 'voided_at', 'received_at', 'id', 'respond_by'])
      .where('voided_at', 'is', null)
      .execute()
    // 调解 tiles: visits due and clauses overdue, from indexes of the open ones that carry the case.
    await db.schema.dropIndex('mediation_visits_due').execute()
    await db.schema
      .createIndex('mediation_visits_due')
      .on('mediation_visits')
      .columns(['done_on', 'planned_on', 'case_id'])
      .execute()
    await db.schema
      .createIndex('mediation_clauses_open')
      .on('mediation_clauses')
      .columns(['performed_on', 'due_on', 'agreement_id'])
      .where('performed_on', 'is', null)
      .execute()
    // The expression must stay the one database/text-search.ts residentSearchText() writes.
    await sql`create index residents_search on residents
      (deleted_at, (name || char(31) || note || char(31) || tags || char(31) || room || char(31) || unit), building_id)
      where deleted_at is null`.execute(db)
    await analyzeIfAnalyzed(db, [
      'partner_periods',
      'partner_agreements',
      'fund_reconciliations',
      'topics',
      'residents',
      'mediation_visits',
      'mediation_clauses',
    ])
  },
}
