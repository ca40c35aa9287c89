import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { chromiumPath, closeBrowser, englishOnScreen, screenshot, startApp, type TestApp } from './support/app'
import { dialog, nav } from './support/community'
import { officeDate } from '../shared/time'
import { addMonths } from '../shared/dates'

/**
 * 社区公益基金 by clicking, as a clerk keeps it: a sub-fund, a donation, an expenditure (after two
 * refused amounts and one above the balance), a wrong entry reversed and shown linked both ways, the
 * balance, the 捐赠收据 with the amount in capitals on the stub and the receipt, and the 收支公示
 * where the donor's name is masked.
 */
/** Voucher numbers run per year of the entry's date (today's here). */
const Y = officeDate().slice(0, 4)
const v = (n: number) => `${Y}-000${n}`
let app: TestApp
let page: Page
beforeEach(async () => {
  app = await startApp()
  page = app.page
})
afterEach(async () => {
  expect(app.pageErrors).toEqual([])
  await app.close()
})
afterAll(() => closeBrowser())

async function record(
  kind: '收入' | '支出',
  fields: { amount: string; party: string; unit?: boolean; summary?: string },
) {
  await page.getByRole('button', { name: `登记${kind}` }).click()
  const d = dialog(page, `登记${kind}`)
  await d.waitFor()
  await d.getByLabel('金额（元）').fill(fields.amount)
  await d.getByLabel(kind === '收入' ? '捐赠人或付款方' : '收款方').fill(fields.party)
  if (fields.unit !== undefined) await d.getByText(fields.unit ? '单位' : '个人', { exact: true }).click()
  if (fields.summary) await d.getByLabel(kind === '收入' ? '摘要' : '用途').fill(fields.summary)
  await d.getByRole('button', { name: '记账' }).click()
  return d
}

