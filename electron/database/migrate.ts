import { sql, type Kysely } from 'kysely'
import { AppError } from '../../shared/app-error'

/**
 * A forward-only schema step. `up` receives `Kysely<any>` on purpose: a migration is frozen in time
 * and must not depend on today's typed schema.
 */
export interface Migration {
  readonly version: number
  readonly name: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  up(db: Kysely<any>): Promise<void>
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- works on any schema version
export async function schemaVersion(db: Kysely<any>): Promise<number> {
  const { rows } = await sql<{ user_version: number }>`pragma user_version`.execute(db)
  return rows[0]?.user_version ?? 0
}

export function assertMonotonic(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    const expected = i + 1
    if (m.version !== expected) {
      throw new Error(`迁移编号必须从 1 起连续递增：第 ${i + 1} 个是 ${m.version}（${m.name}）`)
    }
  })
}

/** A file from a newer version is refused before anything writes to it (openDatabase checks first). */
export function assertKnownVersion(version: number, latest: number): void {
  if (version > latest) {
    throw new AppError(
      'DB_TOO_NEW',
      `这个数据文件由更新版本的社区工作台创建（数据版本 ${version}，本程序只认识到 ${latest}）。为保护数据，程序不会打开它。请升级社区工作台后再打开。`,
    )
  }
}

/**
 * Applies every pending migration in ONE transaction, then stamps `user_version`.
 * Kysely's Migrator does not wrap SQLite migrations in a transaction (SqliteAdapter says
 * supportsTransactionalDdl = false), so a failure half-way would leave a half-built schema.
 * Here a failure rolls back everything, and the file stays at its old version.
 */
export async function migrate(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- works on any schema version
  db: Kysely<any>,
  migrations: readonly Migration[],
): Promise<{ from: number; to: number }> {
  assertMonotonic(migrations)
  const latest = migrations.length
  const from = await schemaVersion(db)
  assertKnownVersion(from, latest)
  if (from === latest) return { from, to: latest }
  await db.transaction().execute(async (trx) => {
    for (const m of migrations.slice(from)) await m.up(trx)
    // user_version lives in the file header and is part of the transaction.
    await sql`pragma user_version = ${sql.raw(String(latest))}`.execute(trx)
    const { rows } = await sql`pragma foreign_key_check`.execute(trx)
    if (rows.length > 0) throw new Error(`迁移后外键检查失败：${JSON.stringify(rows.slice(0, 3))}`)
  })
  return { from, to: latest }
}
