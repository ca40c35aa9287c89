import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { chromiumPath, closeBrowser, screenshot, startApp, type TestApp } from './support/app'
import { dialog, openCommunity, seedThroughApi } from './support/community'

const SWITCH_NAME = '适老模式（大字）'

function elderSwitch(page: Page) {
  return page.getByRole('switch', { name: SWITCH_NAME })
}

/** The visible el-switch around the (visually hidden) switch input. */
function elderSwitchTrack(page: Page) {
  return page.locator('.el-switch', { has: elderSwitch(page) })
}

function rootState(page: Page) {
  return page.evaluate(() => ({
    elder: document.documentElement.classList.contains('elder-mode'),
    fontSize: getComputedStyle(document.documentElement).fontSize,
  }))
}

/** Computed font sizes (px) of the things a clerk reads and types into on 社区档案. */
function formFontSizes(page: Page) {
  return page.evaluate(() => {
    const px = (selector: string) => {
      const el = document.querySelector(selector)
      if (!el) throw new Error(`没有找到 ${selector}`)
      return parseFloat(getComputedStyle(el).fontSize)
    }
    return {
      label: px('.el-form-item__label'),
      input: px('.el-input__inner'),
      radio: px('.el-radio__label'),
      button: px('.el-button'),
      tableCell: px('.el-table td'),
      title: px('.page-title'),
    }
  })
}

describe.skipIf(!chromiumPath)('适老模式与键盘操作', () => {
  let app: TestApp

  beforeEach(async () => {
    app = await startApp()
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  it('打开适老模式：整页字变大（16px → 20px），存进数据文件，刷新后仍然打开；关掉后恢复', async () => {
    const { page, database } = app
    await seedThroughApi(page, {
      grids: ['第一网格'],
      buildings: [{ name: '1号楼', grid: '第一网格', households: 40, residents: 100 }],
    })
    await openCommunity(page)
    expect(await rootState(page)).toEqual({ elder: false, fontSize: '16px' })
    expect(await elderSwitch(page).getAttribute('aria-checked')).toBe('false')
    const before = await formFontSizes(page)

    await elderSwitchTrack(page).click()
    await expect.poll(() => rootState(page)).toEqual({ elder: true, fontSize: '20px' })
    expect(await elderSwitch(page).getAttribute('aria-checked')).toBe('true')
    // Everything grows, including Element Plus's form labels, text boxes and radios.
    // (polled: el-button animates its font-size for 0.1 s)
    const notGrown = async () => {
      const now = await formFontSizes(page)
      return (Object.keys(before) as Array<keyof typeof before>).filter((key) => !(now[key] > before[key]))
    }
    await expect.poll(notGrown).toEqual([])
    const after = await formFontSizes(page)
    expect(after.label).toBeGreaterThanOrEqual(20)
    expect(after.input).toBeGreaterThanOrEqual(20)
    await expect
      .poll(() => database.db.selectFrom('settings').select('value').where('key', '=', 'ui').executeTakeFirst())
      .toEqual({ value: JSON.stringify({ elderMode: true }) })
    await screenshot(page, '05-适老模式-社区档案')

    // The building dialog and its error in large print.
    await page.getByRole('button', { name: '新增楼栋' }).click()
    const d = dialog(page, '新增楼栋')
    await d.waitFor()
    await d.getByRole('button', { name: '保存' }).click()
    await d.locator('.el-alert--error').waitFor()
    const alertSize = await d.locator('.el-alert__title').evaluate((e) => parseFloat(getComputedStyle(e).fontSize))
    expect(alertSize).toBeGreaterThanOrEqual(20)
    await screenshot(page, '07-适老模式-楼栋对话框')
    await d.getByRole('button', { name: '取消' }).click()
    await d.waitFor({ state: 'hidden' })

    await page.reload()
    await page.getByTestId('total-households').waitFor()
    await expect.poll(() => rootState(page)).toEqual({ elder: true, fontSize: '20px' })
    await expect.poll(() => elderSwitch(page).getAttribute('aria-checked')).toBe('true')

    // The home screen in 适老模式.
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '首页' }).click()
    await page.getByText('总户数').waitFor()
    await screenshot(page, '06-适老模式-首页')

    await elderSwitchTrack(page).click()
    await expect.poll(() => rootState(page)).toEqual({ elder: false, fontSize: '16px' })
    await expect
      .poll(() => database.db.selectFrom('settings').select('value').where('key', '=', 'ui').executeTakeFirst())
      .toEqual({ value: JSON.stringify({ elderMode: false }) })
    await page.reload()
    await page.getByText('总户数').waitFor()
    expect(await rootState(page)).toEqual({ elder: false, fontSize: '16px' })
    expect(app.pageErrors).toEqual([])
  })

  it('只用键盘：Tab 先到“跳到正文”，再到左侧菜单，按 Enter 打开社区档案', async () => {
    const { page } = app
    await page.getByText('总户数').waitFor()
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null
        return { tag: el?.tagName ?? '', text: el?.innerText.trim() ?? '', inNav: !!el?.closest('nav') }
      })

    await page.keyboard.press('Tab')
    expect(await focused()).toMatchObject({ tag: 'A', text: '跳到正文' })
    // The skip link is visible while focused (it sits off-screen otherwise).
    const box = await page.getByRole('link', { name: '跳到正文' }).boundingBox()
    expect(box!.x).toBeGreaterThanOrEqual(0)

    // Every following Tab stays in the sidebar menu, in its order, until 社区档案.
    const menu = (await page.getByRole('navigation', { name: '主菜单' }).getByRole('link').allInnerTexts()).map((t) =>
      t.trim(),
    )
    expect(menu).toContain('社区档案')
    const seen: string[] = []
    for (let i = 0; i < menu.length && (await focused()).text !== '社区档案'; i++) {
      await page.keyboard.press('Tab')
      const f = await focused()
      expect(f.inNav, `第 ${i + 2} 次 Tab 应当还在左侧菜单里`).toBe(true)
      seen.push(f.text)
    }
    expect(seen).toEqual(menu.slice(0, menu.indexOf('社区档案') + 1))
    expect(seen[0]).toBe('首页')
    // Keyboard focus is visible: the outline is drawn.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
    expect(outline).not.toBe('none')

    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.hash === '#/community')
    await page.getByRole('heading', { name: '基本信息' }).waitFor()
    expect(await page.locator('.page-title').innerText()).toBe('社区档案')
    expect(await page.title()).toBe('社区档案 · 社区工作台')
    expect(await page.locator('.nav-link[aria-current="page"]').innerText()).toBe('社区档案')

    // “跳到正文” moves focus into the content and stays on this screen.
    await page.reload()
    await page.getByRole('heading', { name: '基本信息' }).waitFor()
    await page.keyboard.press('Tab')
    expect((await focused()).text).toBe('跳到正文')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main')
    expect(new URL(page.url()).hash).toBe('#/community')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name')
    expect(app.pageErrors).toEqual([])
  })

  it('适老模式开关可以用键盘（空格键）切换', async () => {
    const { page } = app
    await page.getByText('总户数').waitFor()
    await elderSwitch(page).focus()
    await page.keyboard.press('Space')
    await expect.poll(() => rootState(page)).toEqual({ elder: true, fontSize: '20px' })
    await page.keyboard.press('Space')
    await expect.poll(() => rootState(page)).toEqual({ elder: false, fontSize: '16px' })
  })
})
