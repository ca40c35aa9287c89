import type { Db } from '../../database/open-database'

/**
 * Runs `work` in one transaction, or inside the caller's when `db` already is one (services take
 * "a connection or an open transaction", and Kysely refuses to nest).
 *
 * Every state change reads the record it checks *inside* this transaction: the connection lock
 * (one connection, BEGIN IMMEDIATE) then serialises the check with the write, so two conflicting
 * calls fired at the same moment (转办 and 不予采纳, 办结 and 撤销) cannot both pass a check made on
 * the state before either wrote. A check made before the transaction opens is a check on a state
 * that may already be gone.
 */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work)
}
