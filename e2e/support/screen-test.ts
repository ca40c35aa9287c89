import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, expect } from 'vitest'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { closeBrowser, englishOnScreen, screenshot, startApp, STATIC_DIR, type TestApp } from './app'

/**
 * What the screen tests of one subject spread over several files share: a fresh app per test with
 * a note of where the page was when a step failed, patient polling, and the form and agenda
 * locators.
 */

/** The current test's app (set by freshAppPerTest). */
export let app: TestApp

/**
 * Starts a fresh app before each test of the calling describe and closes it after; the shared
 * browser closes after the file. A failed step logs the address, the renderer's build time and the
 * page's errors, and screenshots the screen as `failShot`.
 */
export function freshAppPerTest(failShot: string): void {
  beforeEach(async ({ onTestFailed }) => {
    app = await startApp()
    // Say where the page was when a step timed out.
    onTestFailed(async () => {
      const built = statSync(join(STATIC_DIR, 'index.html')).mtime.toISOString()
      console.log(`失败时的地址：${app.page.url()}；界面构建于 ${built}；页面错误：${JSON.stringify(app.pageErrors)}`)
      await screenshot(app.page, failShot).catch(() => undefined)
    })
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)
}

/**
 * expect.poll with room for a busy machine (its own default is one second). The projector checks
 * pass their own, stricter limit.
 */
export const eventually: typeof expect.poll = (fn, options = {}) => expect.poll(fn, { timeout: 5000, ...options })

/**
 * English on screen, except "Enter": Element Plus's own zh-CN date tables read
 * “使用方向键与 Enter 键可选择日期” to screen readers, which names the key on the keyboard.
 */
export async function english(page: Page): Promise<string[]> {
  return (await englishOnScreen(page)).filter((w) => w !== 'Enter')
}

export function formItem(scope: Locator, label: string): Locator {
  return scope
    .locator('.el-form-item')
    .filter({ has: scope.page().locator('.el-form-item__label', { hasText: label }) })
}

export async function fillDate(scope: Locator, label: string, date: string) {
  const input = formItem(scope, label).locator('input').first()
  await input.fill(date)
  await input.press('Enter')
}

/** A row of a meeting's agenda, by its title. */
export function agendaRow(page: Page, title: string): Locator {
  return page
    .getByTestId('agenda-table')
    .locator('.el-table__body tr')
    .filter({ has: page.locator('td:nth-child(2)', { hasText: title }) })
}
