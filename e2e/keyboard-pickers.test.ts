import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateCommunity } from '../electron/demo/generate-community'
import { chromiumPath, closeBrowser, startApp, type TestApp } from './support/app'
import { dialog, nav } from './support/community'

/**
 * The drop-downs that search the roster as the clerk types (登记议题 → 反映人, 添加成员 → 居民),
 * used with the keyboard only: type a name, ArrowDown, Enter picks that person — never one from
 * an earlier answer (the whole roster, asked for when the list opened).
 */

/** A resident whose name nobody else has and who is not first on the roster (the roster sorts by building). */
async function uniqueResident(app: TestApp): Promise<string> {
  const rows = await app.database.db.selectFrom('residents').select(['id', 'name']).orderBy('id', 'desc').execute()
  const count = new Map<string, number>()
  for (const r of rows) count.set(r.name, (count.get(r.name) ?? 0) + 1)
  // Unique, and no other name contains it (so typing it narrows the list to one person).
  const name = rows.find(
    (r) =>
      [...r.name].length >= 2 && count.get(r.name) === 1 && !rows.some((o) => o.id !== r.id && o.name.includes(r.name)),
  )?.name
  if (!name) throw new Error('演示名册里没有独一无二的名字')
  return name
}

/** Types into the focused search box, then ArrowDown + Enter, as a keyboard user does. */
async function pickByKeyboard(page: Page, name: string): Promise<void> {
  await page.keyboard.type(name, { delay: 30 })
  // The list answers the typed name: each option shown is that person (no roster rows left over).
  const options = page.locator('.el-select-dropdown:visible .el-select-dropdown__item')
  await expect.poll(() => options.allInnerTexts(), { timeout: 5000 }).toEqual([expect.stringContaining(name)])
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
}

async function shownChoice(select: Locator): Promise<string> {
  return (await select.locator('.el-select__placeholder:not(.is-transparent)').first().innerText()).trim()
}

describe.skipIf(!chromiumPath)('键盘选人：输入姓名后 ↓ + 回车 选中的就是这个人', () => {
  let app: TestApp

  beforeEach(async () => {
    app = await startApp()
    await generateCommunity(app.database.db, {
      years: 1,
      meetingsPerYear: 12,
      buildings: 6,
      households: 200,
      residents: 300,
      topics: 20,
      resolutions: 5,
    })
    await app.page.reload()
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  it('登记议题 → 反映人', async () => {
    const { page } = app
    const name = await uniqueResident(app)
    await nav(page, '议题征集').click()
    await page.getByRole('button', { name: '登记议题' }).focus()
    await page.keyboard.press('Enter')
    const d = dialog(page, '登记议题')
    await d.waitFor()
    const field = d.locator('.el-form-item').filter({ hasText: '反映人' })
    await field.getByRole('combobox', { name: '反映人' }).focus()
    await pickByKeyboard(page, name)
    await expect.poll(() => shownChoice(field)).toBe(name)

    // A second person typed over the first: again exactly the one typed.
    const other = (
      await app.database.db.selectFrom('residents').select('name').where('name', '!=', name).orderBy('id').execute()
    ).find((r) => [...r.name].length === 3)!.name
    await page.keyboard.press('Escape')
    await field.getByRole('combobox', { name: '反映人' }).focus()
    await page.keyboard.type(other, { delay: 30 })
    const options = page.locator('.el-select-dropdown:visible .el-select-dropdown__item')
    await expect.poll(async () => (await options.allInnerTexts()).every((t) => t.includes(other))).toBe(true)
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await expect.poll(() => shownChoice(field)).toBe(other)
  })

  it('议事会成员 → 添加成员 → 居民', async () => {
    const { page } = app
    // Someone not yet on the council.
    const members = new Set(
      (await app.database.db.selectFrom('council_members').select('resident_id').execute()).map((m) => m.resident_id),
    )
    const rows = await app.database.db.selectFrom('residents').select(['id', 'name']).orderBy('id', 'desc').execute()
    const name = rows.find(
      (r) =>
        !members.has(r.id) && [...r.name].length >= 2 && !rows.some((o) => o.id !== r.id && o.name.includes(r.name)),
    )!.name
    await nav(page, '议事会成员').click()
    await page.getByRole('button', { name: '添加成员' }).first().focus()
    await page.keyboard.press('Enter')
    const d = dialog(page, '添加成员')
    await d.waitFor()
    const field = d.locator('.el-form-item').filter({ hasText: '居民' }).first()
    await field.locator('input').first().focus()
    await pickByKeyboard(page, name)
    await expect.poll(() => shownChoice(field)).toBe(name)
  })
})
