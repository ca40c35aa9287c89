import type { Db } from './open-database'

/**
 * The next number of a per-year sequence (topics, resolutions, and any module's own: mediation
 * cases, receipts…). The counter lives in its own table, so a number once handed out is never
 * handed out again, even if the record that carried it is voided. One statement reads and
 * advances it (insert … on conflict do update … returning), so two writers sharing a database
 * can never be handed the same number. Call it inside the transaction that inserts the record,
 * so a failed insert gives its number back.
 */
export async function nextNumber(db: Db, name: string, year: number): Promise<number> {
  const row = await db
    .insertInto('number_sequences')
    .values({ name, year, last: 1 })
    .onConflict((oc) =>
      oc.columns(['name', 'year']).doUpdateSet((eb) => ({ last: eb('number_sequences.last', '+', 1) })),
    )
    .returning('last')
    .executeTakeFirstOrThrow()
  return row.last
}
