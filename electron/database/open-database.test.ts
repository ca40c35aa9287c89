import { afterEach, describe, expect, it } from 'vitest'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase } from './open-database'
import { MIGRATIONS } from './migrations'
import { schemaVersion, type Migration } from './migrate'
import { inspectFile, UPGRADE_BACKUP_FOLDER, UPGRADE_BACKUPS_KEPT } from './maintenance'
import { openTempDb, tempDir, type TempDb } from '../testing/temp-db'

let opened: TempDb | undefined
afterEach(async () => {
  await opened?.cleanup()
  opened = undefined
})

describe('openDatabase', () => {
  it('migrates an empty file to the latest version with the durability pragmas set', async () => {
    opened = await openTempDb()
    const { db } = opened
    expect(await schemaVersion(db)).toBe(MIGRATIONS.length)
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0]
    expect(await pragma('journal_mode')).toBe('wal')
    expect(await pragma('synchronous')).toBe(2) // FULL
    expect(await pragma('foreign_keys')).toBe(1)
    expect(await pragma('busy_timeout')).toBe(5000)
    const tables = await db.introspection.getTables()
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['community', 'grids', 'buildings', 'backups']))
  })

  it('leaves the file unchanged when a migration fails half-way', async () => {
    const dir = tempDir()
    const file = join(dir, 'x.sqlite')
    const first = await openDatabase(file)
    await first.close()
    const failing: Migration[] = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: 'creates a table then fails',
        async up(db) {
          await db.schema.createTable('half_built').addColumn('id', 'integer').execute()
          await db
            .insertInto('grids')
            .values({ name: '迁移中写入', note: '', created_at: 'x', updated_at: 'x' })
            .execute()
          throw new Error('boom')
        },
      },
    ]
    await expect(openDatabase(file, { migrations: failing })).rejects.toThrow('boom')
    opened = {
      ...(await openDatabase(file)),
      dir,
      live: null as never,
      ctx: null as never,
      cleanup: async () => undefined,
    }
    const db = opened.db
    expect(await schemaVersion(db)).toBe(MIGRATIONS.length)
    expect((await db.introspection.getTables()).map((t) => t.name)).not.toContain('half_built')
    expect(await db.selectFrom('grids').selectAll().execute()).toEqual([])
    await opened.close()
    opened = undefined
  })

  it('refuses a file from a newer version with a Chinese message and does not touch it', async () => {
    const dir = tempDir()
    const file = join(dir, 'new.sqlite')
    const first = await openDatabase(file)
    await sql`pragma user_version = 99`.execute(first.db)
    await first.close()
    const before = readFileSync(file)
    await expect(openDatabase(file)).rejects.toMatchObject({
      code: 'DB_TOO_NEW',
      message: expect.stringContaining('更新版本'),
    })
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('refuses a damaged file with a clear message and never overwrites it', async () => {
    const dir = tempDir()
    const file = join(dir, 'broken.sqlite')
    const garbage = Buffer.from('这不是数据库文件'.repeat(500))
    writeFileSync(file, garbage)
    await expect(openDatabase(file)).rejects.toMatchObject({
      code: 'DB_DAMAGED',
      message: expect.stringContaining('损坏'),
    })
    expect(readFileSync(file).equals(garbage)).toBe(true)
  })

  describe('refuses a file it must not open, writing nothing, each with its own Chinese message', () => {
    /** A file made by the app, then switched back to rollback-journal mode (as an older copy would be). */
    async function rollbackModeFile(dir: string, version?: number): Promise<string> {
      const file = join(dir, 'data.sqlite')
      const first = await openDatabase(file)
      await first.db
        .insertInto('grids')
        .values({ name: '一网格', note: '', created_at: 'a', updated_at: 'a' })
        .execute()
      if (version !== undefined) await sql`pragma user_version = ${sql.raw(String(version))}`.execute(first.db)
      await sql`pragma journal_mode = delete`.execute(first.db)
      await first.close()
      return file
    }
    const messages = new Map<string, string>()
    /** Opens, expects the refusal, and proves the folder holds exactly what it held, byte for byte. */
    async function expectRefused(file: string, code: string, words: string) {
      const dir = join(file, '..')
      const snapshot = () =>
        existsSync(dir)
          ? readdirSync(dir)
              .sort()
              .map((n) => [n, readFileSync(join(dir, n)).toString('base64')])
          : null
      const before = snapshot()
      const err = (await openDatabase(file).then(
        () => null,
        (e: unknown) => e,
      )) as { code: string; message: string } | null
      expect(err).toMatchObject({ code, message: expect.stringContaining(words) })
      const readable = err!.message.replaceAll(file, '').replaceAll(dir, '')
      expect(readable).toMatch(/[\u4e00-\u9fa5]/)
      expect(readable, readable).not.toMatch(/[A-Za-z]{3,}/)
      expect(readable).not.toMatch(/已损坏|内部错误/)
      expect(snapshot()).toEqual(before)
      messages.set(code, readable)
    }

    it('a newer-version file in rollback-journal mode stays in that mode, byte-identical', async () => {
      const file = await rollbackModeFile(tempDir(), 99)
      expect(readFileSync(file)[18]).toBe(1) // rollback journal, not WAL
      await expectRefused(file, 'DB_TOO_NEW', '更新版本')
      expect(readFileSync(file)[18]).toBe(1)
      expect(existsSync(`${file}-wal`)).toBe(false)
    })

    it('an empty (0-byte) file', async () => {
      const file = join(tempDir(), 'empty.sqlite')
      writeFileSync(file, '')
      await expectRefused(file, 'DB_EMPTY', '0 字节')
      expect(readFileSync(file).length).toBe(0)
    })

    it('a --db path in a folder that does not exist (an unplugged USB drive): the folder is not created', async () => {
      const folder = join(tempDir(), 'U盘', '社区')
      const file = join(folder, 'data.sqlite')
      await expectRefused(file, 'DB_FOLDER_MISSING', '插好')
      expect(existsSync(folder)).toBe(false)
      expect(existsSync(join(folder, '..'))).toBe(false)
      // The default location is the caller's explicit choice to create (first run).
      const created = await openDatabase(file, { createFolder: true })
      expect(await schemaVersion(created.db)).toBe(MIGRATIONS.length)
      await created.close()
    })

    it('a read-only file', async () => {
      const file = await rollbackModeFile(tempDir())
      chmodSync(file, 0o444)
      try {
        await expectRefused(file, 'DB_READ_ONLY', '只读')
      } finally {
        chmodSync(file, 0o644)
      }
    })

    it('a file in a read-only folder', async () => {
      const dir = tempDir()
      const file = await rollbackModeFile(dir)
      chmodSync(dir, 0o555)
      try {
        await expectRefused(file, 'DB_FOLDER_READ_ONLY', '文件夹')
      } finally {
        chmodSync(dir, 0o755)
      }
    })

    it('a new file in a read-only folder is not created', async () => {
      const dir = tempDir()
      chmodSync(dir, 0o555)
      try {
        await expectRefused(join(dir, 'new.sqlite'), 'DB_FOLDER_READ_ONLY', '不能写入')
      } finally {
        chmodSync(dir, 0o755)
      }
    })

    it('a damaged file, without SQLite’s English words', async () => {
      const file = join(tempDir(), 'broken.sqlite')
      writeFileSync(file, Buffer.from('这不是数据库文件'.repeat(500)))
      const err = await openDatabase(file).catch((e: { code: string; message: string }) => e)
      expect(err).toMatchObject({ code: 'DB_DAMAGED' })
      expect((err as { message: string }).message.replaceAll(file, '')).not.toMatch(/[A-Za-z]{3,}/)
    })

    it('every case says something different', () => {
      expect(new Set(messages.values()).size).toBe(messages.size)
      expect(messages.size).toBeGreaterThanOrEqual(5)
    })
  })

  it('refuses a migration list that is not numbered 1, 2, 3 …', async () => {
    const skipping: Migration[] = [{ ...MIGRATIONS[0]!, version: 2 }]
    await expect(openTempDb({ migrations: skipping })).rejects.toThrow('连续递增')
  })
})

