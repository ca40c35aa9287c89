import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'

/**
 * What the next open needs to know to decide how much to check (electron/database/open-check.ts).
 *
 * One row, id = 1:
 * - opened_at: set when the app opens the file, cleared on an orderly close. Found set at open,
 *   the last session ended without closing (power cut, crash, a USB stick pulled): the file is
 *   checked with quick_check before it is used.
 * - closed_at: the last orderly close.
 * - checked_at: the last time the file was known sound at open: created by the app, or its
 *   quick_check passed.
 * - full_checked_at: the last full integrity_check that passed (in the background, or the
 *   开始检查 button). Damage is never written here: the app writes as little as it can to a
 *   damaged file, and the next check finds it again.
 *
 * The row lives in the data file rather than beside it, so a copied file carries its own state,
 * and a backup (copied while open, opened_at set) is checked when it is opened as the data file.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'open-state',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('database_state')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('opened_at', 'text')
      .addColumn('closed_at', 'text')
      .addColumn('checked_at', 'text')
      .addColumn('full_checked_at', 'text')
      .execute()
    await db.insertInto('database_state').values({ id: 1 }).execute()
  },
}
