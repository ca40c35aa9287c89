import type { Kysely } from 'kysely'
import type { Migration } from '../migrate'

/**
 * What an office's 居民花名册 holds beyond name, household and phone, so an imported roster keeps
 * it: 身份证号, 性别 ('男' / '女' / ''), 出生日期 ('YYYY-MM-DD' / ''), 人员类型 (户籍、常住、流动 …
 * as the office writes it). All default to '' (ADD COLUMN changes no row). The ID number is
 * indexed (only where given): an import matches existing residents by it.
 */
export const migration0017: Migration = {
  version: 17,
  name: 'resident-identity',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    for (const column of ['id_number', 'gender', 'birth_date', 'kind']) {
      await db.schema
        .alterTable('residents')
        .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
        .execute()
    }
    await db.schema
      .createIndex('residents_id_number')
      .on('residents')
      .column('id_number')
      .where((eb) => eb('id_number', '<>', ''))
      .execute()
  },
}
