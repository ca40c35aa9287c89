import type { Db } from '../../../database/open-database'

/**
 * The next number of a per-year sequence. The counter lives in its own table, so a number once
 * handed out is never handed out again, even if the record that carried it is voided.
 * Call it inside the transaction that inserts the record.
 */
export async function nextNumber(trx: Db, name: 'topic' | 'resolution', year: number): Promise<number> {
  const row = await trx
    .selectFrom('number_sequences')
    .select('last')
    .where('name', '=', name)
    .where('year', '=', year)
    .executeTakeFirst()
  const next = (row?.last ?? 0) + 1
  if (row) {
    await trx
      .updateTable('number_sequences')
      .set({ last: next })
      .where('name', '=', name)
      .where('year', '=', year)
      .execute()
  } else {
    await trx.insertInto('number_sequences').values({ name, year, last: next }).execute()
  }
  return next
}
