import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { chromiumPath, closeBrowser, screenshot, startApp, type TestApp } from './support/app'
import { dialog, nav } from './support/community'

/**
 * Date pickers everywhere: the week starts on Monday (as 议事会日程 does), and in 适老模式 their
 * pop-ups are as large as the rest of the screen (they were 12px) and still fit in the window.
 */

/** The open date pop-up's day-name row, its day numbers' font size, and whether it fits the window. */
async function openPanel(page: Page) {
  const panel = page.locator('.el-picker-panel:visible').last()
  await panel.waitFor()
  await page.waitForTimeout(300) // the pop-up's fade-in
  return panel.evaluate((el) => {
    const heads = [...el.querySelectorAll('.el-date-table th')].slice(0, 7).map((th) => th.textContent?.trim() ?? '')
    const day = el.querySelector(
      '.el-date-table td .el-date-table-cell__text, .el-month-table td .el-date-table-cell__text',
    )
    const box = el.getBoundingClientRect()
    return {
      heads,
      dayFont: day ? parseFloat(getComputedStyle(day).fontSize) : 0,
      fits: box.left >= 0 && box.top >= 0 && box.right <= window.innerWidth && box.bottom <= window.innerHeight,
      // Every day cell is at least as wide as its number.
      cramped: [...el.querySelectorAll<HTMLElement>('.el-date-table-cell__text')].some(
        (t) => t.scrollWidth > t.clientWidth + 1,
      ),
    }
  })
}

describe.skipIf(!chromiumPath)('日期选择：周一开头；适老模式下弹出的日历也放大', () => {
  let app: TestApp

  beforeEach(async () => {
    app = await startApp()
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  for (const elder of [false, true]) {
    it(elder ? '适老模式：日期弹窗字号 ≥ 20px，周一开头，不超出窗口' : '普通模式：日期弹窗周一开头', async () => {
      const { page } = app
      await page.setViewportSize({ width: 1366, height: 768 })
      if (elder) {
        await page.locator('.elder-switch .el-switch').click()
        await expect
          .poll(() => page.evaluate(() => document.documentElement.classList.contains('elder-mode')))
          .toBe(true)
      }
      const minFont = elder ? 20 : 12
      const monday = ['一', '二', '三', '四', '五', '六', '日']

      // 新建会议 → 日期
      await nav(page, '议事会日程').click()
      await page.getByRole('button', { name: '新建会议', exact: true }).click()
      const d = dialog(page, '新建会议')
      await d.waitFor()
      await d.locator('.el-form-item').filter({ hasText: '日期' }).first().locator('input').click()
      const single = await openPanel(page)
      await screenshot(page, `date-picker-${elder ? '适老' : '普通'}`)
      expect(single.heads).toEqual(monday)
      expect(single.dayFont).toBeGreaterThanOrEqual(minFont)
      expect(single.fits).toBe(true)
      expect(single.cramped).toBe(false)
      await page.keyboard.press('Escape')
      await page.keyboard.press('Escape')
      await d.waitFor({ state: 'hidden' })

      // 议题征集 → 收到日期 (two months side by side)
      await nav(page, '议题征集').click()
      await page.locator('.topic-dates input').first().click()
      const range = await openPanel(page)
      await screenshot(page, `date-range-picker-${elder ? '适老' : '普通'}`)
      expect(range.heads).toEqual(monday)
      expect(range.dayFont).toBeGreaterThanOrEqual(minFont)
      expect(range.fits).toBe(true)
      expect(range.cramped).toBe(false)
      await page.keyboard.press('Escape')
    })
  }
})
