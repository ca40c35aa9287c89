import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { chromiumPath, closeBrowser, englishOnScreen, screenshot, startApp, type TestApp } from './support/app'
import { dialog, expectToast, nav } from './support/community'
import { addDays, addMonths, chineseDate } from '../shared/dates'
import { officeDate } from '../shared/time'

/**
 * The seed's café case, partner part, by clicking: the partner (a wrong check character refused
 * first), the agreement with both sides, two council meetings hosted by the café held — counted
 * without typing a number —, three jobs by name from the roster, a monthly profit of 12,345.67 元
 * giving 1,234.57 元 due, paid into the charity fund from the period's screen (a wrong entry
 * reversed, the payment taken back with it, then paid rightly), the fund's balance, the receipt and
 * the 公示, the 履约率 with its formula on hover, and the 履约评估表 printed.
 */

const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 8000 })

function formItem(scope: Locator, label: string): Locator {
  return scope
    .locator('.el-form-item')
    .filter({ has: scope.page().locator('.el-form-item__label', { hasText: label }) })
}
async function fillDate(scope: Locator, label: string, date: string) {
  const input = formItem(scope, label).locator('input').first()
  await input.fill(date)
  await input.press('Enter')
}
const commitment = (page: Page, title: string) => page.getByTestId(`commitment-${title}`)
/** The row of a commitment's period table that starts on `start`. */
function periodRow(page: Page, title: string, start: string): Locator {
  return page
    .getByTestId(`periods-${title}`)
    .locator('.el-table__body tr')
    .filter({ has: page.locator('td:first-child', { hasText: chineseDate(start) }) })
}