describe('the automatic copy before an upgrade', () => {
  /** A data file at version `version` (built with the first `version` migrations) holding one grid. */
  async function fileAtVersion(dir: string, version: number, grid = '老网格'): Promise<string> {
    const file = join(dir, '社区数据.sqlite')
    const old = await openDatabase(file, { migrations: MIGRATIONS.slice(0, version) })
    await old.db.insertInto('grids').values({ name: grid, note: '', created_at: 'a', updated_at: 'a' }).execute()
    await old.close()
    return file
  }
  const backupFolder = (file: string) => join(file, '..', UPGRADE_BACKUP_FOLDER)
  const backups = (file: string) =>
    existsSync(backupFolder(file))
      ? readdirSync(backupFolder(file))
          .filter((n) => n.endsWith('.sqlite'))
          .sort()
      : []

  it('copies a file that will be migrated, once, at its old version with its data; then migrates it', async () => {
    const from = MIGRATIONS.length - 1
    const file = await fileAtVersion(tempDir(), from)
    const opened = await openDatabase(file)
    expect(await schemaVersion(opened.db)).toBe(MIGRATIONS.length)
    expect(await opened.db.selectFrom('grids').select('name').execute()).toEqual([{ name: '老网格' }])
    await opened.close()

    const names = backups(file)
    expect(names).toEqual([
      expect.stringMatching(new RegExp(`^社区数据-升级前-数据版本${from}-\\d{8}-\\d{6}\\.sqlite$`)),
    ])
    expect(readdirSync(backupFolder(file))).toEqual(names) // no temp file left
    const copy = await inspectFile(join(backupFolder(file), names[0]!), ['grids'])
    expect(copy).toMatchObject({ verdict: 'ok', schemaVersion: from, counts: { grids: 1 } })

    // Nothing to migrate the next time: no new copy.
    const again = await openDatabase(file)
    await again.close()
    expect(backups(file)).toEqual(names)
  })

  it('keeps the newest three copies of this data file and touches nothing else in the folder', async () => {
    const upgrades = 5
    expect(MIGRATIONS.length).toBeGreaterThan(upgrades)
    const dir = tempDir()
    const file = await fileAtVersion(dir, 1)
    mkdirSync(backupFolder(file))
    const unrelated = {
      '我的笔记.txt': '别删我',
      '其他数据-升级前-数据版本1-20200101-000000.sqlite': '另一个数据文件的备份',
      '社区数据-升级前-手工.sqlite': '名字不完全一样',
    }
    for (const [name, text] of Object.entries(unrelated)) writeFileSync(join(backupFolder(file), name), text)

    for (let to = 2; to <= upgrades + 1; to++) {
      const opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, to) })
      await opened.db
        .insertInto('grids')
        .values({ name: `升到${to}`, note: '', created_at: 'a', updated_at: 'a' })
        .execute()
      await opened.close()
    }

    const kept = readdirSync(backupFolder(file)).filter((n) => n.startsWith('社区数据-升级前-数据版本'))
    expect(kept).toHaveLength(UPGRADE_BACKUPS_KEPT)
    // The newest three: taken before the last three upgrades, each with the data of its moment.
    const versions = []
    for (const name of kept) {
      const copy = await inspectFile(join(backupFolder(file), name), ['grids'])
      expect(copy.verdict).toBe('ok')
      expect(name).toContain(`数据版本${copy.schemaVersion}-`)
      expect(copy.counts.grids).toBe(copy.schemaVersion) // 老网格 + one per earlier upgrade
      versions.push(copy.schemaVersion)
    }
    expect(versions.sort()).toEqual([upgrades - 2, upgrades - 1, upgrades])
    for (const [name, text] of Object.entries(unrelated)) {
      expect(readFileSync(join(backupFolder(file), name), 'utf8')).toBe(text)
    }
  })

  it('refuses to migrate without the copy: Chinese message, data file byte-identical', async () => {
    const dir = tempDir()
    const file = await fileAtVersion(dir, MIGRATIONS.length - 1)
    const folder = backupFolder(file)
    mkdirSync(folder)
    const before = readdirSync(dir)
      .sort()
      .map((n) => [n, n === UPGRADE_BACKUP_FOLDER ? null : readFileSync(join(dir, n)).toString('base64')])
    // Tests run as root, who may write anywhere: the mode bits say read-only, as a clerk's folder would.
    chmodSync(folder, 0o555)
    try {
      const err = (await openDatabase(file).then(
        () => null,
        (e: unknown) => e,
      )) as { code: string; message: string } | null
      expect(err).toMatchObject({ code: 'DB_UPGRADE_BACKUP_FAILED', message: expect.stringContaining('没有升级') })
      const readable = err!.message.replaceAll(folder, '').replaceAll(file, '')
      expect(readable).toContain('不能写入')
      expect(readable, readable).not.toMatch(/[A-Za-z]{3,}/)
    } finally {
      chmodSync(folder, 0o755)
    }
    const after = readdirSync(dir)
      .sort()
      .map((n) => [n, n === UPGRADE_BACKUP_FOLDER ? null : readFileSync(join(dir, n)).toString('base64')])
    expect(after).toEqual(before)
    expect(readdirSync(folder)).toEqual([])

    // A file where the folder should be: refused the same way.
    rmSync(folder, { recursive: true })
    writeFileSync(folder, '挡路的文件')
    await expect(openDatabase(file)).rejects.toMatchObject({ code: 'DB_UPGRADE_BACKUP_FAILED' })
    expect(
      readdirSync(dir)
        .sort()
        .filter((n) => n !== UPGRADE_BACKUP_FOLDER)
        .map((n) => [n, readFileSync(join(dir, n)).toString('base64')]),
    ).toEqual(before.filter(([n]) => n !== UPGRADE_BACKUP_FOLDER))

    // Once the copy can be written, the file opens and is migrated.
    rmSync(folder)
    const opened = await openDatabase(file)
    expect(await schemaVersion(opened.db)).toBe(MIGRATIONS.length)
    await opened.close()
    expect(backups(file)).toHaveLength(1)
  })

  it('a new file gets no copy', async () => {
    const dir = tempDir()
    const file = join(dir, 'new.sqlite')
    const opened = await openDatabase(file)
    expect(await schemaVersion(opened.db)).toBe(MIGRATIONS.length)
    await opened.close()
    expect(readdirSync(dir).filter((n) => !n.startsWith(basename(file)))).toEqual([])
  })
})

