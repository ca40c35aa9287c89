import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'

/**
 * Correcting mistakes, and holidays the office enters itself.
 *
 * - topics.voided_at / void_reason: 作废 a topic entered by mistake. The row and its number stay
 *   (numbers are never reused); every list, count and the "still to tell" list leave it out unless
 *   asked for voided ones. The status it had is kept as history. A column pair rather than a new
 *   status, because the status CHECK cannot change without rebuilding a table others point at.
 *   The indexes the dashboard and the lists read are rebuilt as partial indexes over live topics,
 *   so "voided_at is null" costs no row reads (tested by the plan in the migration's test).
 * - rooms.deleted_at: a room that past meetings used is hidden, not deleted, so they keep its name.
 * - office_holidays: a year's statutory holidays and 调休 working days typed in from the State
 *   Council's notice, used until the `chinese-days` package knows that year.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'corrections-holidays',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await db.schema.alterTable('topics').addColumn('voided_at', 'text').execute()
    await db.schema
      .alterTable('topics')
      .addColumn('void_reason', 'text', (c) =>
        c
          .notNull()
          .defaultTo('')
          .check(sql`voided_at is null or void_reason <> ''`),
      )
      .execute()
    const live = (name: string, columns: string[]) =>
      db.schema.createIndex(name).on('topics').columns(columns).where('voided_at', 'is', null).execute()
    for (const name of ['topics_received', 'topics_status', 'topics_answered', 'topics_received_told']) {
      await db.schema.dropIndex(name).execute()
    }
    // voided_at is carried as the last column: SQLite reads the table for a column the query names
    // that the index lacks, even one the partial index's own WHERE settles.
    await live('topics_received', ['received_on', 'channel', 'voided_at'])
    await live('topics_status', ['status', 'received_on', 'voided_at'])
    await live('topics_answered', ['answered_at', 'told_at', 'voided_at'])
    await live('topics_received_told', ['received_on', 'answered_at', 'told_at', 'voided_at'])
    await db.schema
      .createIndex('topics_voided')
      .on('topics')
      .column('voided_at')
      .where('voided_at', 'is not', null)
      .execute()

    await db.schema.alterTable('rooms').addColumn('deleted_at', 'text').execute()

    await db.schema
      .createTable('office_holidays')
      .addColumn('date', 'text', (c) => c.primaryKey())
      // The year of the notice the day belongs to (元旦 of 2027 may start on 2026-12-31).
      .addColumn('year', 'integer', (c) => c.notNull())
      // 休 = a day off (part of a named holiday); 班 = a weekend day worked instead (调休上班).
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint('office_holidays_kind', sql`kind in ('休', '班')`)
      .addCheckConstraint('office_holidays_year', sql`cast(substr(date, 1, 4) as integer) between year - 1 and year`)
      .execute()
    await db.schema.createIndex('office_holidays_year').on('office_holidays').column('year').execute()
  },
}
