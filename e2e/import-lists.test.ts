import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as XLSX from 'xlsx'
import { chromiumPath, closeBrowser, englishOnScreen, ROOT, screenshot, startApp, type TestApp } from './support/app'
import { cellsOf, dialog, nav, openCommunity, rowOf, seedThroughApi } from './support/community'

/**
 * The one import dialog on the other lists, by clicking, with workbooks openpyxl wrote
 * (e2e/fixtures/make-import-fixtures.py): 楼栋 in 社区档案 (an existing building updated, a missing
 * grid created, a bad 户数 listed) and 合伙人 (credit codes checked, the bad row downloaded with
 * its reason).
 */
const FIXTURES = join(ROOT, 'e2e', 'fixtures')

describe.skipIf(!chromiumPath)('导入楼栋 and 导入合伙人', () => {
  let app: TestApp
  beforeEach(async () => {
    app = await startApp()
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  it('buildings: one updated, one new, a missing grid created, the bad row left out', async () => {
    const { page } = app
    await seedThroughApi(page, {
      grids: ['第一网格'],
      buildings: [{ name: '1号楼', grid: '第一网格', households: 10, residents: 20 }],
    })
    await openCommunity(page)
    await page.getByRole('button', { name: '导入楼栋' }).click()
    const d = dialog(page, '导入楼栋')
    await d.waitFor()
    expect(await d.innerText()).toContain('楼栋、所属网格、户数、人数、备注')
    await screenshot(page, 'import-buildings-1-pick')
    await d.getByLabel('选择要导入的表格文件').setInputFiles(join(FIXTURES, 'import-buildings.xlsx'))
    await d.getByRole('heading', { name: '第二步：核对每一项在哪一列' }).waitFor()
    expect(await d.innerText()).toContain('第 2 行是列名，下面有 4 行')
    expect(await d.locator('.map-item').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('楼栋（必选）'), expect.stringContaining('所属网格')]),
    )
    await screenshot(page, 'import-buildings-2-map')
    await d.getByRole('button', { name: '下一步：预览' }).click()
    await d.getByRole('heading', { name: /第三步：预览/ }).waitFor()
    expect((await d.getByTestId('import-counts').innerText()).replace(/\s+/g, '')).toBe(
      '共4行新增2个楼栋更新1个楼栋（名称相同）有问题1行（不导入）',
    )
    expect(await d.getByTestId('import-problems').innerText()).toContain('户数「二十户」应为 0 到 100,000 之间的整数')
    expect(await d.innerText()).toMatch(/这些网格在“社区档案”里还没有：\s*第二网格（1 个楼栋）/)
    expect(await d.getByRole('checkbox', { name: '导入时新建这些网格' }).isChecked()).toBe(true)
    await screenshot(page, 'import-buildings-3-preview')
    expect(await englishOnScreen(page)).toEqual([])
    await d.getByRole('button', { name: '导入 3 行' }).click()
    await d.getByTestId('import-result').waitFor()
    expect(await d.getByTestId('import-result').innerText()).toBe(
      '新增 2 个楼栋，更新 1 个楼栋，新建网格 1 个，1 行没有导入。已记入日志。',
    )
    await screenshot(page, 'import-buildings-4-done')
    await d.getByRole('button', { name: '完成' }).click()
    await d.waitFor({ state: 'hidden' })
    await expect
      .poll(async () => (await cellsOf(rowOf(page, 'building-table', '1号楼'))).slice(0, 4))
      .toEqual(['1号楼', '第一网格', '48', '126'])
    expect((await cellsOf(rowOf(page, 'building-table', '3号楼'))).slice(0, 4)).toEqual([
      '3号楼',
      '第二网格',
      '24',
      '60',
    ])
    expect((await cellsOf(rowOf(page, 'grid-table', '第二网格')))[0]).toBe('第二网格')
    expect(app.pageErrors).toEqual([])
  })

  it('partners: codes checked, the bad row downloaded with its reason, the rest imported', async () => {
    const { page } = app
    await nav(page, '合伙人').click()
    await page.getByTestId('partner-total').waitFor()
    await page.getByRole('button', { name: '导入', exact: true }).click()
    const d = dialog(page, '导入合伙人')
    await d.waitFor()
    await d.getByLabel('选择要导入的表格文件').setInputFiles(join(FIXTURES, 'import-partners.xlsx'))
    await d.getByRole('heading', { name: '第二步：核对每一项在哪一列' }).waitFor()
    await screenshot(page, 'import-partners-2-map')
    await d.getByRole('button', { name: '下一步：预览' }).click()
    await d.getByRole('heading', { name: /第三步：预览/ }).waitFor()
    expect((await d.getByTestId('import-counts').innerText()).replace(/\s+/g, '')).toContain(
      '共4行新增3个合伙人更新0个合伙人（统一社会信用代码相同，或名称相同）有问题1行',
    )
    expect(await d.getByTestId('import-problems').innerText()).toContain('第 5 行')
    expect(await d.getByTestId('import-problems').innerText()).toContain('统一社会信用代码最后一位校验码不对')
    await screenshot(page, 'import-partners-3-preview')
    expect(await englishOnScreen(page)).toEqual([])

    await d.getByRole('button', { name: '下载有问题的行（含错误原因）' }).click()
    await expect
      .poll(() => readdirSync(app.exportDir).filter((f) => f.endsWith('.xlsx')), { timeout: 8000 })
      .toEqual(['import-partners-未导入的行.xlsx'])
    const wb = XLSX.read(readFileSync(join(app.exportDir, 'import-partners-未导入的行.xlsx')))
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1 })
    expect(rows[0]!.at(-1)).toBe('错误原因')
    expect(rows[1]![0]).toBe('错码公司')
    expect(String(rows[1]!.at(-1))).toMatch(/^第 5 行：统一社会信用代码最后一位校验码不对/)

    await d.getByRole('button', { name: '导入 3 行' }).click()
    await d.getByTestId('import-result').waitFor()
    expect(await d.getByTestId('import-result').innerText()).toBe(
      '新增 3 个合伙人，更新 0 个合伙人，1 行没有导入。已记入日志。',
    )
    await screenshot(page, 'import-partners-4-done')
    await d.getByRole('button', { name: '完成' }).click()
    await d.waitFor({ state: 'hidden' })
    await expect.poll(() => page.getByTestId('partner-total').innerText()).toBe('共 3 个')
    expect(await rowOf(page, 'partner-table', '夕阳红舞蹈队').innerText()).toContain('居民自组织')
    expect(app.pageErrors).toEqual([])
  })
})