describe('transactions and the single connection', () => {
  it('a rolled-back transaction leaves nothing behind', async () => {
    opened = await openTempDb()
    const { db } = opened
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('grids').values({ name: '一网格', note: '', created_at: 'a', updated_at: 'a' }).execute()
        throw new Error('取消')
      }),
    ).rejects.toThrow('取消')
    expect(await db.selectFrom('grids').selectAll().execute()).toEqual([])
  })

  it('two interleaved callers never see or lose each other’s writes', async () => {
    opened = await openTempDb()
    const { db } = opened
    let seenInside: string[] = []
    const failing = db.transaction().execute(async (trx) => {
      await trx.insertInto('grids').values({ name: '事务内', note: '', created_at: 'a', updated_at: 'a' }).execute()
      await new Promise((r) => setTimeout(r, 50))
      seenInside = (await trx.selectFrom('grids').select('name').execute()).map((r) => r.name)
      throw new Error('回滚')
    })
    // Issued while the transaction is open: must wait, and must survive the rollback.
    const outside = db
      .insertInto('grids')
      .values({ name: '事务外', note: '', created_at: 'a', updated_at: 'a' })
      .execute()
    const reader = db.selectFrom('grids').select('name').execute()
    await expect(failing).rejects.toThrow('回滚')
    await outside
    expect((await reader).map((r) => r.name)).not.toContain('事务内')
    expect(seenInside).toEqual(['事务内'])
    expect((await db.selectFrom('grids').select('name').execute()).map((r) => r.name)).toEqual(['事务外'])
  })

  it('refuses a foreign-key violation', async () => {
    opened = await openTempDb()
    await expect(
      opened.db
        .insertInto('buildings')
        .values({ name: '1号楼', grid_id: 999, households: 1, residents: 1, created_at: 'a', updated_at: 'a' })
        .execute(),
    ).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' })
    expect(await opened.db.selectFrom('buildings').selectAll().execute()).toEqual([])
  })

  it('returns insert ids, affected-row counts and RETURNING rows', async () => {
    opened = await openTempDb()
    const { db } = opened
    const ins = await db
      .insertInto('grids')
      .values({ name: 'A', note: '', created_at: 'a', updated_at: 'a' })
      .executeTakeFirst()
    expect(ins.insertId).toBe(1n)
    const ret = await db
      .insertInto('grids')
      .values({ name: 'B', note: '', created_at: 'a', updated_at: 'a' })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow()
    expect(ret).toEqual({ id: 2, name: 'B' })
    const upd = await db.updateTable('grids').set({ note: 'n' }).executeTakeFirst()
    expect(upd.numUpdatedRows).toBe(2n)
    const del = await db.deleteFrom('grids').where('name', '=', 'A').executeTakeFirst()
    expect(del.numDeletedRows).toBe(1n)
  })
})
