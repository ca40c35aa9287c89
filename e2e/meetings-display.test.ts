import { describe, expect, it } from 'vitest'
import { chromiumPath, screenshot } from './support/app'
import { addItems, day, openCalendar, openMeeting, seed, seedSeries } from './support/meetings'
import { app, english, eventually, freshAppPerTest } from './support/screen-test'

/**
 * 议事会日程 end to end on screen: the projector driven from the chair's page, and 适老模式 with the
 * keyboard. Prerequisites go in through window.api; the subject goes through the screens.
 */

describe.skipIf(!chromiumPath)('议事会日程', () => {
  freshAppPerTest('zz-失败时的画面')

  it('投屏：主持人页面按 → 和空格，另一个页面上的投屏 2 秒内跟着变；1920×1080 下标题字号不小于 64px', async () => {
    const { page, context, url, database } = app
    const s = await seed(page)
    const ids = await seedSeries(page, s)
    const oct = ids['2026-10-08']!
    await addItems(page, oct, [
      { title: '三季度社区工作通报', type: '通报', presenter: '张建国', plannedMinutes: 20 },
      { title: '小区停车收费调整方案', type: '表决', presenter: '物业 刘经理', plannedMinutes: 40 },
      { title: '楼道堆物清理', type: '讨论', presenter: '赵丽华', plannedMinutes: 30 },
    ])
    // Attendance and a vote on item 2, so the projector shows a tally.
    await page.evaluate(
      async ({ oct, memberIds }) => {
        const r = await window.api.meetings.recordAttendance({
          meetingId: oct,
          guestCount: 5,
          entries: memberIds
            .slice(0, 5)
            .map((memberId) => ({ memberId, status: '出席' as const, proxyMemberId: null })),
        })
        if (!r.ok) throw new Error(r.message)
        const agenda = await window.api.meetings.get({ id: oct })
        if (!agenda.ok) throw new Error(agenda.message)
        const vote = agenda.value.agenda.items.find((i) => i.type === '表决')!
        const v = await window.api.meetings.recordVote({ id: vote.id, for: 4, against: 1, abstain: 0 })
        if (!v.ok) throw new Error(v.message)
      },
      { oct, memberIds: s.memberIds },
    )

    // The projector page, as a second window would show it.
    const projector = await context.newPage()
    await projector.setViewportSize({ width: 1920, height: 1080 })
    await projector.goto(`${url}/#/projection`)
    await projector.getByTestId('projection-waiting').waitFor()
    expect(await projector.getByTestId('projection-waiting').innerText()).toContain('等待主持人开始投屏')
    expect(await projector.locator('nav').count()).toBe(0)
    await screenshot(projector, '37-投屏-等待')

    await openMeeting(page, oct)
    // In a plain browser 开始投屏 opens the projector itself as a second window.
    const popupPromise = context.waitForEvent('page')
    await page.getByRole('button', { name: '开始投屏' }).click()
    const popup = await popupPromise
    await popup.waitForLoadState()
    expect(new URL(popup.url()).hash).toBe('#/projection')
    await popup.close()

    const title = projector.getByTestId('projection-current-title')
    await eventually(() => title.innerText(), { timeout: 2000 }).toBe('三季度社区工作通报')
    expect(await projector.getByTestId('projection-progress').innerText()).toBe('第 1 / 3 项')
    expect(await projector.getByTestId('projection-meeting-title').innerText()).toBe('居民议事会例会')

    // → on the chair's page: the projector follows within 2 seconds.
    let t0 = Date.now()
    await page.keyboard.press('ArrowRight')
    await eventually(() => title.innerText(), { timeout: 2000, interval: 100 }).toBe('小区停车收费调整方案')
    expect(Date.now() - t0).toBeLessThan(2000)
    expect(await projector.getByTestId('projection-progress').innerText()).toBe('第 2 / 3 项')
    const vote = await projector.getByTestId('projection-vote').innerText()
    expect(vote.replace(/\s+/g, ' ')).toContain('赞成 4 反对 1 弃权 0')
    expect(await projector.getByTestId('projection-verdict').innerText()).toBe('通过')
    expect(await projector.getByTestId('projection-countdown').innerText()).toMatch(/剩余\s*(40:00|39:5\d)/)

    // Space pauses the clock; the chair's bar says so too.
    t0 = Date.now()
    await page.keyboard.press(' ')
    await expect
      .poll(() => projector.getByTestId('projection-countdown').innerText(), { timeout: 2000, interval: 100 })
      .toContain('暂停')
    expect(Date.now() - t0).toBeLessThan(2000)
    await eventually(() => page.getByTestId('projection-clock').innerText()).toContain('已暂停')

    // Space on a focused button toggles the clock only; it does not also press the button.
    await page.getByRole('button', { name: '下一项 →' }).focus()
    await page.keyboard.press(' ')
    await eventually(() => page.getByTestId('projection-clock').innerText()).toContain('计时中')
    await projector.waitForTimeout(800)
    expect(await title.innerText()).toBe('小区停车收费调整方案')
    await page.keyboard.press(' ')
    await expect
      .poll(() => projector.getByTestId('projection-countdown').innerText(), { timeout: 2000 })
      .toContain('暂停')

    // The title is at least 64px on a 1920×1080 projector.
    const size = await title.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    expect(size).toBeGreaterThanOrEqual(64)
    const colors = await projector.getByTestId('projection').evaluate((el) => ({
      bg: getComputedStyle(el).backgroundColor,
      fg: getComputedStyle(el.querySelector('[data-testid="projection-current-title"]')!).color,
    }))
    expect(colors).toEqual({ bg: 'rgb(0, 0, 0)', fg: 'rgb(255, 255, 255)' })
    await screenshot(projector, '38-投屏-1920x1080-表决结果')

    // Keys typed into a text box are not projector commands.
    await page.getByRole('tab', { name: '纪要' }).click()
    await page.getByLabel('纪要正文').click()
    await page.keyboard.press('ArrowRight')
    await page.keyboard.type(' ')
    await projector.waitForTimeout(1200)
    expect(await title.innerText()).toBe('小区停车收费调整方案')

    // Over time: the clock turns red and says 超时 (the item's clock is set back two hours).
    await page.getByTestId('projection-controls').focus()
    await page.keyboard.press('ArrowLeft')
    await eventually(() => title.innerText(), { timeout: 2000, interval: 100 }).toBe('三季度社区工作通报')
    const state = await database.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'projection')
      .executeTakeFirstOrThrow()
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000).toISOString()
    await database.db
      .updateTable('settings')
      .set({ value: JSON.stringify({ ...JSON.parse(state.value), runningSince: twoHoursAgo, elapsedBefore: 0 }) })
      .where('key', '=', 'projection')
      .execute()
    const countdown = projector.getByTestId('projection-countdown')
    await eventually(() => countdown.innerText(), { timeout: 2000 }).toContain('超时')
    expect(await countdown.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 92, 92)')
    await screenshot(projector, '39-投屏-超时')

    // 结束投屏: the projector goes back to waiting.
    await page.getByRole('button', { name: '结束投屏' }).click()
    await projector.getByTestId('projection-waiting').waitFor({ timeout: 2000 })
    expect(await english(projector)).toEqual([])
    expect(app.pageErrors).toEqual([])
  })

  it('适老模式：日程和会议页整体放大、不出现横向滚动；只用键盘也能从日历打开会议', async () => {
    const { page } = app
    const s = await seed(page)
    const ids = await seedSeries(page, s)
    const oct = ids['2026-10-08']!
    await addItems(page, oct, [
      { title: '三季度社区工作通报', type: '通报', presenter: '张建国', plannedMinutes: 20 },
      { title: '小区停车收费调整方案', type: '表决', presenter: '物业 刘经理', plannedMinutes: 40 },
    ])
    await page.evaluate(() => window.api.settings.save({ elderMode: true }))
    await openCalendar(page, 'month', '2026-10-01')
    await page.reload()
    await day(page, '2026-10-08').getByTestId('meeting-chip').waitFor()
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px')
    // Neither the page nor any table scrolls sideways.
    const overflow = () =>
      page.evaluate(() => {
        const boxes = [document.querySelector('#main')!, ...document.querySelectorAll('.el-table .el-scrollbar__wrap')]
        return Math.max(...boxes.map((b) => b.scrollWidth - b.clientWidth))
      })
    expect(await overflow()).toBeLessThanOrEqual(0)
    await screenshot(page, '42-适老模式-月视图')

    // Keyboard only: the meeting chip is a button; Enter opens the meeting.
    await day(page, '2026-10-08').getByTestId('meeting-chip').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('meeting-title').waitFor()
    await page.getByRole('tab', { name: /^议程/ }).click()
    await page.getByTestId('agenda-table').locator('.el-table__body tr').nth(1).waitFor()
    expect(await overflow()).toBeLessThanOrEqual(0)
    await screenshot(page, '43-适老模式-会议议程')
    await page.getByRole('tab', { name: '签到与出席' }).click()
    await page.getByTestId('roster-table').waitFor()
    expect(await overflow()).toBeLessThanOrEqual(0)
    await screenshot(page, '44-适老模式-签到')
    expect(app.pageErrors).toEqual([])
  })
})
