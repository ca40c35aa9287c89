import type { Kysely } from 'kysely'
import type { Migration } from '../migrate'
import { analyzeIfAnalyzed } from './statistics'

/**
 * Indexes that keep every list page flat however many years of history the file holds.
 *
 * A page is "the newest N rows that pass a filter". It stays cheap only when one index gives both
 * the filter and the order, so SQLite walks it backwards and stops after N rows; otherwise it reads
 * every matching row and sorts them (a temp B-tree) on every page. So each filter a clerk can pick
 * gets an index that ends with the list's order key (rowid, the tie-break, is implicitly last):
 *
 * - topics, ordered by received_at: live topics (voided_at, received_at); by status, channel,
 *   category and grid (x, voided_at, received_at); answered but untold; awaiting a department's
 *   reply (转办已超时); voided topics. voided_at sits before received_at, not after: `voided_at is
 *   null` is then an equality SQLite can skip when it matches the order, and the index also covers
 *   the page's count (SQLite reads the table for a named column the index lacks, even one the
 *   partial index's own WHERE settles).
 * - topics waiting to be told, by answered_at (待告知); resolutions by status then number (决议督办
 *   filtered by status) and completed resolutions by completed_at (待告知).
 * - residents in roster order (building, unit, room, name), and by deleted_at: the roster's count
 *   is "all rows" (a b-tree count over that small index, no row reads) minus the few deleted.
 *
 * Statistics follow the rule of ./statistics.ts: the tables are ANALYZEd at once where the file
 * already has statistics (else the planner would guess at the new indexes against the real numbers
 * of the old), and a file without any gets none. Tests: 0009-list-indexes.test.ts and the plans
 * pinned in query-plans.test.ts.
 */
export const LIST_INDEXES: readonly {
  name: string
  table: string
  columns: string[]
  where?: 'live topic' | 'untold topic' | 'voided topic' | 'live resident'
}[] = [
  { name: 'topics_list_live', table: 'topics', columns: ['voided_at', 'received_at'], where: 'live topic' },
  { name: 'topics_list_status', table: 'topics', columns: ['status', 'voided_at', 'received_at'], where: 'live topic' },
  {
    name: 'topics_list_channel',
    table: 'topics',
    columns: ['channel', 'voided_at', 'received_at'],
    where: 'live topic',
  },
  {
    name: 'topics_list_category',
    table: 'topics',
    columns: ['category_id', 'voided_at', 'received_at'],
    where: 'live topic',
  },
  { name: 'topics_list_grid', table: 'topics', columns: ['grid_id', 'voided_at', 'received_at'], where: 'live topic' },
  {
    name: 'topics_list_awaiting',
    table: 'topics',
    columns: ['status', 'responded_at', 'voided_at', 'received_at'],
    where: 'live topic',
  },
  {
    name: 'topics_list_untold',
    table: 'topics',
    columns: ['voided_at', 'told_at', 'received_at'],
    where: 'untold topic',
  },
  { name: 'topics_to_tell', table: 'topics', columns: ['voided_at', 'told_at', 'answered_at'], where: 'untold topic' },
  { name: 'topics_list_voided', table: 'topics', columns: ['received_at'], where: 'voided topic' },
  { name: 'resolutions_list_status', table: 'resolutions', columns: ['status', 'year', 'seq'] },
  { name: 'resolutions_to_tell', table: 'resolutions', columns: ['status', 'completed_at'] },
  {
    name: 'residents_roster',
    table: 'residents',
    columns: ['deleted_at', 'building_id', 'unit', 'room', 'name'],
    where: 'live resident',
  },
  // Not partial: also the smallest index on residents, which SQLite's b-tree count walks.
  { name: 'residents_deleted', table: 'residents', columns: ['deleted_at'] },
]

export const migration0009: Migration = {
  version: 9,
  name: 'list-indexes',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    for (const index of LIST_INDEXES) {
      let create = db.schema.createIndex(index.name).on(index.table).columns(index.columns)
      switch (index.where) {
        case 'live topic':
          create = create.where('voided_at', 'is', null)
          break
        case 'untold topic':
          create = create.where((eb) =>
            eb.and([eb('voided_at', 'is', null), eb('answered_at', 'is not', null), eb('told_at', 'is', null)]),
          )
          break
        case 'voided topic':
          create = create.where('voided_at', 'is not', null)
          break
        case 'live resident':
          create = create.where('deleted_at', 'is', null)
          break
      }
      await create.execute()
    }
    await analyzeIfAnalyzed(
      db,
      LIST_INDEXES.map((index) => index.table),
    )
  },
}
