import { createHash } from 'node:crypto'
import { closeSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import sqlite3 from 'sqlite3'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { chromiumPath, closeBrowser, screenshot, startApp, type TestApp } from './support/app'
import { addBuilding, expectToast, nav, openCommunity, seedThroughApi } from './support/community'

/** Runs one query on a file opened read-only, so checking a backup can never change it. */
function readOnlyQuery<T>(file: string, query: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (openErr) => {
      if (openErr) return reject(openErr)
      db.all(query, (err, rows) => db.close(() => (err ? reject(err) : resolve(rows as T[]))))
    })
  })
}

const backupFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.sqlite'))
    .sort()

describe.skipIf(!chromiumPath)('数据与备份', () => {
  let app: TestApp

  beforeEach(async () => {
    app = await startApp()
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  it('立即备份：显示成功和上次备份，备份文件完好、楼栋一条不少；完整性检查通过', async () => {
    const { page, database, backupDir } = app
    await seedThroughApi(page, {
      grids: ['第一网格'],
      buildings: [
        { name: '1号楼', grid: '第一网格', households: 40, residents: 100 },
        { name: '2号楼', grid: null, households: 60, residents: 150 },
      ],
    })
    await openCommunity(page)
    await addBuilding(page, { name: '3组', grid: '第一网格', households: 25, residents: 70 })

    await nav(page, '数据与备份').click()
    const last = page.getByTestId('last-backup')
    await last.waitFor()
    expect(await last.innerText()).toBe('还没有备份过')
    expect(await page.getByTestId('data-file').innerText()).toBe(app.dbFile)
    expect(backupFiles(backupDir)).toEqual([])

    await page.getByRole('button', { name: '立即备份' }).click()
    const result = page.getByTestId('backup-result')
    await result.waitFor()
    await expectToast(page, '备份完成')
    const files = backupFiles(backupDir)
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(/^社区工作台备份-.+\.sqlite$/)
    const backupFile = join(backupDir, files[0]!)
    const resultText = await result.innerText()
    expect(resultText).toContain('备份完成')
    expect(resultText).toContain(backupFile)
    expect(resultText).toContain('正常')
    await expect.poll(() => last.innerText()).toContain('今天')
    expect(await last.innerText()).toContain(backupFile)
    expect(statSync(backupFile).size).toBeGreaterThan(0)
    await screenshot(page, '04-数据与备份-备份后')

    // The copy opens, passes integrity_check, and holds the same buildings as the live file.
    const check = await readOnlyQuery<{ integrity_check: string }>(backupFile, 'pragma integrity_check')
    expect(check).toEqual([{ integrity_check: 'ok' }])
    const live = await database.db.selectFrom('buildings').selectAll().orderBy('id').execute()
    expect(live.map((b) => b.name)).toEqual(['1号楼', '2号楼', '3组'])
    const copied = await readOnlyQuery(backupFile, 'select * from buildings order by id')
    expect(copied).toEqual(live)
    const copiedProfile = await readOnlyQuery<{ name: string }>(backupFile, 'select name from community')
    expect(copiedProfile).toEqual([{ name: '幸福里社区' }])
    const logged = await database.db.selectFrom('backups').select(['path', 'integrity']).execute()
    expect(logged).toEqual([{ path: backupFile, integrity: 'ok' }])

    await page.getByRole('button', { name: '开始检查' }).click()
    const checkResult = page.getByTestId('check-result')
    await checkResult.waitFor()
    expect(await checkResult.innerText()).toContain('检查通过')

    // The home page no longer nags about backups.
    await nav(page, '首页').click()
    await page.getByText('上次备份').waitFor()
    await expect
      .poll(() => page.locator('.tile', { hasText: '上次备份' }).innerText())
      .toMatch(/\d{4}年\d{1,2}月\d{1,2}日/)
    expect(await page.getByText('建议每周备份一次数据').count()).toBe(0)
    expect(app.pageErrors).toEqual([])
  })

  it('再备份一次：得到第二个文件，第一个备份保持当时的样子', async () => {
    const { page, backupDir } = app
    await seedThroughApi(page, {
      grids: [],
      buildings: [{ name: '1号楼', grid: null, households: 40, residents: 100 }],
    })
    await nav(page, '数据与备份').click()
    await page.getByRole('button', { name: '立即备份' }).click()
    await page.getByTestId('backup-result').waitFor()
    await expect.poll(() => backupFiles(backupDir).length).toBe(1)
    const first = join(backupDir, backupFiles(backupDir)[0]!)

    await seedThroughApi(page, { grids: [], buildings: [{ name: '2号楼', grid: null, households: 5, residents: 9 }] })
    await page.getByRole('button', { name: '立即备份' }).click()
    await expect.poll(() => backupFiles(backupDir).length).toBe(2)
    const second = backupFiles(backupDir)
      .map((f) => join(backupDir, f))
      .find((f) => f !== first)!
    await expect.poll(() => page.getByTestId('last-backup').innerText()).toContain(second)

    expect(await readOnlyQuery(first, 'select name from buildings order by name')).toEqual([{ name: '1号楼' }])
    expect(await readOnlyQuery(second, 'select name from buildings order by name')).toEqual([
      { name: '1号楼' },
      { name: '2号楼' },
    ])
  })

  it('从备份恢复：选一份备份，检查，恢复；界面显示备份里的资料，恢复前的数据另存一份', async () => {
    const { page, backupDir, database } = app
    await seedThroughApi(page, {
      grids: [],
      buildings: [{ name: '备份前的楼', grid: null, households: 40, residents: 100 }],
    })
    await nav(page, '数据与备份').click()
    await page.getByRole('button', { name: '立即备份' }).click()
    await page.getByTestId('backup-result').waitFor()
    const backupName = backupFiles(backupDir)[0]!
    // After the backup, more work is done — the restore must take it away (kept aside).
    await seedThroughApi(page, {
      grids: [],
      buildings: [{ name: '备份后的楼', grid: null, households: 5, residents: 9 }],
    })

    const list = page.getByTestId('backup-list')
    await expect.poll(() => list.innerText()).toContain(backupName)
    await screenshot(page, '04-数据与备份-恢复列表')
    await page.getByRole('button', { name: `检查并恢复 ${backupName}` }).click()
    const confirm = page.getByTestId('restore-confirm')
    await confirm.waitFor()
    expect(await confirm.innerText()).toContain('检查通过')
    expect(await confirm.innerText()).toContain('幸福里社区')
    await screenshot(page, '04-数据与备份-恢复确认')
    await page.getByRole('button', { name: '恢复这份备份' }).click()

    const done = page.getByTestId('restore-result')
    await done.waitFor()
    const doneText = await done.innerText()
    expect(doneText).toContain(join(backupDir, backupName))
    expect(doneText).toMatch(/恢复前-\d{8}-\d{6}\.sqlite/)
    await screenshot(page, '04-数据与备份-恢复后')
    expect(await page.getByTestId('last-backup').innerText()).toContain(backupName)

    // The screens read the restored file.
    await openCommunity(page)
    await page.getByText('备份前的楼').waitFor()
    expect(await page.getByText('备份后的楼').count()).toBe(0)
    const names = (await database.db.selectFrom('buildings').select('name').execute()).map((b) => b.name)
    expect(names).toEqual(['备份前的楼'])
    // The data as it was before the restore is kept beside the file, whole.
    const kept = readdirSync(join(app.dbFile, '..')).filter((f) => /恢复前-.+\.sqlite$/.test(f))
    expect(kept).toHaveLength(1)
    const keptRows = await readOnlyQuery<{ name: string }>(
      join(app.dbFile, '..', kept[0]!),
      'select name from buildings order by id',
    )
    expect(keptRows.map((r) => r.name)).toEqual(['备份前的楼', '备份后的楼'])
    expect(app.pageErrors).toEqual([])
  })
  it('检查发现损坏：数据与备份和首页都说清楚怎么办，首页的按钮带到恢复', async () => {
    const { page, database } = app
    await seedThroughApi(page, {
      grids: ['第一网格'],
      buildings: [{ name: '1号楼', grid: '第一网格', households: 40, residents: 100 }],
    })
    // A failing disk: a page of the audit log (no screen here reads it) turns to garbage on disk.
    const { rows } = await sql<{
      rootpage: number
    }>`select rootpage from sqlite_schema where name = 'audit_log'`.execute(database.db)
    await sql`pragma wal_checkpoint(truncate)`.execute(database.db)
    const pageSize = readFileSync(app.dbFile).readUInt16BE(16)
    const fd = openSync(app.dbFile, 'r+')
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rows[0]!.rootpage - 1) * pageSize)
    closeSync(fd)

    await nav(page, '数据与备份').click()
    await page.getByTestId('last-check').waitFor()
    expect(await page.getByTestId('damage-notice').count()).toBe(0)
    await page.getByRole('button', { name: '开始检查' }).click()
    const checkResult = page.getByTestId('check-result')
    await checkResult.waitFor()
    expect(await checkResult.innerText()).toContain('从损坏之前的备份恢复')
    const notice = page.getByTestId('damage-notice')
    await notice.waitFor()
    expect(await notice.innerText()).toContain('从备份恢复')
    // SQLite's own (English) words went to the log: the clerk reads Chinese only.
    expect(await checkResult.innerText()).not.toMatch(/[A-Za-z]{3,}/)
    expect(await notice.innerText()).not.toMatch(/[A-Za-z]{3,}/)
    await screenshot(page, '04-数据与备份-发现损坏')

    await nav(page, '首页').click()
    const home = page.getByTestId('home-damage-notice')
    await home.waitFor()
    expect(await home.innerText()).toContain('不要继续录入')
    await screenshot(page, '01-首页-发现损坏')
    await home.getByRole('link', { name: '去数据与备份恢复' }).click()
    await page.getByRole('heading', { name: '从备份恢复' }).waitFor()
    expect(page.url()).toMatch(/#\/data$/)
    expect(app.pageErrors).toEqual([])
  })
  it('附件：凭证文件打开、另存前先核对指纹，被改动的会提示；备份把附件一起带走', async () => {
    const { page, backupDir, exportDir } = app
    // A sub-fund and a donation exist already (the fund's own screen makes them: e2e/fund.test.ts).
    const entryId = await page.evaluate(async () => {
      const unwrap = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
        if (!r.ok) throw new Error(r.message)
        return r.value
      }
      const s = unwrap(await window.api.fund.createSubfund({ name: '综合', restriction: '非限定性', purpose: '' }))
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
      const e = unwrap(
        await window.api.fund.post({
          subfundId: s.id,
          kind: '捐赠',
          entryDate: today,
          amount: '1000',
          counterparty: '王建国',
          partyType: '个人',
          partyNamed: false,
          voucherNo: '',
          summary: '',
        }),
      )
      return e.id
    })
    await page.goto(`${app.url}/#/fund/entries/${entryId}`)
    await page.getByTestId('entry-title').waitFor()
    const content = Buffer.from('银行回单：王建国 ¥1,000.00')
    await page.locator('#evidence-file').setInputFiles({ name: '回单.png', mimeType: 'image/png', buffer: content })
    await expectToast(page, '已保存 1 个附件')
    const store = join(dirname(app.dbFile), `${basename(app.dbFile, '.sqlite')}-附件`)
    const stored = join(store, `${createHash('sha256').update(content).digest('hex')}.png`)
    expect(readFileSync(stored)).toEqual(content)

    await page.getByRole('button', { name: '打开 回单.png' }).click()
    await expectToast(page, `已打开：${join(exportDir, '回单.png')}`)
    await page.getByRole('button', { name: '另存 回单.png' }).click()
    await expectToast(page, `已另存到：${join(exportDir, '回单-2.png')}`)
    expect(readFileSync(join(exportDir, '回单-2.png'))).toEqual(content)

    // Changed outside the app: reported, not handed out.
    writeFileSync(stored, '被改过的内容')
    await page.getByRole('button', { name: '打开 回单.png' }).click()
    await expect.poll(() => page.getByRole('alert').first().innerText()).toContain('和保存时不一样了（校验码不符）')
    await screenshot(page, '05-公益基金-附件被改动')
    writeFileSync(stored, content)

    await nav(page, '数据与备份').click()
    await page.getByRole('button', { name: '立即备份' }).click()
    await page.getByTestId('backup-result').waitFor()
    const files = backupFiles(backupDir)
    expect(files).toHaveLength(1)
    const backupStore = join(backupDir, `${files[0]!.replace(/\.sqlite$/, '')}-附件`)
    expect(await page.getByTestId('backup-attachments').innerText()).toContain('附件 1 个')
    expect(await page.getByTestId('backup-attachments').innerText()).toContain(backupStore)
    expect(readFileSync(join(backupStore, basename(stored)))).toEqual(content)
    await screenshot(page, '04-数据与备份-备份带附件')
    expect(app.pageErrors).toEqual([])
  })
})
