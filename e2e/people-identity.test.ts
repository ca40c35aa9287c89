import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumPath, englishOnScreen, screenshot } from './support/app'
import { cellsOf, closeToasts, dialog, expectToast, nav, rowOf } from './support/community'
import { app, freshAppPerTest } from './support/screen-test'
import { insertResidents } from '../electron/testing/bulk-residents'

/**
 * 居民的身份证号、性别、出生日期、人员类型 on 居民名册, by clicking: a wrong number is refused in
 * Chinese, a right one is saved and shown masked, the full number only with a reason (logged), and
 * an edit that leaves the masked number alone keeps the stored one.
 */

/** A woman born 1949-12-31: the standard's example, its check character X. */
const WOMAN = '11010519491231002X'
const WRONG_CHECK = '110105194912310021'

function officeToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
}
/** 周岁 on the office's calendar, worked out here the long way (not with the app's helper). */
function ageOf(birth: string): number {
  const today = officeToday()
  let age = Number(today.slice(0, 4)) - Number(birth.slice(0, 4))
  if (today.slice(5) < birth.slice(5)) age--
  return age
}

async function openPeople(page: Page): Promise<void> {
  await nav(page, '居民名册').click()
  await page.getByTestId('privacy-note').waitFor()
}
const residentRow = (page: Page, name: string) => rowOf(page, 'resident-table', name)

/** Picks or types a 人员类型 in the dialog's drop-down (a new one is confirmed with Enter). */
async function pickKind(page: Page, kind: string): Promise<void> {
  const box = dialog(page, '居民').locator('.el-form-item', { hasText: '人员类型' })
  await box.locator('.el-select__wrapper').click()
  await box.locator('input').fill(kind)
  await page.getByRole('option', { name: kind, exact: true }).waitFor()
  await box.locator('input').press('Enter')
  await box.locator('input').press('Escape')
}