describe.skipIf(!chromiumPath)('合伙人台账：咖啡馆的例子', () => {
  let app: TestApp
  beforeEach(async () => {
    app = await startApp()
  })
  afterEach(async () => {
    expect(app.pageErrors).toEqual([])
    await app.close()
  })
  afterAll(closeBrowser)

  it('walks the café case by clicking', { timeout: 180_000 }, async () => {
    const { page } = app
    const today = officeDate()
    // The term began two whole months ago: those two months are over and count for the 履约率.
    const start = addMonths(today, -2)
    const month2 = addMonths(today, -1)
    const end = addDays(addMonths(start, 12), -1)
    const meetingDays = [addDays(start, 4), addDays(start, 18)]

    // The roster and two meetings exist already (other screens make them).
    const meetingIds = await page.evaluate(
      async ({ days }) => {
        const unwrap = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
          if (!r.ok) throw new Error(r.message)
          return r.value
        }
        for (const name of ['赵敏', '钱进', '孙丽']) {
          unwrap(
            await window.api.people.create({
              name,
              buildingId: null,
              unit: '',
              room: '',
              phone: '',
              tags: [],
              note: '',
            }),
          )
        }
        // The fund's sub-funds (the fund's own screen makes them: e2e/fund.test.ts).
        unwrap(
          await window.api.fund.createSubfund({ name: '助老关爱', restriction: '限定性', purpose: '独居老人助餐' }),
        )
        unwrap(await window.api.fund.createSubfund({ name: '社区公益综合', restriction: '非限定性', purpose: '' }))
        const ids: number[] = []
        for (const d of days) {
          const m = unwrap(
            await window.api.meetings.create({
              kind: '议事会例会',
              title: `议事会（${d}）`,
              start: `${d}T19:00`,
              end: `${d}T21:00`,
              roomId: null,
              councilId: null,
            }),
          )
          ids.push(m.id)
        }
        return ids
      },
      { days: meetingDays },
    )

    // 1. The partner; a wrong check character is refused in Chinese and nothing is saved.
    await nav(page, '合伙人').click()
    await page.getByRole('button', { name: '新增合伙人' }).click()
    let d = dialog(page, '新增合伙人')
    await d.waitFor()
    await d.getByText('个体工商户', { exact: true }).click()
    await d.getByLabel('名称').fill('幸福里咖啡')
    await d.getByLabel('统一社会信用代码').fill('91350100M000100Y44')
    await eventually(() => page.getByTestId('credit-code-hint').innerText()).toContain('校验码不对')
    await d.getByLabel('联系人').fill('周店长')
    await d.getByLabel('联系电话').fill('13912345678')
    await d.getByRole('button', { name: '保存' }).click()
    await eventually(() => d.locator('.el-alert').innerText()).toContain('校验码不对（按前 17 位应为「3」）')
    expect(await app.database.db.selectFrom('partners').select('id').execute()).toEqual([])
    await d.getByLabel('统一社会信用代码').fill('91350100M000100Y43')
    await eventually(() => page.getByTestId('credit-code-hint').innerText()).toBe('校验码正确')
    await screenshot(page, 'partners-01-新增合伙人')
    await d.getByRole('button', { name: '保存' }).click()
    await page.getByRole('heading', { name: /幸福里咖啡/ }).waitFor()
    expect(await page.getByTestId('partner-phone').innerText()).toBe('139****5678')
    await screenshot(page, 'partners-02-合伙人详情')

    // 2. The agreement: an end before the start is refused, then the term is put right.
    await page.getByRole('button', { name: '新签协议' }).click()
    d = dialog(page, '新签协议')
    await d.waitFor()
    await d.getByLabel('协议名称').fill('闲置用房换社区服务')
    await fillDate(d, '开始日期', start)
    await fillDate(d, '结束日期', addDays(start, -1))
    await d.getByLabel('社区签订人').fill('居委会主任 王芳')
    await d.getByLabel('合伙人签订人').fill('周店长')
    await d.getByRole('button', { name: '保存' }).click()
    await eventually(() => d.locator('.el-alert').innerText()).toContain('结束日期早于开始日期')
    await fillDate(d, '结束日期', end)
    await d.getByRole('button', { name: '保存' }).click()
    await page.getByTestId('agreement-state').waitFor()
    expect(await page.getByTestId('agreement-state').innerText()).toBe('草拟')

    // What the community provides: the idle space.
    await page.getByRole('button', { name: '添加社区提供的内容' }).click()
    d = dialog(page, '添加社区提供的内容')
    await d.waitFor()
    await d.getByLabel('内容').fill('闲置用房')
    await d.getByLabel('折算年价值').fill('96000')
    await d.getByRole('button', { name: '保存' }).click()
    await commitment(page, '闲置用房').waitFor()

    // What the café commits to: meetings (counted from meetings), three jobs, 10 % of profit.
    await page.getByRole('button', { name: '添加合伙人的承诺' }).click()
    d = dialog(page, '添加合伙人的承诺')
    await d.waitFor()
    await d.getByLabel('内容').fill('承办议事会')
    await formItem(d, '每期次数').locator('input').fill('2')
    await d.getByText('承办的议事会开过后自动计入').click()
    await d.getByRole('button', { name: '保存' }).click()
    await commitment(page, '承办议事会').waitFor()

    await page.getByRole('button', { name: '添加合伙人的承诺' }).click()
    await d.waitFor()
    await d.getByText('保持人数', { exact: true }).click()
    await d.getByLabel('内容').fill('社区就业岗位')
    await formItem(d, '每期末在岗').locator('input').fill('3')
    await d.getByRole('button', { name: '保存' }).click()
    await commitment(page, '社区就业岗位').waitFor()

    await page.getByRole('button', { name: '添加合伙人的承诺' }).click()
    await d.waitFor()
    await d.getByText('比例分成', { exact: true }).click()
    await d.getByLabel('内容').fill('利润捐入公益基金')
    await d.locator('input[name="commitment-rate"]').fill('120')
    await eventually(() => formItem(d, '比例').innerText()).toContain('比例不能超过 100%')
    await d.getByRole('button', { name: '保存' }).click()
    await eventually(() => d.locator('.el-alert').innerText()).toContain('比例不能超过 100%')
    await d.locator('input[name="commitment-rate"]').fill('10')
    await eventually(() => formItem(d, '比例').innerText()).toContain('四舍五入到分')
    await formItem(d, '履约率权重').locator('input').fill('2')
    await d.getByRole('button', { name: '保存' }).click()
    await commitment(page, '利润捐入公益基金').waitFor()
    expect(await page.getByTestId('balance').innerText()).toContain('¥96,000.00')
    await screenshot(page, 'partners-03-协议草拟')

    // 签订: the periods are made.
    await page.getByRole('button', { name: '签订', exact: true }).click()
    d = dialog(page, '签订协议')
    await d.waitFor()
    await d.getByRole('button', { name: '签订' }).click()
    await eventually(() => page.getByTestId('agreement-state').innerText()).toBe('生效')

    // 3. Two meetings name the café as host and are held: the count is credited by itself.
    for (const id of meetingIds) {
      await page.goto(`${app.url}/#/meetings/${id}`)
      await page.getByTestId('meeting-title').waitFor()
      await page.getByRole('button', { name: '修改会议信息' }).click()
      const md = dialog(page, '修改会议')
      await md.waitFor()
      await formItem(md, '承办合伙人').locator('.el-select__wrapper').click()
      await page.getByRole('option', { name: '幸福里咖啡', exact: true }).click()
      await md.getByRole('button', { name: '保存' }).click()
      await md.waitFor({ state: 'hidden' })
      await page.getByRole('button', { name: '已发出通知' }).click()
      await expectToast(page, '会议状态已改为「已通知」')
      await page.getByRole('button', { name: '会议开始' }).click()
      await expectToast(page, '会议状态已改为「进行中」')
    }
    await page.goto(`${app.url}/#/meetings?view=month&date=${meetingDays[0]}`)
    await eventually(() => page.getByTestId('chip-host').count()).toBe(2)
    expect(await page.getByTestId('chip-host').first().innerText()).toBe('幸福里咖啡承办')
    await screenshot(page, 'partners-04-日程显示承办合伙人')

    await page.goBack()
    await page.goBack()
    await page.goto(`${app.url}/#/partners/agreements`)
    await page
      .getByRole('link', { name: /合字第/ })
      .first()
      .click()
    await commitment(page, '承办议事会').waitFor()
    const first = periodRow(page, '承办议事会', start)
    await eventually(() => first.getByTestId('cell-actual').innerText()).toBe('2')
    expect(await first.getByTestId('cell-credited').innerText()).toBe('2')
    expect(await first.innerText()).toContain('2 次会议')

    // 4. Three jobs, by name from the roster.
    for (const name of ['赵敏', '钱进', '孙丽']) {
      const box = commitment(page, '社区就业岗位')
      await box.locator('.el-select__wrapper').click()
      await box.locator('.el-select input').fill(name)
      await page.getByRole('option', { name: new RegExp(`^${name}`) }).click()
      await box.getByLabel('岗位').fill('店员')
      await box.locator('input[aria-label="到岗日期"]').fill(start)
      await box.locator('input[aria-label="到岗日期"]').press('Enter')
      await box.getByRole('button', { name: '登记在岗' }).click()
      await expectToast(page, '已登记在岗人员')
      await eventually(() => box.getByTestId('holder').filter({ hasText: name }).count()).toBe(1)
    }
    await eventually(() => periodRow(page, '社区就业岗位', month2).getByTestId('cell-credited').innerText()).toBe('3')

    // 5. A monthly profit of 12,345.67 元 gives 1,234.57 元 due; it is paid into the charity fund
    // from the period's own screen (the fund's income dialog opens with the period and its due).
    const agreementUrl = page.url()
    const openPeriod = async () => {
      await periodRow(page, '利润捐入公益基金', start).getByRole('button', { name: /登记/ }).click()
      const dlg = page.locator('.el-dialog').filter({ hasText: '合伙人申报的本期利润' })
      await dlg.waitFor()
      return dlg
    }
    let pd = await openPeriod()
    await pd.getByLabel('本期利润（元，亏损写负数）').fill('12345.67')
    await eventually(() => pd.getByTestId('due-preview').innerText()).toContain('本期应缴 ¥1,234.57')
    await pd.getByRole('button', { name: '登记利润' }).click()
    await expectToast(page, '已登记本期利润')
    await eventually(() => pd.getByTestId('period-planned').innerText()).toContain('¥1,234.57')
    await screenshot(page, 'partners-05-登记利润')
    const payFromPeriod = async () => {
      await pd.getByRole('button', { name: '缴入公益基金' }).click()
      const income = dialog(page, '登记收入')
      await income.waitFor()
      await eventually(() => income.getByLabel('金额（元）').inputValue()).toBe('1234.57')
      return income
    }
    let income = await payFromPeriod()
    expect(await formItem(income, '缴的是哪一期').innerText()).toContain('应缴 ¥1,234.57')
    expect(await income.getByLabel('捐赠人或付款方').count()).toBe(0)
    await screenshot(page, 'partners-05b-缴入公益基金')
    // A three-decimal amount, and more than is owed, are refused; nothing is saved.
    await income.getByLabel('金额（元）').fill('1234.567')
    await income.getByRole('button', { name: '记账' }).click()
    await eventually(() => income.getByTestId('dialog-error').innerText()).toContain('小数点后最多两位')
    await income.getByLabel('金额（元）').fill('1243.57')
    await income.getByRole('button', { name: '记账' }).click()
    await eventually(() => income.getByTestId('dialog-error').innerText()).toContain(
      '这一期还应缴 ¥1,234.57，¥1,243.57 多了 ¥9.00',
    )
    expect(await app.database.db.selectFrom('fund_entries').select('id').execute()).toEqual([])
    // The due, into the first sub-fund offered (助老关爱) — the wrong one: this money is unrestricted.
    await income.getByLabel('金额（元）').fill('1234.57')
    await income.getByRole('button', { name: '记账' }).click()
    await income.waitFor({ state: 'hidden' })
    const balanceOf = (name: string) => page.getByTestId(`subfund-${name}`).getByTestId('subfund-balance')
    await eventually(() => balanceOf('助老关爱').innerText()).toBe('¥1,234.57')

    // The wrong entry is reversed on its own page; the period's payment goes with it.
    const year = today.slice(0, 4)
    await page
      .getByTestId('fund-entries')
      .getByRole('link', { name: `${year}-0001` })
      .click()
    await page.getByTestId('entry-title').waitFor()
    await page.getByRole('button', { name: '冲销' }).click()
    const rd = dialog(page, '冲销这笔收支')
    await rd.getByLabel('冲销原因').fill('记错了子基金，应记入社区公益综合')
    await rd.getByRole('button', { name: '冲销' }).click()
    await rd.waitFor({ state: 'hidden' })
    await eventually(() => page.getByTestId('reversed-note').innerText()).toContain(`${year}-0002`)
    await page.goto(agreementUrl)
    await commitment(page, '利润捐入公益基金').waitFor()
    await eventually(() => periodRow(page, '利润捐入公益基金', start).getByTestId('cell-credited').innerText()).toBe(
      '¥0.00',
    )
    pd = await openPeriod()
    await eventually(() => pd.getByTestId('period-payments').innerText()).toContain('公益基金冲销')
    expect(await pd.getByTestId('period-actual').innerText()).toBe('¥0.00')
    await screenshot(page, 'partners-05c-冲销后的一期')

    // Paid again, this time from the fund's own 登记收入 (合伙人承诺 → the partner → its periods
    // still owing, the due prefilled), into the right sub-fund.
    await pd.locator('.el-dialog__footer').getByRole('button', { name: '关闭' }).click()
    await nav(page, '公益基金').click()
    await page.getByRole('button', { name: '登记收入' }).click()
    income = dialog(page, '登记收入')
    await income.waitFor()
    await income.getByText('合伙人承诺', { exact: true }).click()
    await formItem(income, '合伙人').locator('.el-select__wrapper').click()
    await formItem(income, '合伙人').locator('input').fill('咖啡')
    await page.getByRole('option', { name: '幸福里咖啡' }).click()
    await formItem(income, '缴的是哪一期').locator('.el-select__wrapper').click()
    await page.getByRole('option', { name: /应缴 ¥1,234\.57$/ }).click()
    await eventually(() => income.getByLabel('金额（元）').inputValue()).toBe('1234.57')
    await formItem(income, '子基金').locator('.el-select__wrapper').click()
    await page.getByRole('option', { name: /^社区公益综合/ }).click()
    await income.getByRole('button', { name: '记账' }).click()
    await income.waitFor({ state: 'hidden' })
    await eventually(() => balanceOf('社区公益综合').innerText()).toBe('¥1,234.57')
    expect(await balanceOf('助老关爱').innerText()).toBe('¥0.00')
    expect(await page.getByTestId('fund-total').innerText()).toBe('合计余额 ¥1,234.57')
    await screenshot(page, 'partners-05d-公益基金收支')

    // The receipt of the café's payment, with the amount in capitals.
    await page
      .getByTestId('fund-entries')
      .getByRole('link', { name: `${year}-0003` })
      .click()
    await page.getByRole('link', { name: '打印捐赠收据' }).click()
    await page.getByTestId('print-sheet').waitFor()
    for (const part of ['stub', 'receipt']) {
      const text = await page.getByTestId(`receipt-${part}`).innerText()
      expect(text).toContain('人民币壹仟贰佰叁拾肆元伍角柒分')
      expect(text).toContain('幸福里咖啡')
    }
    await screenshot(page, 'partners-05e-捐赠收据')
    // The public notice: the café's payment shown, the wrong entry and its reversal left off.
    await page.goto(`${app.url}/#/fund`)
    await page.getByRole('link', { name: '打印收支公示' }).click()
    await page.getByTestId('print-sheet').waitFor()
    const notice = await page.getByTestId('print-sheet').innerText()
    expect(notice).toContain('幸福里咖啡')
    expect(notice).toContain('¥1,234.57')
    expect(notice).toContain('本期有 1 笔录错后已冲销的收支')
    await screenshot(page, 'partners-05f-收支公示')

    await page.goto(agreementUrl)
    await commitment(page, '利润捐入公益基金').waitFor()
    await eventually(() => periodRow(page, '利润捐入公益基金', start).getByTestId('cell-credited').innerText()).toBe(
      '¥1,234.57',
    )
    expect(await periodRow(page, '利润捐入公益基金', start).getByTestId('cell-planned').innerText()).toBe('¥1,234.57')

    // 6. 履约率: meetings 2 of 4 (the second month had none), jobs 6 of 6, profit 1,234.57 of 1,234.57;
    // weighted 1 : 1 : 2 → (50 % + 100 % + 2 × 100 %) ÷ 4 = 87.5 %.
    await eventually(() => commitment(page, '承办议事会').getByTestId('commitment-rate').innerText()).toBe(
      '履约率 50.0%',
    )
    expect(await commitment(page, '承办议事会').getByTestId('commitment-status').innerText()).toBe('逾期')
    expect(await commitment(page, '社区就业岗位').getByTestId('commitment-rate').innerText()).toBe('履约率 100.0%')
    expect(await page.getByTestId('overall-rate').innerText()).toBe('87.5%')
    await page.getByTestId('overall-rate').hover()
    await eventually(() => page.locator('.el-popper:visible').innerText()).toContain('权重在签订时确定')
    await commitment(page, '承办议事会').getByTestId('commitment-rate').hover()
    await eventually(() => page.locator('.el-popper:visible').last().innerText()).toContain(
      '2 ÷ 4（已结束且未豁免的 2 期）',
    )
    await screenshot(page, 'partners-06-协议与履约')
    expect(await englishOnScreen(page)).toEqual([])

    // 7. The 履约评估表 for the renewal decision.
    await page.getByRole('link', { name: '打印履约评估表' }).click()
    await page.getByTestId('print-sheet').waitFor()
    expect(await page.getByTestId('evaluation-overall').innerText()).toBe('87.5%')
    expect(await page.getByTestId('evaluation-rows').innerText()).toContain('¥1,234.57')
    await screenshot(page, 'partners-07-履约评估表')

    // The credit follows the meeting: a held meeting hosted elsewhere no longer counts.
    const rows = await app.database.db.selectFrom('partner_meeting_credits').select('meeting_id').execute()
    expect(rows.map((r) => r.meeting_id).sort()).toEqual([...meetingIds].sort())
  })
})
