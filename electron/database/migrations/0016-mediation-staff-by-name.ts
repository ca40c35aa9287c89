import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'

/**
 * An elder (乡贤) sees only the cases they take part in (electron/mediation/case-access.ts): their
 * list and every call that reaches a case look up the non-recused people of the case by name. This
 * partial index answers that from the index alone, without reading every case's staff.
 */
export const migration0016: Migration = {
  version: 16,
  name: 'mediation-staff-by-name',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await sql`create index mediation_staff_taking_part on mediation_staff (name, case_id) where recused_at is null`.execute(
      db,
    )
  },
}