describe.skipIf(!chromiumPath)('居民的身份证号', () => {
  freshAppPerTest('zz-失败时的画面-居民身份证号')

  it('校验位错了用中文提示、什么也不存；改对后保存，名册里遮住显示，写明原因才显示完整号码', async () => {
    const { page, database } = app
    await openPeople(page)
    await page.getByRole('button', { name: '新增居民' }).click()
    const d = dialog(page, '新增居民')
    await d.waitFor()
    await d.getByLabel('姓名').fill('王秀英')
    await d.getByLabel('身份证号').fill(WRONG_CHECK)
    await d.getByRole('button', { name: '保存' }).click()
    const alert = d.getByRole('alert')
    await alert.waitFor()
    expect(await alert.innerText()).toContain('身份证号校验位不对，请核对号码')
    await screenshot(page, 'identity-01-校验位不对')
    expect(await englishOnScreen(page)).toEqual([])
    expect(await database.db.selectFrom('residents').selectAll().execute()).toEqual([])

    // A right number whose sex disagrees with the one chosen: refused, naming both.
    await d.getByLabel('身份证号').fill(WOMAN)
    expect(await d.getByTestId('id-number-hint').innerText()).toBe('出生日期 1949-12-31，女')
    await d.getByRole('radiogroup', { name: '性别' }).getByText('男', { exact: true }).click()
    await d.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => alert.innerText()).toContain('身份证号表明性别是“女”，与性别“男”不一致')
    await d.getByRole('radiogroup', { name: '性别' }).getByText('不填', { exact: true }).click()
    await pickKind(page, '户籍')
    await screenshot(page, 'identity-02-填好')
    await d.getByRole('button', { name: '保存' }).click()
    await d.waitFor({ state: 'hidden' })
    await expectToast(page, '已添加居民「王秀英」')

    const row = residentRow(page, '王秀英')
    const masked = '110***********002X'
    await expect.poll(() => row.getByTestId('id-number').innerText()).toBe(masked)
    expect(await row.getByTestId('gender-age').innerText()).toBe(`女 ${ageOf('1949-12-31')}岁`)
    expect(await row.getByTestId('kind').innerText()).toBe('户籍')
    expect(await page.locator('#main').innerText()).not.toContain(WOMAN)
    expect(
      await database.db.selectFrom('residents').select(['id_number', 'gender', 'birth_date', 'kind']).execute(),
    ).toEqual([{ id_number: WOMAN, gender: '女', birth_date: '1949-12-31', kind: '户籍' }])
    await closeToasts(page)
    await screenshot(page, 'identity-03-名册遮住显示')

    // 显示: asks the reason, shows the full number, logs it.
    await row.getByRole('button', { name: '显示王秀英的完整身份证号（会记入日志）' }).click()
    const why = page.getByRole('dialog', { name: '查看王秀英的完整身份证号' })
    await why.getByLabel('查看王秀英完整身份证号的原因').fill('办理高龄补贴')
    await why.getByRole('button', { name: '查看' }).click()
    await expect.poll(() => row.getByTestId('id-number').innerText()).toBe(WOMAN)
    const seen = await database.db.selectFrom('audit_log').selectAll().where('action', '=', '查看').execute()
    expect(seen.map((l) => [l.entity, JSON.parse(l.detail).原因])).toEqual([['居民身份证号', '办理高龄补贴']])
    await row.getByRole('button', { name: '隐藏王秀英的完整身份证号' }).click()
    await expect.poll(() => row.getByTestId('id-number').innerText()).toBe(masked)

    // 修改: the box holds the masked number; saving other changes keeps the stored one.
    await row.getByRole('button', { name: '修改王秀英' }).click()
    const e = dialog(page, '修改居民信息')
    await e.waitFor()
    expect(await e.getByLabel('身份证号').inputValue()).toBe(masked)
    expect(await e.getByLabel('出生日期').inputValue()).toBe('1949-12-31')
    await e.getByLabel('备注').fill('独居')
    await screenshot(page, 'identity-04-修改-身份证号遮住')
    expect(await englishOnScreen(page)).toEqual([])
    await e.getByRole('button', { name: '保存' }).click()
    await e.waitFor({ state: 'hidden' })
    await expectToast(page, '已保存「王秀英」的修改')
    expect(await database.db.selectFrom('residents').select(['id_number', 'note']).execute()).toEqual([
      { id_number: WOMAN, note: '独居' },
    ])
    expect((await cellsOf(row))[2]).toContain(masked)

    // 适老模式: the roster with the new details still fits without scrolling sideways.
    await closeToasts(page)
    await page.locator('.el-switch', { has: page.getByRole('switch', { name: '适老模式（大字）' }) }).click()
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px')
    await screenshot(page, 'identity-05-适老模式-名册')
    const overflow = await page.evaluate(() =>
      [...document.querySelectorAll('#main .el-table .el-table__body-wrapper .el-scrollbar__wrap')].map(
        (w) => w.scrollWidth - w.clientWidth,
      ),
    )
    expect(overflow).toEqual([0])
    expect(app.pageErrors).toEqual([])
  })

  it('一个字查出几千人时，数到 2000 就停，写“2000 人以上”并提示缩小范围；两个字的查找照样数准', async () => {
    const { page, database } = app
    // 3,000 named 王… and two others.
    await insertResidents(database.db, [
      ...Array.from({ length: 3000 }, (_, k) => `王${String(k).padStart(4, '0')}`),
      '王王明',
      '李明',
    ])
    await openPeople(page)
    await expect.poll(() => page.getByTestId('resident-total').innerText()).toBe('共 3002 人')
    const box = page.getByRole('textbox', { name: '查找居民' })
    await box.fill('王')
    await box.press('Enter')
    await expect.poll(() => page.getByTestId('resident-total').innerText()).toBe('2000 人以上')
    await page.getByTestId('resident-count-hint').getByText('多输入几个字').waitFor()
    const pager = page.locator('.pager')
    expect(await pager.locator('.el-pagination__total').count()).toBe(0)
    // The rows are exact: the first page starts with the first in the roster's order.
    await expect.poll(() => residentRow(page, '王0000').count()).toBe(1)
    await screenshot(page, 'identity-06-一个字查出几千人')
    // The last page the estimate offers still shows residents.
    await pager.locator('.el-pager li').last().click()
    await expect.poll(() => page.locator('[data-testid="resident-table"] .el-table__row').count()).toBeGreaterThan(0)
    await box.fill('王王')
    await box.press('Enter')
    await expect.poll(() => page.getByTestId('resident-total').innerText()).toBe('共 1 人')
    expect(await pager.locator('.el-pagination__total').count()).toBe(1)
    expect(await page.getByTestId('resident-count-hint').count()).toBe(0)
    expect(await englishOnScreen(page)).toEqual([])
    expect(app.pageErrors).toEqual([])
  })
})
