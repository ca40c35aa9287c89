import { sql, type Transaction } from 'kysely'
import type { Db } from './open-database'
import type { Database } from './schema'

/**
 * Units of work that compose.
 *
 * Every service takes a `Db`: the open database or an open transaction (Kysely's `Transaction`
 * is a `Kysely`), so a caller decides how far one unit of work reaches — a contest payment and
 * the fund entry it writes commit together or not at all. A service never opens a transaction
 * of its own with `db.transaction()` (Kysely refuses that inside a transaction, and a service
 * that used the outer handle while a transaction holds the one connection would wait forever):
 * it calls `inTransaction`, which joins the caller's transaction when there is one.
 */
export type Trx = Transaction<Database>

/** Runs `work` in the caller's open transaction, or in a new one that commits when it returns. */
export function inTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Trx)
  return db.transaction().execute(work)
}

let savepoints = 0

/**
 * A nested unit that may fail alone: inside a transaction it runs under a savepoint, and its
 * failure undoes only its own writes (the error still reaches the caller, who may carry on);
 * outside one it is simply a transaction.
 */
export async function inSavepoint<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  if (!db.isTransaction) return db.transaction().execute(work)
  const name = sql.id(`unit_${++savepoints}`)
  await sql`savepoint ${name}`.execute(db)
  try {
    const result = await work(db as Trx)
    await sql`release ${name}`.execute(db)
    return result
  } catch (err) {
    await sql`rollback to ${name}`.execute(db)
    await sql`release ${name}`.execute(db)
    throw err
  }
}
