import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../database/open-database'
import { checkFileIntegrity } from '../database/maintenance'
import * as community from '../community/community-service'
import * as data from './data-service'
import { openTempDb, type TempDb } from '../testing/temp-db'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => t.cleanup())

describe('backup', () => {
  it('writes a consistent copy that passes integrity_check and holds the same rows', async () => {
    const folder = join(t.dir, 'usb')
    mkdirSync(folder)
    await community.createGrid(t.db, { name: '第一网格', note: '' })
    await community.createBuilding(t.db, { name: '1号楼', gridId: 1, households: 3, residents: 9, note: '' })
    // Writes keep coming while the backup runs: the copy is a snapshot, never a torn file.
    const writes = Array.from({ length: 20 }, (_, i) =>
      community.createBuilding(t.db, { name: `${i + 2}号楼`, gridId: null, households: 1, residents: 1, note: '' }),
    )
    const result = await data.backupNow(t.db, t.reader, folder)
    await Promise.all(writes)
    expect(result.integrity).toBe('ok')
    expect(readdirSync(folder)).toEqual([expect.stringMatching(/^社区工作台备份-\d{8}-\d{6}\.sqlite$/)])
    expect((await checkFileIntegrity(result.path)).verdict).toBe('ok')
    const copy = await openDatabase(result.path)
    const names = (await copy.db.selectFrom('buildings').select('name').execute()).map((r) => r.name)
    expect(names).toContain('1号楼')
    await copy.close()

    const info = await data.dataInfo(t.db, t.file, t.live.health.state)
    expect(info.lastBackup).toMatchObject({ path: result.path, integrity: 'ok' })
    expect(info.sizeBytes).toBeGreaterThan(0)
  })

  it('never overwrites an earlier backup made in the same second', async () => {
    const folder = join(t.dir, 'usb')
    mkdirSync(folder)
    const a = await data.backupNow(t.db, t.reader, folder)
    const b = await data.backupNow(t.db, t.reader, folder)
    expect(a.path).not.toBe(b.path)
    expect(readdirSync(folder)).toHaveLength(2)
  })

  it('refuses a folder that does not exist, in Chinese, recording nothing', async () => {
    await expect(data.backupNow(t.db, t.reader, join(t.dir, 'missing'))).rejects.toMatchObject({
      code: 'BAD_FOLDER',
      message: expect.stringContaining('不存在'),
    })
    expect(await t.db.selectFrom('backups').selectAll().execute()).toEqual([])
  })

  it('reports a clean integrity check', async () => {
    const r = await data.runIntegrityCheck(t.live.health)
    expect(r).toMatchObject({ ok: true, problems: [] })
  })
})
