import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'

/** Settings, audit log, backup log, and the community profile (the denominator of every rate). */
export const migration0001: Migration = {
  version: 1,
  name: 'foundation',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'integer')
      .addColumn('detail', 'text', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('backups')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'integer', (c) => c.notNull())
      .addColumn('integrity', 'text', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('community')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint('community_single_row', sql`id = 1`)
      .addCheckConstraint('community_kind', sql`kind in ('城市社区', '村')`)
      .execute()

    await db.schema
      .createTable('grids')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('buildings')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('grid_id', 'integer', (c) => c.references('grids.id').onDelete('restrict'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('households', 'integer', (c) => c.notNull())
      .addColumn('residents', 'integer', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint('buildings_counts', sql`households >= 0 and residents >= 0`)
      .execute()
    await db.schema.createIndex('buildings_name_unique').on('buildings').column('name').unique().execute()
    await db.schema.createIndex('buildings_grid').on('buildings').column('grid_id').execute()
  },
}
