import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumPath, closeBrowser, SCREENSHOT_DIR, startApp, type TestApp } from './support/app'

/**
 * The sidebar is built from the modules' routes: one titled list per module group, in the
 * groups' order, with no group for a module that is not built yet. Every link is reached by Tab
 * and shows where the focus is; in 适老模式 on a 1366×768 screen every link can be seen (the
 * sidebar scrolls on its own, nothing is cut off).
 */

const EXPECTED = [
  {
    group: '议事协商',
    entries: ['议题征集', '议事会日程', '决议督办', '待告知居民', '数据看板', '议事会成员', '节假日安排'],
  },
  { group: '合伙人与基金', entries: ['合伙人', '合作协议', '公益基金', '基金对账'] },
  { group: '调解', entries: ['调解案卷', '调解统计'] },
  { group: '提案大赛', entries: ['提案大赛'] },
  // 设置 is the 管理员's: it shows here because an office that has named nobody works as one.
  { group: '基础资料', entries: ['居民名册', '社区档案', '数据与备份', '设置'] },
]
// Every module of the design is built now; a group without screens would be hidden.
const NOT_YET: string[] = []

/** The sidebar as a clerk reads it: each group's heading and the links of its list. */
function readSidebar(page: Page) {
  return page.evaluate(() => {
    const nav = document.querySelector('nav[aria-label="主菜单"]')!
    return [...nav.querySelectorAll('ul[aria-labelledby]')].map((list) => ({
      group: document.getElementById(list.getAttribute('aria-labelledby')!)?.textContent?.trim() ?? '',
      entries: [...list.querySelectorAll('a')].map((a) => a.textContent!.trim()),
    }))
  })
}

/** Tabs from the skip link through the sidebar; returns each focused link's text, whether it is
 * inside the visible part of the sidebar, and whether a focus outline is drawn. */
async function tabThroughSidebar(page: Page, count: number, elder: boolean) {
  // A fresh load puts the keyboard at the top of the page: the first Tab is 跳到正文.
  await page.reload()
  await page.getByRole('navigation', { name: '主菜单' }).waitFor()
  await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('elder-mode'))).toBe(elder)
  await page.keyboard.press('Tab')
  expect(await page.evaluate(() => (document.activeElement as HTMLElement).innerText.trim())).toBe('跳到正文')
  const seen: Array<{ text: string; inView: boolean; outline: string }> = []
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab')
    seen.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement
        const bar = el.closest('.sidebar')!.getBoundingClientRect()
        const r = el.getBoundingClientRect()
        return {
          text: el.innerText.trim(),
          inView: r.top >= bar.top - 1 && r.bottom <= bar.bottom + 1 && r.bottom <= window.innerHeight + 1,
          outline: getComputedStyle(el).outlineStyle,
        }
      }),
    )
  }
  return seen
}

describe.skipIf(!chromiumPath)('左侧菜单：按模块分组，键盘可达，适老模式下不被截掉', () => {
  let app: TestApp
  const allLinks = ['首页', ...EXPECTED.flatMap((g) => g.entries)]

  beforeAll(async () => {
    app = await startApp()
  })
  afterAll(async () => {
    await app?.close()
    await closeBrowser()
  })

  it('分组按“议事协商 → 基础资料”排列，每组有标题；还没做的模块不出现', async () => {
    const { page } = app
    expect(await readSidebar(page)).toEqual(EXPECTED)
    const nav = page.getByRole('navigation', { name: '主菜单' })
    for (const g of EXPECTED) {
      await nav.getByRole('heading', { name: g.group }).waitFor()
      expect(await nav.getByRole('list', { name: g.group }).getByRole('link').allInnerTexts()).toEqual(g.entries)
    }
    for (const name of NOT_YET) expect(await nav.getByText(name).count()).toBe(0)
    // 节假日安排 has its own link and is the one marked when its page is open, not 议事会日程.
    await nav.getByRole('link', { name: '节假日安排' }).click()
    await page.waitForURL((url) => url.hash.startsWith('#/meetings/holidays'))
    expect(await page.locator('.nav-link[aria-current="page"]').allInnerTexts()).toEqual(['节假日安排'])
    expect(await page.locator('.page-title').innerText()).toBe('节假日安排')
  })

  it('普通模式 1366×768：Tab 依次走过每个菜单项，焦点框看得见', async () => {
    const { page } = app
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.goto(`${app.url}/#/`)
    const seen = await tabThroughSidebar(page, allLinks.length, false)
    expect(seen.map((s) => s.text)).toEqual(allLinks)
    for (const s of seen) expect(s.outline, s.text).not.toBe('none')
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'sidebar-普通-1366x768.png') })
  })

  it('适老模式 1366×768：每个菜单项都能滚到眼前，Tab 到哪里就看得到哪里；Enter 打开', async () => {
    const { page } = app
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.goto(`${app.url}/#/`)
    await page.locator('.elder-switch .el-switch').click()
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('elder-mode'))).toBe(true)
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'sidebar-适老-1366x768-上.png') })

    // The sidebar never reaches below the window; what does not fit scrolls inside it.
    const bar = await page.locator('.sidebar').evaluate((el) => ({
      bottom: el.getBoundingClientRect().bottom,
      overflowY: getComputedStyle(el).overflowY,
      scrolls: el.scrollHeight > el.clientHeight,
    }))
    expect(bar.bottom).toBeLessThanOrEqual(768)
    if (bar.scrolls) expect(bar.overflowY).toBe('auto')

    const seen = await tabThroughSidebar(page, allLinks.length, true)
    expect(seen.map((s) => s.text)).toEqual(allLinks)
    for (const s of seen) {
      expect(s.inView, `${s.text} 获得焦点时应当在眼前`).toBe(true)
      expect(s.outline, s.text).not.toBe('none')
    }
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'sidebar-适老-1366x768-下.png') })

    // Each link scrolled into view is entirely visible and opens its page.
    for (const label of allLinks) {
      const link = page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: label, exact: true })
      await link.scrollIntoViewIfNeeded()
      const box = (await link.boundingBox())!
      expect(box.y, label).toBeGreaterThanOrEqual(0)
      expect(box.y + box.height, label).toBeLessThanOrEqual(768)
    }
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '数据与备份' }).focus()
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.hash === '#/data')
    expect(await page.locator('.nav-link[aria-current="page"]').innerText()).toBe('数据与备份')
  })
})
