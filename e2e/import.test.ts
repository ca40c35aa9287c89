import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as XLSX from 'xlsx'
import { chromiumPath, closeBrowser, englishOnScreen, ROOT, screenshot, startApp, type TestApp } from './support/app'
import { cellsOf, dialog, nav, pickOption, rowOf, seedThroughApi } from './support/community'

/**
 * 导入居民名册 by clicking, with files another program wrote (e2e/fixtures/make-import-fixtures.py:
 * openpyxl for the workbook, xlwt for the old-format .xls, Python's GBK codec for the CSV): the header found below a merged
 * title, one column guess corrected, the preview's counts and bad row, the bad rows downloaded with
 * their reason, the import, and the roster showing the new residents.
 */
const FIXTURES = join(ROOT, 'e2e', 'fixtures')

async function openImport(page: Page) {
  await nav(page, '居民名册').click()
  await page.getByTestId('privacy-note').waitFor()
  await page.getByRole('button', { name: '导入', exact: true }).click()
  const d = dialog(page, '导入居民名册')
  await d.waitFor()
  return d
}

describe.skipIf(!chromiumPath)('导入居民名册', () => {
  let app: TestApp
  beforeEach(async () => {
    app = await startApp()
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  it('an openpyxl workbook: mapping corrected, preview with the bad row, bad rows downloaded, import', async () => {
    const { page } = app
    await seedThroughApi(page, {
      grids: ['第一网格'],
      buildings: [{ name: '1号楼', grid: '第一网格', households: 40, residents: 100 }],
    })
    const d = await openImport(page)
    await screenshot(page, 'import-1-pick')
    await d.getByLabel('选择要导入的表格文件').setInputFiles(join(FIXTURES, 'import-roster.xlsx'))
    await d.getByRole('heading', { name: '第二步：核对每一项在哪一列' }).waitFor()
    expect(await d.innerText()).toContain('第 2 行是列名，下面有 4 行')
    // The guess put 备注 in the 备注 column; the clerk wants the 序号 there instead.
    await pickOption(
      page,
      d.locator('.map-item', { hasText: '备注' }).locator('.el-select__wrapper'),
      '第 11 列「序号」',
    )
    await screenshot(page, 'import-2-map')
    await d.getByRole('button', { name: '下一步：预览' }).click()
    await d.getByRole('heading', { name: /第三步：预览/ }).waitFor()
    const counts = await d.getByTestId('import-counts').innerText()
    expect(counts.replace(/\s+/g, '')).toContain('共4行新增3人更新0人（身份证号相同，或姓名和电话相同）有问题1行')
    expect(await d.getByTestId('import-problems').innerText()).toContain('第 6 行')
    expect(await d.getByTestId('import-problems').innerText()).toContain('身份证号校验位不对')
    expect(await d.innerText()).toContain('银杏苑8号楼（1 人）')
    await screenshot(page, 'import-3-preview')
    expect(await englishOnScreen(page)).toEqual([])

    await d.getByRole('button', { name: '下载有问题的行（含错误原因）' }).click()
    await expect
      .poll(() => readdirSync(app.exportDir).filter((f) => f.endsWith('.xlsx')), { timeout: 8000 })
      .toHaveLength(1)
    const [saved] = readdirSync(app.exportDir)
    const wb = XLSX.read(readFileSync(join(app.exportDir, saved!)))
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1 })
    expect(rows[0]!.at(-1)).toBe('错误原因')
    expect(rows[1]![0]).toBe('赵错号')
    expect(String(rows[1]!.at(-1))).toMatch(/^第 6 行：身份证号校验位不对/)

    await d.getByRole('button', { name: '导入 3 行' }).click()
    await d.getByTestId('import-result').waitFor()
    expect(await d.getByTestId('import-result').innerText()).toBe(
      '新增 3 人，更新 0 人，新建楼栋 1 个，1 行没有导入。已记入日志。',
    )
    await screenshot(page, 'import-4-done')
    await d.getByRole('button', { name: '完成' }).click()
    await d.waitFor({ state: 'hidden' })
    await expect.poll(() => page.getByTestId('resident-total').innerText()).toBe('共 3 人')
    const zhang = await cellsOf(rowOf(page, 'resident-table', '张建国'))
    expect(zhang[1]).toBe('1号楼 2单元 301')
    expect(zhang[4]).toBe('1')
    expect((await cellsOf(rowOf(page, 'resident-table', '王小明')))[1]).toBe('银杏苑8号楼 1单元 502')
    expect(app.pageErrors).toEqual([])
  })

  it('a GBK CSV as Excel on Chinese Windows saves it; a file that is no spreadsheet is refused in Chinese', async () => {
    const { page } = app
    await seedThroughApi(page, {
      grids: ['第一网格'],
      buildings: [{ name: '1号楼', grid: '第一网格', households: 40, residents: 100 }],
    })
    const d = await openImport(page)
    await d
      .getByLabel('选择要导入的表格文件')
      .setInputFiles({ name: '照片.xlsx', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]) })
    expect(await d.getByTestId('import-error').innerText()).toContain('「照片.xlsx」不是电子表格文件')
    await d.getByLabel('选择要导入的表格文件').setInputFiles(join(FIXTURES, 'import-roster-gbk.csv'))
    await d.getByRole('button', { name: '下一步：预览' }).click()
    await d.getByRole('heading', { name: /第三步：预览/ }).waitFor()
    expect((await d.getByTestId('import-counts').innerText()).replace(/\s+/g, '')).toContain('共2行新增2人')
    await screenshot(page, 'import-gbk-preview')
    await d.getByRole('button', { name: '导入 2 行' }).click()
    await d.getByTestId('import-result').waitFor()
    await d.getByRole('button', { name: '完成' }).click()
    await expect.poll(() => page.getByTestId('resident-total').innerText()).toBe('共 2 人')
    expect((await cellsOf(rowOf(page, 'resident-table', '刘德明')))[1]).toBe('1号楼 1单元 201')
    expect(app.pageErrors).toEqual([])
  })

  it('an .xls in the old Excel 97-2003 format (written by xlwt): real dates and ID numbers read, imported', async () => {
    const { page } = app
    await seedThroughApi(page, {
      grids: ['第一网格'],
      buildings: [{ name: '1号楼', grid: '第一网格', households: 40, residents: 100 }],
    })
    const d = await openImport(page)
    await d.getByLabel('选择要导入的表格文件').setInputFiles(join(FIXTURES, 'import-roster.xls'))
    await d.getByRole('heading', { name: '第二步：核对每一项在哪一列' }).waitFor()
    expect(await d.innerText()).toContain('第 2 行是列名，下面有 2 行')
    await d.getByRole('button', { name: '下一步：预览' }).click()
    await d.getByRole('heading', { name: /第三步：预览/ }).waitFor()
    expect((await d.getByTestId('import-counts').innerText()).replace(/\s+/g, '')).toContain('共2行新增2人')
    await d.getByRole('button', { name: '导入 2 行' }).click()
    await d.getByTestId('import-result').waitFor()
    await d.getByRole('button', { name: '完成' }).click()
    await expect.poll(() => page.getByTestId('resident-total').innerText()).toBe('共 2 人')
    // The birth date came from a real Excel date cell and agrees with the ID number (else the row was refused).
    const sun = await cellsOf(rowOf(page, 'resident-table', '孙玉兰'))
    expect(sun[1]).toBe('1号楼 302')
    expect(sun.join(' ')).toMatch(/女\s*\d+岁/)
    expect(app.pageErrors).toEqual([])
  })
})
