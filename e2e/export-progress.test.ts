import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import * as XLSX from 'xlsx'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nowIso, officeDate } from '../shared/time'
import { TOPIC_CHANNELS } from '../shared/followup-values'
import { generateCommunity } from '../electron/demo/generate-community'
import { chromiumPath, closeBrowser, screenshot, startApp, type TestApp } from './support/app'
import { expectToast, nav } from './support/community'

/**
 * An export runs in the background: after 导出台账 the window shows 导出进度 in its corner — rows
 * written of how many, with 取消 — while the clerk keeps working, and the file appears in the
 * host's export folder only once complete. 60,000 topics of today make the register take long
 * enough to watch (and to cancel): since register rows are written as sheet XML, 20,000 took
 * under a second, done before the first look.
 */
const N = 60_000

describe.skipIf(!chromiumPath)('导出进度与取消', () => {
  let app: TestApp

  beforeEach(async () => {
    app = await startApp()
    const db = app.database.db
    await generateCommunity(db, {
      years: 1,
      meetingsPerYear: 4,
      buildings: 2,
      households: 20,
      residents: 30,
      topics: 0,
      resolutions: 0,
    })
    const category = await db.selectFrom('topic_categories').select('id').executeTakeFirstOrThrow()
    const today = officeDate(nowIso())
    const year = Number(today.slice(0, 4))
    const known = await db
      .selectFrom('topics')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst()
    // Volume only: plain inserts in one transaction (the services are tested elsewhere).
    await db.transaction().execute(async (trx) => {
      for (let start = 0; start < N; start += 500) {
        await trx
          .insertInto('topics')
          .values(
            Array.from({ length: 500 }, (_, k) => ({
              year,
              seq: Number(known?.seq ?? 0) + start + k + 1,
              received_at: nowIso(),
              received_on: today,
              channel: TOPIC_CHANNELS[(start + k) % TOPIC_CHANNELS.length]!,
              resident_id: null,
              grid_id: null,
              building_id: null,
              category_id: category.id,
              urgency: '一般',
              description: `第${start + k + 1}件：楼道堆放杂物很久没人清理，影响通行，希望尽快处理`,
              status: '征集中' as const,
              created_at: nowIso(),
              updated_at: nowIso(),
            })),
          )
          .execute()
      }
    })
    await app.page.reload()
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  const files = () => (existsSync(app.exportDir) ? readdirSync(app.exportDir) : [])

  it('导出台账：角上显示进度（已写多少行），页面照常可用；完成后文件才出现，取消则什么也不留下', async () => {
    const { page } = app
    await nav(page, '议题征集').click()
    await page.getByRole('button', { name: '导出台账' }).click()

    const tray = page.getByRole('region', { name: '导出进度' })
    const running = tray.getByTestId('export-job-running')
    await expect.poll(() => running.innerText(), { timeout: 30_000 }).toMatch(new RegExp(`已写 [1-9]\\d* / ${N} 行`))
    // Nothing under the file's name while it is being written (looked at first: the rest takes time).
    expect(files().filter((f) => f.startsWith('议题征集台账'))).toEqual([])
    expect(await running.getByRole('progressbar').count()).toBe(1)
    await screenshot(page, '90-导出进度')
    // The clerk keeps working: another page opens while the export runs.
    await nav(page, '议事会日程').click()
    await page.getByTestId('calendar-title').waitFor()
    expect(await tray.isVisible()).toBe(true)

    const done = tray.getByTestId('export-job-done')
    await expect.poll(() => done.innerText(), { timeout: 60_000 }).toContain(`已导出 ${N} 条，文件已保存`)
    expect(await done.innerText()).toContain('（表格文件）')
    // The tray speaks Chinese only (kinds of file, not extensions; the page's own message has the path).
    expect(await tray.innerText()).not.toMatch(/[A-Za-z]{3,}/)
    const [saved] = files()
    expect(files()).toEqual([saved])
    expect(saved).toMatch(/^议题征集台账-\d{4}-01-01至\d{4}-\d{2}-\d{2}\.xlsx$/)
    const wb = XLSX.read(readFileSync(join(app.exportDir, saved!)), { type: 'buffer' })
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['议题征集台账']!, { header: 1, raw: false, defval: '' })
    expect(rows.find((r) => r[0] === '合计')?.[1]).toBe(`共 ${N} 件`)
    await screenshot(page, '91-导出完成')

    // Again, and 取消 while it runs (from the keyboard): no second file, no unfinished one.
    await nav(page, '议题征集').click()
    await page.getByRole('button', { name: '导出台账' }).click()
    const again = tray.getByTestId('export-job-running')
    await expect.poll(() => again.innerText(), { timeout: 30_000 }).toMatch(/已写 [1-9]\d* \//)
    await again.getByRole('button', { name: '取消' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => tray.getByTestId('export-job-running').count(), { timeout: 15_000 }).toBe(0)
    expect(files()).toEqual([saved])
    expect(app.pageErrors).toEqual([])
  })

  it('导出中U盘被拔出（保存的文件夹没了）：用中文说明原因，不留下文件', async () => {
    const { page } = app
    await nav(page, '议题征集').click()
    await page.getByRole('button', { name: '导出台账' }).click()
    const tray = page.getByRole('region', { name: '导出进度' })
    await expect
      .poll(() => tray.getByTestId('export-job-running').innerText(), { timeout: 30_000 })
      .toMatch(/已写 [1-9]\d* \//)
    rmSync(app.exportDir, { recursive: true, force: true })
    const failed = tray.getByTestId('export-job-failed')
    const message = '导出没有完成：保存文件的文件夹找不到了（U盘可能已经拔出）。请插好U盘或换一个位置后重新导出。'
    await expect.poll(() => failed.innerText(), { timeout: 60_000 }).toContain(message)
    expect(await failed.getAttribute('role')).toBe('alert')
    await expectToast(page, message)
    expect(existsSync(app.exportDir)).toBe(false)
    await screenshot(page, '92-导出失败')
    expect(app.pageErrors).toEqual([])
  })
})
