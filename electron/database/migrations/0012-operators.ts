import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'

/** What audit entries written before operators existed say in their operator column. */
export const BEFORE_OPERATORS = '（启用操作人之前）'

/**
 * Who is at the keyboard (操作人):
 * 1. `operators`: the names the 管理员 keeps, their marks (管理员, 主任, 调解员, 乡贤 as a JSON
 *    list; none = 普通) and an optional PIN, stored only as a salted scrypt hash. A person who
 *    leaves is marked inactive, never deleted: the audit log keeps naming them.
 * 2. Every audit entry names its operator: `operator_id` (null for work no person started, or for
 *    the single unnamed operator of an office that has named nobody) and `operator_name` as it
 *    was at the time. Older entries say BEFORE_OPERATORS. ADD COLUMN changes no row, so the
 *    append-only triggers (migration audit-and-postponement) stay as they are and stay in force.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'operators',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('operators')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('roles', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('pin_hash', 'text')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute()
    // Two active people of one name could not be told apart on the start screen.
    await sql`create unique index operators_active_name on operators (name) where active = 1`.execute(db)
    await db.schema.alterTable('audit_log').addColumn('operator_id', 'integer').execute()
    await db.schema
      .alterTable('audit_log')
      .addColumn('operator_name', 'text', (c) => c.notNull().defaultTo(BEFORE_OPERATORS))
      .execute()
  },
}
