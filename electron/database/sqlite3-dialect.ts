import sqlite3 from 'sqlite3'
import {
  CompiledQuery,
  DeleteQueryNode,
  InsertQueryNode,
  RawNode,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  UpdateQueryNode,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely'
import { StatementCache } from './statement-cache'

/**
 * A Kysely dialect for the `sqlite3` package (node-sqlite3).
 *
 * Kysely's own SqliteDialect expects better-sqlite3's synchronous API; node-sqlite3 is callback-async
 * and, unlike better-sqlite3, an N-API module whose one binary loads in Node (tests) and Electron.
 * Kysely 0.28 leaves the single-connection lock to the driver, so it lives here: without it a
 * statement issued by one caller can land inside another caller's open transaction and be rolled
 * back with it after its caller was told it succeeded.
 */

export interface Sqlite3DialectConfig {
  /** Opens (or creates) the database. Called once, on the first query. */
  open: () => Promise<sqlite3.Database>
  /**
   * A read-only connection (an export worker's): its transactions are plain BEGIN, a snapshot
   * taken by the first read and kept until COMMIT — it cannot take the write lock, and needs none.
   */
  readOnly?: boolean
}

export class Sqlite3Dialect implements Dialect {
  readonly #config: Sqlite3DialectConfig
  constructor(config: Sqlite3DialectConfig) {
    this.#config = config
  }
  createDriver(): Driver {
    return new Sqlite3Driver(this.#config)
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler()
  }
  createAdapter(): DialectAdapter {
    return new SqliteAdapter()
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's own signature
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db)
  }
}

class Sqlite3Driver implements Driver {
  readonly #config: Sqlite3DialectConfig
  readonly #mutex = new ConnectionMutex()
  #db?: sqlite3.Database
  #connection?: Sqlite3Connection

  constructor(config: Sqlite3DialectConfig) {
    this.#config = config
  }

  async init(): Promise<void> {
    this.#db = await this.#config.open()
    this.#connection = new Sqlite3Connection(this.#db)
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // One connection for the whole app: wait until the previous holder (a query or a whole
    // transaction) has released it.
    await this.#mutex.lock()
    return this.#connection!
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // IMMEDIATE takes the write lock up front, so a transaction never fails half-way with BUSY.
    await connection.executeQuery(CompiledQuery.raw(this.#config.readOnly ? 'begin' : 'begin immediate'))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  // Savepoints, for Kysely's controlled transactions (`trx.savepoint(name)`); `inSavepoint` in
  // unit-of-work.ts is the app's own way to nest a unit that may fail alone.
  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteName(name)}`))
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteName(name)}`))
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteName(name)}`))
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock()
  }

  async destroy(): Promise<void> {
    const db = this.#db
    this.#db = undefined
    // sqlite3 refuses to close a connection with statements left.
    await this.#connection?.statements.finalizeAll()
    if (db) await new Promise<void>((resolve, reject) => db.close((e) => (e ? reject(e) : resolve())))
  }
}

const quoteName = (name: string) => `"${name.replaceAll('"', '""')}"`

const ROW_RETURNING_SQL = /^\s*(select|pragma|with|explain|values)\b/i

function returnsRows(query: CompiledQuery): boolean {
  const node = query.query
  if (SelectQueryNode.is(node)) return true
  if (InsertQueryNode.is(node) || UpdateQueryNode.is(node) || DeleteQueryNode.is(node)) {
    return node.returning !== undefined
  }
  if (RawNode.is(node) || !node) return ROW_RETURNING_SQL.test(query.sql) || /\breturning\b/i.test(query.sql)
  return false
}

class Sqlite3Connection implements DatabaseConnection {
  readonly #db: sqlite3.Database
  readonly statements: StatementCache
  constructor(db: sqlite3.Database) {
    this.#db = db
    this.statements = new StatementCache(db)
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const params = compiled.parameters as unknown[]
    // Built SELECTs repeat their SQL (prepared.ts): kept prepared. Raw SQL and writes are run once.
    if (SelectQueryNode.is(compiled.query)) {
      return { rows: (await this.statements.all(compiled.sql, params)) as R[] }
    }
    if (returnsRows(compiled)) {
      return new Promise((resolve, reject) => {
        this.#db.all(compiled.sql, params, (err, rows) => {
          if (err) return reject(err)
          const isWrite = !SelectQueryNode.is(compiled.query) && !RawNode.is(compiled.query)
          resolve({
            rows: rows as R[],
            ...(isWrite ? { numAffectedRows: BigInt(rows.length) } : {}),
          })
        })
      })
    }
    return new Promise((resolve, reject) => {
      this.#db.run(compiled.sql, params, function (err) {
        if (err) return reject(err)
        const isInsert = InsertQueryNode.is(compiled.query)
        resolve({
          rows: [],
          numAffectedRows: BigInt(this.changes),
          ...(isInsert ? { insertId: BigInt(this.lastID) } : {}),
        })
      })
    })
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('sqlite3 方言不支持流式查询，请分页读取')
  }
}

/** A promise-based lock: callers queue in order. */
class ConnectionMutex {
  #promise?: Promise<void>
  #resolve?: () => void

  async lock(): Promise<void> {
    while (this.#promise) await this.#promise
    this.#promise = new Promise((resolve) => {
      this.#resolve = resolve
    })
  }

  unlock(): void {
    const resolve = this.#resolve
    this.#promise = undefined
    this.#resolve = undefined
    resolve?.()
  }
}
