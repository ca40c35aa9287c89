import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateCommunity } from '../electron/demo/generate-community'
import { chromiumPath, closeBrowser, screenshot, startApp, type TestApp } from './support/app'
import { dialog, nav } from './support/community'

/**
 * What a clerk sees after pressing a button: the error of a tall dialog in view and gone once the
 * field is put right; keyboard focus kept on 保存签到 / 保存表决结果 / 保存纪要; a new page opening
 * at its top; moments on the resolution page written like the rest of the app.
 */

async function inViewport(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox()
  const vp = page.viewportSize()!
  return !!box && box.y >= 0 && box.y + box.height <= vp.height
}

/** What has keyboard focus: 'BODY' when it fell to the page, else the element's text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const a = document.activeElement
    return !a || a === document.body ? 'BODY' : (a as HTMLElement).innerText.trim()
  })
}

describe.skipIf(!chromiumPath)('按下按钮之后：错误看得见、改对就消失、焦点不丢、新页面从顶部开始', () => {
  let app: TestApp

  beforeEach(async () => {
    app = await startApp()
    await generateCommunity(app.database.db, {
      years: 1,
      meetingsPerYear: 40,
      buildings: 6,
      households: 200,
      residents: 300,
      topics: 150,
      resolutions: 40,
    })
    await app.page.reload()
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  it('高的对话框：出错时错误框滚到眼前；改好那一栏（下拉选择）后错误框消失', async () => {
    const { page } = app
    // A 1366×768 screen less the taskbar and the window's title bar.
    await page.setViewportSize({ width: 1366, height: 600 })
    await page.locator('.elder-switch .el-switch').click()
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('elder-mode'))).toBe(true)
    await nav(page, '议题征集').click()
    await page.getByRole('button', { name: '登记议题' }).click()
    const d = dialog(page, '登记议题')
    await d.waitFor()
    await d.locator('label', { hasText: '匿名（不留姓名）' }).click()
    await d.getByLabel('问题描述').fill('3号楼楼道灯坏了一个多星期，晚上看不见台阶')
    // The dialog is taller than the window: the clerk scrolls down to 保存, past the top of the form.
    const overlay = page.locator('.el-overlay-dialog').filter({ has: d })
    expect(await overlay.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true)
    await overlay.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    expect(await inViewport(page, d.locator('.el-dialog__header'))).toBe(false)
    await d.getByRole('button', { name: '保存' }).click()
    const alert = d.getByRole('alert')
    await expect.poll(() => alert.innerText()).toContain('分类')
    await expect.poll(() => inViewport(page, alert)).toBe(true)
    await screenshot(page, 'tall-dialog-error')

    // The field named is a drop-down: choosing in its pop-up fires no input event in the form.
    await d.locator('.category-select .el-select__wrapper').click()
    const option = page.getByRole('option', { name: /^环境卫生/ })
    await option.click()
    await option.waitFor({ state: 'hidden' })
    await expect.poll(() => alert.count()).toBe(0)
  })

  it('保存签到、保存表决结果、保存纪要以后，键盘焦点还在按钮上（不掉到页面）', async () => {
    const { page, database, url } = app
    // A meeting that has been held and whose minutes are still open.
    const m = await database.db
      .selectFrom('meetings as m')
      .innerJoin('agenda_items as a', 'a.meeting_id', 'm.id')
      .select('m.id')
      .where('m.status', '=', '待整理纪要')
      .where('a.type', '=', '表决')
      .executeTakeFirstOrThrow()

    await page.goto(`${url}/#/meetings/${m.id}?tab=attendance`)
    const saveAttendance = page.getByRole('button', { name: '保存签到' })
    await saveAttendance.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => saveAttendance.getAttribute('aria-disabled')).toBe('false')
    await expect.poll(() => focused(page)).toBe('保存签到')

    await page.goto(`${url}/#/meetings/${m.id}?tab=vote`)
    const voteButton = page
      .getByTestId('vote-card')
      .first()
      .getByRole('button', { name: /表决结果/ })
    await voteButton.waitFor()
    const label = (await voteButton.innerText()).trim()
    await voteButton.focus()
    await page.keyboard.press('Enter')
    await page.waitForTimeout(300)
    await expect.poll(() => voteButton.getAttribute('aria-disabled')).toBe('false')
    await expect.poll(() => focused(page)).toMatch(/表决结果/)
    expect(['保存表决结果', '修改表决结果']).toContain(label)

    await page.goto(`${url}/#/meetings/${m.id}?tab=minutes`)
    const saveMinutes = page.getByRole('button', { name: '保存纪要' })
    await saveMinutes.focus()
    await page.keyboard.press('Enter')
    await page.locator('.el-message').filter({ hasText: '纪要已保存' }).waitFor()
    await expect.poll(() => focused(page)).toBe('保存纪要')
  })

  it('换一个页面时从顶部开始，不停在上一页滚到的位置', async () => {
    const { page } = app
    const main = page.locator('#main')
    await nav(page, '议事会日程').click()
    await page.getByTestId('calendar-title').waitFor()
    await nav(page, '议题征集').click()
    await page.locator('.el-table__body tr').nth(10).waitFor()
    await main.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    expect(await main.evaluate((el) => el.scrollTop)).toBeGreaterThan(200)
    // The calendar draws at once and is long enough to keep part of the old position.
    await nav(page, '议事会日程').click()
    await page.getByTestId('calendar-title').waitFor()
    expect(await main.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeGreaterThan(30)
    expect(await main.evaluate((el) => el.scrollTop)).toBe(0)
  })

  it('决议页面上的时间写成“2026年12月8日 21:00”，不是“2026-12-08 21:00”', async () => {
    const { page, database, url } = app
    const r = await database.db
      .selectFrom('resolutions as r')
      .innerJoin('resolution_progress as p', 'p.resolution_id', 'r.id')
      .select('r.id')
      .executeTakeFirstOrThrow()
    await page.goto(`${url}/#/resolutions/${r.id}`)
    await page.getByText('作出决议').first().waitFor()
    const text = await page.locator('#main').innerText()
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/)
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/)
  })
})