describe.skipIf(!chromiumPath)('公益基金：登记、冲销、余额、收据和公示', () => {
  it('walks the ledger by clicking and prints the receipt and the notice', async () => {
    await nav(page, '公益基金').click()
    await page.getByRole('button', { name: '新建子基金' }).click()
    const sd = dialog(page, '新建子基金')
    await sd.getByLabel('子基金名称').fill('助老关爱')
    await sd.getByLabel('用途').fill('独居老人助餐')
    await sd.getByRole('button', { name: '保存' }).click()
    await sd.waitFor({ state: 'hidden' })
    const balance = page.getByTestId('subfund-助老关爱').getByTestId('subfund-balance')
    await expect.poll(() => balance.innerText()).toBe('¥0.00')

    // A donation; its capitals show while typing.
    await page.getByRole('button', { name: '登记收入' }).click()
    const income = dialog(page, '登记收入')
    await income.getByLabel('金额（元）').fill('1234.56')
    await expect.poll(() => income.getByTestId('amount-capitals').innerText()).toContain('壹仟贰佰叁拾肆元伍角陆分')
    await income.getByLabel('捐赠人或付款方').fill('王建国')
    await income.getByLabel('摘要').fill('重阳节捐赠')
    await income.getByRole('button', { name: '记账' }).click()
    await income.waitFor({ state: 'hidden' })
    await expect.poll(() => balance.innerText()).toBe('¥1,234.56')

    // Bad amounts and an expenditure above the balance are refused in the dialog, which keeps what was typed.
    const out = await record('支出', { amount: '-5', party: '长者食堂', unit: true, summary: '十二月助餐' })
    await expect.poll(() => out.getByTestId('dialog-error').innerText()).toContain('金额不能是负数')
    await out.getByLabel('金额（元）').fill('1.234')
    await out.getByRole('button', { name: '记账' }).click()
    await expect.poll(() => out.getByTestId('dialog-error').innerText()).toContain('小数点后最多两位')
    await out.getByLabel('金额（元）').fill('5000')
    await out.getByRole('button', { name: '记账' }).click()
    await expect.poll(() => out.getByTestId('dialog-error').innerText()).toContain('会使余额变成负数，没有保存')
    expect(await out.getByLabel('收款方').inputValue()).toBe('长者食堂')
    await out.getByLabel('金额（元）').fill('200')
    await out.getByRole('button', { name: '记账' }).click()
    await out.waitFor({ state: 'hidden' })
    await expect.poll(() => balance.innerText()).toBe('¥1,034.56')

    // A wrong donation, reversed from its own page.
    const wrong = await record('收入', { amount: '99', party: '李四海', summary: '录重复了' })
    await wrong.waitFor({ state: 'hidden' })
    await expect.poll(() => balance.innerText()).toBe('¥1,133.56')
    await page
      .getByTestId('fund-entries')
      .getByRole('link', { name: v(3) })
      .click()
    await page.getByTestId('entry-title').waitFor()
    await page.getByRole('button', { name: '冲销' }).click()
    const rd = dialog(page, '冲销这笔收支')
    await rd.getByLabel('冲销原因').fill('重复登记')
    await rd.getByRole('button', { name: '冲销' }).click()
    await rd.waitFor({ state: 'hidden' })
    await expect.poll(() => page.getByTestId('reversed-note').innerText()).toContain(v(4))
    expect(await page.getByRole('button', { name: '冲销' }).count()).toBe(0)
    await screenshot(page, 'fund-entry-reversed')
    await page
      .getByTestId('reversed-note')
      .getByRole('link', { name: v(4) })
      .click()
    await expect.poll(() => page.getByTestId('reverses-note').innerText()).toContain('重复登记')
    await expect.poll(() => page.getByTestId('entry-amount').innerText()).toBe('-¥99.00')

    await nav(page, '公益基金').click()
    await expect.poll(() => balance.innerText()).toBe('¥1,034.56')
    const table = page.getByTestId('fund-entries')
    await expect.poll(() => table.getByTestId('reverses').innerText()).toBe(`冲销 ${v(3)}`)
    await expect.poll(() => table.getByTestId('reversed-by').innerText()).toBe(`已被 ${v(4)} 冲销`)
    expect(await page.getByTestId('entry-total').innerText()).toBe('共 4 笔')
    await screenshot(page, 'fund-ledger')
    expect(await englishOnScreen(page)).toEqual([])

    // The sub-fund's statement shows the same balance.
    await page.getByTestId('subfund-助老关爱').click()
    await expect.poll(() => page.getByTestId('closing').innerText()).toBe('¥1,034.56')
    await screenshot(page, 'fund-statement')

    // The receipt of the donation: capitals on the stub and on the receipt.
    await page
      .getByTestId('statement-table')
      .getByRole('link', { name: v(1) })
      .click()
    await page.getByRole('link', { name: '打印捐赠收据' }).click()
    const sheet = page.getByTestId('print-sheet')
    await sheet.waitFor()
    for (const part of ['stub', 'receipt']) {
      const text = await page.getByTestId(`receipt-${part}`).innerText()
      expect(text).toContain('人民币壹仟贰佰叁拾肆元伍角陆分')
      expect(text).toContain('王建国')
      expect(text).toContain('¥1,234.56')
    }
    expect(await page.getByTestId('receipt-stub').innerText()).toContain('存根')
    await screenshot(page, 'fund-receipt')

    // The public notice: the donor who did not agree to be named is masked everywhere on the paper.
    await page.goto(`${app.url}/#/fund`)
    await page.getByRole('link', { name: '打印收支公示' }).click()
    await sheet.waitFor()
    const notice = await sheet.innerText()
    expect(notice).toContain('公益基金收支公示')
    expect(notice).toContain('王*国')
    expect(notice).not.toContain('王建国')
    expect(notice).not.toContain('李四海') // reversed inside the period: left off, counted in the note
    expect(notice).toContain('本期有 1 笔录错后已冲销的收支')
    expect(notice).toContain('长者食堂')
    await screenshot(page, 'fund-notice')
  })

  it('reconciles a month against the statement: a difference stays shown until explained', async () => {
    // A donation dated last month, typed in the dialog.
    await nav(page, '公益基金').click()
    await page.getByRole('button', { name: '新建子基金' }).click()
    const sd = dialog(page, '新建子基金')
    await sd.getByLabel('子基金名称').fill('综合')
    await sd.getByText('非限定性').click()
    await sd.getByRole('button', { name: '保存' }).click()
    await sd.waitFor({ state: 'hidden' })
    await page.getByRole('button', { name: '登记收入' }).click()
    const d = dialog(page, '登记收入')
    const date = d.getByLabel('日期')
    await date.fill(`${addMonths(officeDate(), -1).slice(0, 7)}-05`)
    await date.press('Enter')
    await d.getByLabel('金额（元）').fill('500')
    await d.getByLabel('捐赠人或付款方').fill('街角咖啡馆')
    await d.getByText('单位', { exact: true }).click()
    await d.getByRole('button', { name: '记账' }).click()
    await d.waitFor({ state: 'hidden' })

    await page.goto(`${app.url}/#/`)
    const tile = page.locator('.todo', { hasText: '基金待对账' })
    await expect.poll(() => tile.locator('.tile-value').innerText()).toBe('1')
    await tile.click()
    await expect.poll(() => page.getByTestId('book-balance').innerText()).toBe('¥500.00')
    await page.getByLabel('对账单余额（元）').fill('520')
    await page.getByRole('button', { name: '核对' }).click()
    await expect.poll(() => page.getByTestId('difference').innerText()).toBe('¥20.00')
    await screenshot(page, 'fund-reconcile-difference')
    await page.getByLabel('差额说明').fill('基金会记入一笔 20 元利息，下月登记')
    await page.getByRole('button', { name: '保存说明，完成对账' }).click()
    await expect.poll(() => page.getByTestId('unreconciled').innerText()).toContain('没有待对账的月份')
    await expect.poll(() => page.getByTestId('reconcile-history').innerText()).toContain('基金会记入一笔 20 元利息')
    await screenshot(page, 'fund-reconcile-done')
  })
})
