import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openTempDb, tempDir, type TempDb } from '../testing/temp-db'
import { openDatabase } from '../database/open-database'
import { buildEncryptedArchive } from './encrypted-archive'
import { dispatch } from './dispatch'
import { registry } from '.'

/** 7-Zip is the independent reader: what it opens, 7-Zip and WinRAR on the office's PC open. */
const SEVEN_ZIP = ['/usr/bin/7z', '/usr/bin/7za'].find((p) => existsSync(p)) ?? null
if (!SEVEN_ZIP) console.log('跳过：找不到 7z（apt-get install -y p7zip-full），加密归档未经独立程序检验。')

function sevenZip(args: string[]) {
  return spawnSync(SEVEN_ZIP!, args, { encoding: 'utf8' })
}

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => {
  await t.cleanup()
})

describe.skipIf(!SEVEN_ZIP)('加密归档 (AES-256 .zip) read back by 7-Zip', () => {
  it('opens with the password, refuses a wrong one, and keeps Chinese names and bytes intact', async () => {
    const dir = tempDir()
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 251)
    const zip = await buildEncryptedArchive(
      [
        { name: '调解卷宗/协议书.txt', data: '甲方：王某\n乙方：李某\n' },
        { name: '扫描件.bin', data: bytes },
      ],
      'Desk#2026pw',
    )
    const file = join(dir, '归档.zip')
    writeFileSync(file, zip)
    // Encrypted with AES-256, not ZipCrypto: 7-Zip names the method of each entry.
    const listing = sevenZip(['l', '-slt', '-pDesk#2026pw', file]).stdout
    expect(listing.match(/^Method = AES-256/gm)).toHaveLength(2)
    expect(listing).toMatch(/^Encrypted = \+$/m)
    expect(sevenZip(['t', '-pDesk#2026pw', file]).status).toBe(0)
    const wrong = sevenZip(['t', '-pwrong-password', file])
    expect(wrong.status).not.toBe(0)
    expect(wrong.stdout + wrong.stderr).toMatch(/Wrong password/i)
    // Nothing in the file is readable without the password.
    expect(Buffer.from(zip).includes(Buffer.from('王某'))).toBe(false)
    const out = join(dir, 'out')
    execFileSync(SEVEN_ZIP!, ['x', '-pDesk#2026pw', `-o${out}`, file], { stdio: 'ignore' })
    expect(readFileSync(join(out, '调解卷宗', '协议书.txt'), 'utf8')).toBe('甲方：王某\n乙方：李某\n')
    expect(new Uint8Array(readFileSync(join(out, '扫描件.bin')))).toEqual(bytes)
  })

  it('data.archive: the data file, checked, in an archive the password opens; the password is asked, never kept', async () => {
    await t.db
      .insertInto('residents')
      .values({
        name: '王芳',
        building_id: null,
        phone: '13812345678',
        created_at: 'a',
        updated_at: 'a',
        deleted_at: null,
      })
      .execute()
    for (const password of ['', 'short', '含有汉字的密码12345', 'with space 123', '2026-03-12']) {
      const refused = await dispatch(registry, t.live, t.ctx, 'data.archive', { password })
      expect(refused).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
      expect((refused as { message: string }).message).toMatch(/^(请填写「归档密码」|归档密码要 8 到 64 位)/)
    }
    const done = await dispatch(registry, t.live, t.ctx, 'data.archive', { password: 'Office-2026' })
    expect(done).toMatchObject({ ok: true })
    const exportDir = join(t.dir, 'exports')
    const [zipName] = readdirSync(exportDir)
    expect(zipName).toMatch(/^社区工作台归档-\d{8}-\d{4,6}\.zip$/)
    const out = join(tempDir(), 'x')
    execFileSync(SEVEN_ZIP!, ['x', '-pOffice-2026', `-o${out}`, join(exportDir, zipName!)], { stdio: 'ignore' })
    const [inner] = readdirSync(out)
    expect(inner).toMatch(/^社区工作台备份-.*\.sqlite$/)
    const opened = await openDatabase(join(out, inner!))
    expect(await opened.db.selectFrom('residents').select(['name', 'phone']).execute()).toEqual([
      { name: '王芳', phone: '13812345678' },
    ])
    await opened.close()
    const log = await t.db.selectFrom('audit_log').select(['action', 'entity', 'detail']).execute()
    expect(log).toEqual([
      { action: '导出', entity: '加密归档（数据文件）', detail: expect.stringContaining('AES-256') },
    ])
    expect(JSON.stringify(log)).not.toContain('Office-2026')
  })
})
