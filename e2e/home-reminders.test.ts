import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateCommunity } from '../electron/demo/generate-community'
import { chromiumPath, closeBrowser, screenshot, startApp, type TestApp } from './support/app'
import { nav } from './support/community'

/**
 * 首页「待办提醒」: each tile opens the list filtered to exactly the records it counts (a demo
 * community has some of each), and the list says it is filtered.
 */

const TILES = [
  { label: '议题待处理', total: 'topic-total', unit: '条' },
  { label: '转办已超时', total: 'topic-total', unit: '条' },
  { label: '决议已逾期', total: 'resolution-total', unit: '项' },
  { label: '待告知居民', total: 'to-tell-total', unit: '项' },
] as const

function tile(page: Page, label: string) {
  return page.locator('a.todo').filter({ has: page.locator('.tile-label', { hasText: label }) })
}

async function tileCount(page: Page, label: string): Promise<number> {
  return Number(await tile(page, label).locator('.tile-value').innerText())
}

async function listCount(page: Page, testId: string): Promise<number> {
  const text = await page.getByTestId(testId).innerText()
  return Number(/共\s*(\d+)/.exec(text)?.[1] ?? NaN)
}

describe.skipIf(!chromiumPath)('首页待办提醒打开的正是它数到的记录', () => {
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

  it('每个提醒：列表条数等于提醒上的数字；“转办已超时”显示为可取消的筛选', async () => {
    const { page } = app
    await page.locator('a.todo').first().waitFor()
    await screenshot(page, 'home-reminders')
    const all = await (async () => {
      await nav(page, '议题征集').click()
      await expect.poll(() => listCount(page, 'topic-total')).toBeGreaterThan(0)
      return listCount(page, 'topic-total')
    })()

    for (const t of TILES) {
      await nav(page, '首页').click()
      await tile(page, t.label).waitFor()
      const n = await tileCount(page, t.label)
      expect(n, t.label).toBeGreaterThan(0)
      await tile(page, t.label).click()
      await expect.poll(() => listCount(page, t.total), { message: t.label }).toBe(n)
      expect(n).toBeLessThan(t.total === 'topic-total' ? all : Infinity)
    }

    // 转办已超时: the list says so in a chip; every row is routed and late; × lifts the filter.
    await nav(page, '首页').click()
    const late = await tileCount(page, '转办已超时')
    await tile(page, '转办已超时').click()
    await expect.poll(() => listCount(page, 'topic-total')).toBe(late)
    const chip = page.getByTestId('filter-chip')
    expect(await chip.innerText()).toContain('只看转办已超时')
    const states = await page.locator('.el-table__body tr').allInnerTexts()
    expect(states.length).toBe(Math.min(late, 20))
    for (const row of states) expect(row).toContain('已超时')
    await screenshot(page, 'topics-overdue-routing')
    // The filter lives in the address: reloading the page shows the same list and chip.
    expect(page.url()).toContain('overdueRouting=1')
    await page.reload()
    await expect.poll(() => listCount(page, 'topic-total')).toBe(late)
    expect(await chip.innerText()).toContain('只看转办已超时')
    // Keyboard: the chip's × is a button.
    await chip.getByRole('button', { name: '取消筛选：只看转办已超时' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => listCount(page, 'topic-total')).toBe(all)
    expect(await chip.count()).toBe(0)

    // 决议已逾期: the status filter shows 逾期.
    await nav(page, '首页').click()
    await tile(page, '决议已逾期').click()
    await expect.poll(() => page.getByTestId('filter-status').innerText()).toContain('逾期')
  })
})

describe.skipIf(!chromiumPath)('首页待办提醒超过 999 条', () => {
  let app: TestApp
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  it('一千条以上的提醒显示“999+”（读屏念“超过 999”），打开的列表写出准确的条数', async () => {
    app = await startApp()
    const { page } = app
    const db = app.database.db
    await generateCommunity(db, { years: 1, meetingsPerYear: 5, residents: 100, topics: 1100, resolutions: 5 })
    // More than a thousand topics waiting: every live topic of the community.
    await db.updateTable('topics').set({ status: '征集中' }).where('voided_at', 'is', null).execute()
    const waiting = (await db.selectFrom('topics').select('id').where('voided_at', 'is', null).execute()).length
    expect(waiting).toBeGreaterThan(999)
    await page.reload()
    await tile(page, '议题待处理').waitFor()
    const value = tile(page, '议题待处理').locator('.tile-value')
    expect(await value.locator('[aria-hidden="true"]').innerText()).toBe('999+')
    expect(await value.locator('.visually-hidden').textContent()).toBe('超过 999')
    await screenshot(page, 'home-reminders-capped')
    await tile(page, '议题待处理').focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => listCount(page, 'topic-total')).toBe(waiting)
  })
})
