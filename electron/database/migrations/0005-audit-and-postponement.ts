import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'

/**
 * 1. The audit log becomes append-only in the file itself, as the progress log already is
 *    (migration 3): triggers refuse every UPDATE and DELETE on audit_log, whoever sends them — the
 *    app, a script or a database tool opened on the file. Rows are only ever added.
 * 2. A postponed meeting remembers the time it was announced for (postponed_from_*), so its
 *    延期通知 can say "原定于… 改于…" once the new time is set.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'audit-and-postponement',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'append-only'); end`.execute(db)
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'append-only'); end`.execute(db)
    await db.schema.alterTable('meetings').addColumn('postponed_from_start', 'text').execute()
    await db.schema.alterTable('meetings').addColumn('postponed_from_end', 'text').execute()
  },
}
