import { describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { nowIso, officeDate } from '../shared/time'
import { addDays, chineseDate } from '../shared/dates'
import * as resolutions from '../electron/topics/resolution-service'
import * as feedback from '../electron/feedback/feedback-service'
import { chromiumPath } from './support/app'
import { dialog, nav } from './support/community'
import { openPath, seedScenario, shot, statusOf } from './support/resolutions'
import { agendaRow, app, english, eventually, fillDate, formItem, freshAppPerTest } from './support/screen-test'

/**
 * 决议督办 end to end, after the deadline and after the answer: an overdue resolution marked red,
 * filtered, reported on the next meeting's 督办通报, changed and withdrawn with the progress saying
 * so; and a resident's 不满意 reopening it with a reason. The meetings, votes and topic go in through
 * the services; the subject of the test goes through the screens.
 */

describe.skipIf(!chromiumPath)('决议督办', () => {
  freshAppPerTest('zz-失败时的画面-决议督办')

  it('逾期的决议：列表标红、按“逾期”筛选、列入下次会议的督办通报；修改与撤销记入进展', async () => {
    const { page } = app
    const s = await seedScenario(app.database.db)
    await page.reload()

    await nav(page, '决议督办').click()
    const table = page.getByTestId('resolution-table')
    await eventually(() => page.getByTestId('resolution-total').innerText()).toBe('共 1 项')
    const overdueRow = table.locator('.el-table__body tr').filter({ hasText: '〔2026〕议字第1号' })
    const overdueText = await overdueRow.innerText()
    expect(overdueText).toMatch(/逾期 \d+ 天/)
    const red = await overdueRow.locator('.overdue').evaluate((el) => getComputedStyle(el).color)
    expect(red).toBe('rgb(192, 38, 27)')
    await shot(page, '52-决议督办-列表')
    expect(await english(page)).toEqual([])

    // The 逾期 filter lives in the address, so 返回 comes back to it.
    await page.getByTestId('filter-status').click()
    await page.getByRole('option', { name: '逾期', exact: true }).click()
    await eventually(() => page.url()).toContain('status=')
    await eventually(() => table.locator('.el-table__body tr').count()).toBe(1)
    await page.getByTestId('filter-status').click()
    await page.getByRole('option', { name: '已办结', exact: true }).click()
    await eventually(() => page.getByTestId('resolution-total').innerText()).toBe('共 0 项')
    expect(await table.innerText()).toContain('没有符合条件的决议')
    await page.getByTestId('filter-status').click()
    await page.getByRole('option', { name: '全部状态', exact: true }).click()
    await eventually(() => page.getByTestId('resolution-total').innerText()).toBe('共 1 项')

    // 导出台账 of the year chosen in the filter: a real file in the host's export folder.
    await page.getByTestId('filter-year').click()
    await page.getByRole('option', { name: '2026年', exact: true }).click()
    await eventually(() => page.url()).toContain('year=2026')
    await page.getByTestId('export-resolutions').click()
    const result = page.getByTestId('export-result')
    await result.waitFor()
    const exported = /^已导出 1 条：(.+\.xlsx)$/.exec((await result.innerText()).trim())
    expect(exported).not.toBeNull()
    expect(existsSync(exported![1]!)).toBe(true)
    expect(exported![1]!.startsWith(app.exportDir)).toBe(true)
    await shot(page, '52-决议督办-导出台账')

    // The next meeting of the same council carries a 督办通报 that links back.
    await openPath(page, `/meetings/${s.nextMeeting}?tab=agenda`)
    const report = page.getByTestId('item-report')
    await report.waitFor()
    expect(await report.innerText()).toBe('逾期 〔2026〕议字第1号（物业服务中心）')
    await shot(page, '58-下次会议-督办通报')
    await report.click()
    await eventually(() => page.getByTestId('resolution-number').innerText()).toBe('〔2026〕议字第1号')
    const banner = page.getByTestId('overdue-banner')
    expect(await banner.innerText()).toMatch(/已逾期 \d+ 天：办理时限是2026年6月30日，物业服务中心还没有办结/)
    expect(await banner.innerText()).toContain('下次议事会例会')
    await shot(page, '53-决议详情-逾期')
    expect(await english(page)).toEqual([])

    // 修改: moving the due date of an overdue resolution needs a reason, and the history says the
    // old date had passed.
    const today = officeDate(nowIso())
    const overdueDays = Math.round((Date.parse(today) - Date.parse('2026-06-30')) / 86_400_000)
    await page.getByRole('button', { name: '修改' }).click()
    const edit = dialog(page, '修改决议 〔2026〕议字第1号')
    await edit.waitFor()
    expect(await formItem(edit, '修改原因').count()).toBe(1)
    const newDue = addDays(today, 60)
    await fillDate(edit, '办理时限', newDue)
    // The reason box now asks for the reason of the move, and says the old date had passed.
    const reasonItem = formItem(edit, '改期理由')
    await reasonItem.waitFor()
    expect(await reasonItem.getAttribute('class')).toContain('is-required')
    const note = await edit.getByTestId('due-moved-note').innerText()
    expect(note).toContain(`原期限2026年6月30日已逾期 ${overdueDays} 天。`)
    expect(note).toContain(
      `办理时限由2026年6月30日改为${chineseDate(newDue)}，理由会记入办理进展，并注明原期限已逾期。`,
    )
    await shot(page, '53-修改决议-改期限要写理由')
    await edit.getByRole('button', { name: '保存修改' }).click()
    await eventually(() => edit.getByRole('alert').innerText()).toContain('改办理时限要写明理由')
    expect(
      (
        await app.database.db
          .selectFrom('resolutions')
          .select('due_date')
          .where('id', '=', s.overdueId)
          .executeTakeFirstOrThrow()
      ).due_date,
    ).toBe('2026-06-30')
    await shot(page, '53-修改决议-改期限没写理由被拒绝')
    expect(await english(page)).toEqual([])
    await reasonItem.locator('input').fill('街道审批延后，议事会同意延期')
    await edit.getByRole('button', { name: '保存修改' }).click()
    await edit.waitFor({ state: 'hidden' })
    const timeline = page.getByTestId('progress-timeline')
    await eventually(() => timeline.innerText()).toContain('改期限')
    await eventually(() => timeline.innerText()).toContain(
      `办理时限由2026年6月30日改为${chineseDate(newDue)}（原期限已逾期 ${overdueDays} 天）。理由：街道审批延后，议事会同意延期`,
    )
    expect(await page.getByTestId('overdue-banner').count()).toBe(0)
    await shot(page, '53-决议详情-逾期后改期限')
    expect(await english(page)).toEqual([])
    // It stays on the coming meeting's 督办通报: the council hears of the extension.
    await openPath(page, `/meetings/${s.nextMeeting}?tab=agenda`)
    await eventually(() => page.getByTestId('item-report').innerText()).toBe('逾期 〔2026〕议字第1号（物业服务中心）')
    await openPath(page, `/resolutions/${s.overdueId}`)
    await eventually(() => page.getByTestId('resolution-number').innerText()).toBe('〔2026〕议字第1号')

    // 撤销 without a reason is refused; with one it is shown plainly.
    await page.getByRole('button', { name: '撤销' }).click()
    const v = dialog(page, '撤销决议')
    await v.waitFor()
    await v.getByRole('button', { name: '确认撤销' }).click()
    await eventually(() => v.getByRole('alert').innerText()).toBe('请填写「撤销原因」')
    expect(await statusOf(app, s.overdueId)).toBe('办理中')
    await formItem(v, '撤销原因').locator('textarea').fill('经六月议事会复议，改由业主自筹资金办理')
    await v.getByRole('button', { name: '确认撤销' }).click()
    await v.waitFor({ state: 'hidden' })
    await eventually(() => page.getByTestId('voided-banner').innerText()).toContain(
      '此决议已撤销，不再办理。撤销原因：经六月议事会复议，改由业主自筹资金办理',
    )
    expect(await statusOf(app, s.overdueId)).toBe('已撤销')
    expect(await page.getByRole('button', { name: '登记进展' }).count()).toBe(0)
    await shot(page, '53-决议详情-已撤销')

    // 适老模式: the page still reads in one column of large text.
    await page.locator('.el-switch', { has: page.getByRole('switch', { name: '适老模式（大字）' }) }).click()
    await eventually(() => page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px')
    await shot(page, '59-决议详情-适老模式')
    await openPath(page, `/meetings/${s.mayMeeting}?tab=agenda`)
    await agendaRow(page, '关于修复2号楼楼道灯的表决').getByRole('button', { name: '形成决议' }).click()
    const form = dialog(page, '形成决议')
    await form.waitFor()
    await shot(page, '59-形成决议-适老模式')
    await form.getByRole('button', { name: '取消' }).click()
    await form.waitFor({ state: 'hidden' })
    await nav(page, '决议督办').click()
    await eventually(() => page.getByTestId('resolution-total').innerText()).toBe('共 1 项')
    await shot(page, '59-决议督办-列表-适老模式')
    // The May topic was decided without a resolution: that decision is the answer still to tell.
    await nav(page, '待告知居民').click()
    const topicRow = page.getByTestId('to-tell-row').filter({ hasText: `居民议题 ${s.topicNumber}` })
    await topicRow.waitFor()
    expect(await topicRow.getByTestId('to-tell-message').inputValue()).toContain(
      '已在2026年5月14日五月议事会例会上讨论',
    )
    await shot(page, '59-待告知居民-适老模式')
    // Told at home: a topic's feedback is recorded on the topic, and it leaves the list.
    await topicRow.getByRole('button', { name: '已告知' }).click()
    const tell = dialog(page, `已告知：${s.topicNumber}`)
    await tell.waitFor()
    // The cursor starts on 反馈方式; the arrow keys choose 上门.
    await eventually(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? '')).toBe(
      '微信群',
    )
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    await eventually(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? '')).toBe(
      '上门',
    )
    await tell.getByRole('button', { name: '保存' }).click()
    await tell.waitFor({ state: 'hidden' })
    await eventually(() => page.getByTestId('to-tell-total').innerText()).toBe('共 0 项')
    const told = await app.database.db.selectFrom('feedback').selectAll().executeTakeFirstOrThrow()
    expect(told).toMatchObject({ resolution_id: null, channel: '上门', satisfaction: null })
    expect(told.content).toContain('已在2026年5月14日五月议事会例会上讨论')
    expect(
      (await app.database.db.selectFrom('topics').select('told_at').executeTakeFirstOrThrow()).told_at,
    ).not.toBeNull()
    expect(app.pageErrors).toEqual([])
  })

  it('居民评价不满意：重新办理（原因必填），退回办理中，办理进展写明经过', async () => {
    const { page } = app
    const s = await seedScenario(app.database.db)
    const db = app.database.db
    await resolutions.completeResolution(db, s.overdueId, {
      note: '街道已批复，电梯完成安装',
      at: null,
      reportedBy: '物业 刘经理',
    })
    await feedback.addFeedback(
      db,
      { resolutionId: s.overdueId },
      { channel: '上门', toldAt: null, content: '上门告知电梯已装好', satisfaction: '不满意' },
    )
    await page.reload()
    await openPath(page, `/resolutions/${s.overdueId}`)
    await eventually(() => page.getByTestId('resolution-status').innerText()).toBe('已评价')
    expect(await page.getByTestId('dissatisfied-banner').innerText()).toContain('居民评价不满意')
    await shot(page, '53-决议详情-居民不满意')

    await page.getByRole('button', { name: '重新办理' }).click()
    const d = dialog(page, '重新办理 〔2026〕议字第1号')
    await d.waitFor()
    await eventually(() =>
      page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.name ?? ''),
    ).toBe('reopen-reason')
    await d.getByRole('button', { name: '退回重新办理' }).click()
    await eventually(() => d.getByRole('alert').innerText()).toBe('请填写「重新办理的原因」')
    expect(await statusOf(app, s.overdueId)).toBe('已评价')
    await formItem(d, '重新办理的原因').locator('textarea').fill('居民反映电梯运行噪音大，夜间影响休息')
    const due = addDays(officeDate(nowIso()), 45)
    await fillDate(d, '新的办理时限', due)
    await shot(page, '53-重新办理')
    expect(await english(page)).toEqual([])
    await d.getByRole('button', { name: '退回重新办理' }).click()
    await d.waitFor({ state: 'hidden' })
    await eventually(() => page.getByTestId('resolution-status').innerText()).toBe('办理中')
    expect(await statusOf(app, s.overdueId)).toBe('办理中')
    const timeline = page.getByTestId('progress-timeline')
    const text = await timeline.innerText()
    expect(text).toContain('重新办理')
    expect(text).toContain(
      `居民评价不满意，原「已评价」退回办理中，办理时限改为${chineseDate(due)}。原因：居民反映电梯运行噪音大，夜间影响休息`,
    )
    // The earlier completion stays in the record.
    expect(text).toContain('街道已批复，电梯完成安装')
    expect(await page.getByTestId('dissatisfied-banner').count()).toBe(0)
    await shot(page, '53-决议详情-重新办理之后')
    expect(await english(page)).toEqual([])
    expect(app.pageErrors).toEqual([])
  })
})
