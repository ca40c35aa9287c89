import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

/** Screen-level steps for 社区档案, written the way a clerk works: by visible Chinese labels. */

export function nav(page: Page, label: string): Locator {
  return page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: label })
}

/**
 * Opens 社区档案 and waits for the screen's own fresh read: until it lands the screen shows the
 * overview read when the app started (the sidebar's community name), without rows added since.
 */
export async function openCommunity(page: Page): Promise<void> {
  // Already there, the link opens nothing new (and reads nothing).
  const there = new URL(page.url()).hash.split('?')[0] === '#/community'
  const fresh = there ? undefined : page.waitForResponse((r) => new URL(r.url()).pathname === '/api/community.overview')
  await nav(page, '社区档案').click()
  await fresh
  await page.getByRole('heading', { name: '基本信息' }).waitFor()
  await page.getByTestId('total-households').waitFor()
}

export async function fillProfile(
  page: Page,
  p: { name: string; kind?: '城市社区' | '村'; address: string; phone?: string },
): Promise<void> {
  await page.getByLabel('社区名称').fill(p.name)
  if (p.kind) await page.getByText(p.kind === '村' ? '村（村委会）' : '城市社区（居委会）').click()
  await page.getByLabel('地址').fill(p.address)
  await page.getByLabel('办公电话').fill(p.phone ?? '')
}

/** The open Element Plus dialog whose title starts with `title`. */
export function dialog(page: Page, title: string): Locator {
  return page.locator('.el-dialog').filter({ has: page.locator('.el-dialog__title', { hasText: title }) })
}

/** The visible toasts' text (ElMessage), polled until one contains `part`. */
export async function expectToast(page: Page, part: string): Promise<string> {
  const toast = page.locator('.el-message').filter({ hasText: part }).first()
  await toast.waitFor()
  return toast.innerText()
}

/** Closes every toast with its × button, so the next one can be told apart. */
export async function closeToasts(page: Page): Promise<void> {
  for (const button of await page.locator('.el-message .el-message__closeBtn').all()) {
    await button.click().catch(() => undefined) // it may have timed out on its own meanwhile
  }
  await expect.poll(() => page.locator('.el-message').count()).toBe(0)
}

export async function addGrid(page: Page, name: string, note = ''): Promise<void> {
  await page.getByRole('button', { name: '新增网格' }).click()
  const d = dialog(page, '新增网格')
  await d.waitFor()
  await d.getByLabel('网格名称').fill(name)
  await d.getByLabel('备注').fill(note)
  await d.getByRole('button', { name: '保存' }).click()
  await d.waitFor({ state: 'hidden' })
  await rowOf(page, 'grid-table', name).waitFor()
}

export interface BuildingForm {
  name: string
  grid?: string | null
  households?: number | null
  residents?: number | null
  note?: string
}

/** Fills the open building dialog. A null/undefined count leaves the box empty. */
export async function fillBuilding(page: Page, d: Locator, b: BuildingForm): Promise<void> {
  await d.getByLabel('楼栋名称').fill(b.name)
  if (b.grid)
    await pickOption(page, d.locator('.el-form-item', { hasText: '所属网格' }).locator('.el-select__wrapper'), b.grid)
  await d.getByLabel('户数').fill(b.households == null ? '' : String(b.households))
  await d.getByLabel('人数').fill(b.residents == null ? '' : String(b.residents))
  if (b.note !== undefined) await d.getByLabel('备注').fill(b.note)
}

export async function addBuilding(page: Page, b: BuildingForm): Promise<void> {
  await page.getByRole('button', { name: '新增楼栋' }).click()
  const d = dialog(page, '新增楼栋')
  await d.waitFor()
  await fillBuilding(page, d, b)
  await d.getByRole('button', { name: '保存' }).click()
  await d.waitFor({ state: 'hidden' })
  await rowOf(page, 'building-table', b.name).waitFor()
}

/** Opens an el-select and clicks the option with exactly this text (options live in a teleported popper). */
export async function pickOption(page: Page, trigger: Locator, label: string): Promise<void> {
  await trigger.click()
  const option = page.getByRole('option', { name: label, exact: true })
  await option.click()
  await option.waitFor({ state: 'hidden' })
}

/** The body row of a table (by data-testid) whose first cell is exactly `name`. */
export function rowOf(page: Page, tableTestId: string, name: string): Locator {
  return page
    .getByTestId(tableTestId)
    .locator('.el-table__body tr')
    .filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) })
}

/** The cells' text of a table row, trimmed. */
export async function cellsOf(row: Locator): Promise<string[]> {
  // A row the screen has not drawn yet would otherwise read as a row without cells.
  await row.first().waitFor()
  return (await row.locator('td').allInnerTexts()).map((t) => t.trim())
}

export interface Totals {
  grids: string
  buildings: string
  households: string
  residents: string
}

export async function totals(page: Page): Promise<Totals> {
  const read = (id: string) => page.getByTestId(id).innerText()
  return {
    grids: await read('total-grids'),
    buildings: await read('total-buildings'),
    households: await read('total-households'),
    residents: await read('total-residents'),
  }
}

/** Waits until the totals tiles show these numbers (the store reloads after each change). */
export async function expectTotals(
  page: Page,
  want: { grids: number; buildings: number; households: number; residents: number },
) {
  await expect
    .poll(() => totals(page), { timeout: 5000 })
    .toEqual({
      grids: String(want.grids),
      buildings: String(want.buildings),
      households: String(want.households),
      residents: String(want.residents),
    })
}

/** Clicks a row's 删除 and answers the confirm box with `answer` ('删除' or '不删除'); returns the box's text. */
export async function deleteRow(page: Page, row: Locator, answer: '删除' | '不删除' = '删除'): Promise<string> {
  await row.getByRole('button', { name: '删除' }).click()
  const box = page.locator('.el-message-box')
  await box.waitFor()
  const text = await box.innerText()
  await box.getByRole('button', { name: answer, exact: true }).click()
  await box.waitFor({ state: 'hidden' })
  return text
}

/**
 * Puts a profile, grids and buildings straight in through `window.api` (the same registry the
 * screens use), for tests whose subject is editing rather than entering. Returns the new ids.
 */
export async function seedThroughApi(
  page: Page,
  seed: {
    grids: string[]
    buildings: Array<{ name: string; grid: string | null; households: number; residents: number }>
  },
): Promise<{ grids: Record<string, number>; buildings: Record<string, number> }> {
  return page.evaluate(async (s) => {
    const unwrap = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
      if (!r.ok) throw new Error(r.message)
      return r.value
    }
    const grids: Record<string, number> = {}
    const buildings: Record<string, number> = {}
    unwrap(
      await window.api.community.saveProfile({
        name: '幸福里社区',
        kind: '城市社区',
        address: '幸福路 88 号',
        phone: '',
      }),
    )
    for (const g of s.grids) grids[g] = unwrap(await window.api.community.createGrid({ name: g, note: '' })).id
    for (const b of s.buildings) {
      const created = await window.api.community.createBuilding({
        name: b.name,
        gridId: b.grid === null ? null : grids[b.grid]!,
        households: b.households,
        residents: b.residents,
        note: '',
      })
      buildings[b.name] = unwrap(created).id
    }
    return { grids, buildings }
  }, seed)
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
