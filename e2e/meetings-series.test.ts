import { describe, expect, it } from 'vitest'
import { chromiumPath, screenshot } from './support/app'
import { dialog, pickOption } from './support/community'
import { nowIso, officeDate } from '../shared/time'
import { addDays, chineseDate } from '../shared/dates'
import { seriesHorizon } from '../electron/meetings/series-service'
import { day, openCalendar, seed } from './support/meetings'
import { app, english, eventually, fillDate, formItem, freshAppPerTest } from './support/screen-test'

/**
 * 议事会日程 end to end, the series: a monthly series moved off 国庆节, and a series without an end
 * scheduled only two years ahead. Prerequisites (community, residents, council, room) go in through
 * window.api; the subject of each test goes through the screens.
 */

describe.skipIf(!chromiumPath)('议事会日程', () => {
  freshAppPerTest('zz-失败时的画面')

  it('新建系列会议“每月第一个周四 19:00”，遇节假日顺延：10 月 1 日国庆节挪到 10 月 8 日', async () => {
    const { page, database } = app
    await seed(page)
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '议事会日程' }).click()
    await page.getByTestId('calendar-title').waitFor()

    await page.getByRole('button', { name: '新建系列会议' }).click()
    const d = dialog(page, '新建系列会议')
    await d.waitFor()
    await pickOption(page, formItem(d, '会议类型').locator('.el-select__wrapper'), '议事会例会')
    await formItem(d, '会议名称').locator('input').fill('居民议事会例会')
    // 每月 · 第一个 · 周四 · 19:00 · 120 分钟 are the defaults; the rule reads back in plain words.
    await eventually(() => d.getByTestId('series-rule-text').innerText()).toBe('每月第一个周四 19:00–21:00')
    await fillDate(d, '从哪天开始', '2026-09-01')
    await d.getByText('共举行几次').click()
    const count = d.getByRole('spinbutton', { name: '举行次数' })
    await count.fill('4')
    await d.getByText('顺延到下一个合适的日子').click()
    await pickOption(page, formItem(d, '场地').locator('.el-select__wrapper'), '社区议事厅')
    await formItem(d, '主持人').locator('input').fill('张建国')
    await screenshot(page, '31-新建系列会议')
    await d.getByRole('button', { name: '排出会议' }).click()

    const result = d.getByTestId('series-result')
    await result.waitFor()
    expect(await result.innerText()).toContain('已按“每月第一个周四 19:00”排出 4 次会议')
    expect(await d.getByTestId('series-notes').innerText()).toContain(
      '原定2026年10月1日适逢国庆节假期，顺延至2026年10月8日',
    )
    await screenshot(page, '31-新建系列会议-结果')
    await d.getByRole('button', { name: '关闭', exact: true }).click()
    await d.waitFor({ state: 'hidden' })

    const rows = await database.db
      .selectFrom('meetings')
      .select(['starts_at', 'holiday_note'])
      .orderBy('starts_at')
      .execute()
    expect(rows.map((r) => r.starts_at)).toEqual([
      '2026-09-03T11:00:00.000Z',
      '2026-10-08T11:00:00.000Z',
      '2026-11-05T11:00:00.000Z',
      '2026-12-03T11:00:00.000Z',
    ])

    // The calendar jumped to the first month; go on to October.
    await eventually(() => page.getByTestId('calendar-title').innerText()).toBe('2026年9月')
    await page.getByRole('button', { name: '下个月' }).click()
    await eventually(() => page.getByTestId('calendar-title').innerText()).toBe('2026年10月')
    await day(page, '2026-10-08').getByTestId('meeting-chip').waitFor()
    expect(await day(page, '2026-10-01').getByTestId('holiday-mark').innerText()).toBe('国庆节')
    expect(await day(page, '2026-10-01').getByTestId('meeting-chip').count()).toBe(0)
    expect(await day(page, '2026-10-08').getByTestId('meeting-chip').innerText()).toContain('19:00')
    expect(await day(page, '2026-10-08').getByTestId('meeting-chip').innerText()).toContain('居民议事会例会')
    expect(await day(page, '2026-10-10').getByTestId('adjusted-mark').innerText()).toBe('调休上班')
    // The holiday mark is red.
    const red = await day(page, '2026-10-01')
      .getByTestId('holiday-mark')
      .evaluate((el) => getComputedStyle(el).color)
    expect(red).toBe('rgb(192, 38, 27)')
    // The grid starts on Monday: 2026-09-28 is the first cell.
    expect(await page.getByTestId('calendar-day').first().getAttribute('data-date')).toBe('2026-09-28')
    await screenshot(page, '30-议事会日程-月视图-国庆顺延')
    expect(await english(page)).toEqual([])

    // Week and list views show the same meeting.
    await page.getByTestId('view-mode').getByText('周', { exact: true }).click()
    await page.getByRole('button', { name: '下一周' }).waitFor()
    await page.getByRole('button', { name: '今天' }).click()
    await openCalendar(page, 'week', '2026-10-08')
    await eventually(() => page.getByTestId('calendar-title').innerText()).toBe('2026年10月5日 – 10月11日')
    expect(await page.getByTestId('week-view').getByTestId('meeting-chip').innerText()).toContain('19:00–21:00')
    await screenshot(page, '30-议事会日程-周视图')
    await page.getByTestId('view-mode').getByText('列表').click()
    await page.getByTestId('meeting-table').waitFor()
    await eventually(() => page.getByTestId('meeting-table').locator('.el-table__body tr').count()).toBe(1)
    expect(await page.getByTestId('meeting-table').innerText()).toContain('居民议事会例会')
    await screenshot(page, '30-议事会日程-列表')

    // A year without the State Council's arrangement yet says so.
    await openCalendar(page, 'month', '2027-01-01')
    expect(await page.getByTestId('unknown-year-note').innerText()).toContain('2027年的放假和调休安排还没有录入')

    // A chip opens its meeting.
    await openCalendar(page, 'month', '2026-10-01')
    await day(page, '2026-10-08').getByTestId('meeting-chip').click()
    await page.getByTestId('meeting-title').waitFor()
    expect(new URL(page.url()).hash).toMatch(/^#\/meetings\/\d+/)
    expect(await page.getByText('原定2026年10月1日适逢国庆节假期，顺延').first().isVisible()).toBe(true)
    expect(app.pageErrors).toEqual([])
  })

  it('不设结束的系列会议只提前排两年：翻到两年以后，日历说明会议到时候会自动排上，不会一下子生成几千次会议', async () => {
    const { page, database } = app
    const s = await seed(page)
    const today = officeDate(nowIso())
    await page.evaluate(
      async ({ councilId, roomId, today }) => {
        const r = await window.api.meetings.createSeries({
          kind: '议事会例会',
          title: '每周四议事会',
          councilId,
          rule: { freq: 'weekly', interval: 1, weekday: 4 },
          startTime: '19:00',
          durationMinutes: 120,
          startsOn: today,
          end: { type: 'never', date: null, count: null },
          holidayPolicy: 'keep',
          roomId,
          host: '',
          recorder: '',
        })
        if (!r.ok) throw new Error(r.message)
      },
      { ...s, today },
    )
    const lastDay = addDays(seriesHorizon(today), -1)
    // Three years on: beyond what is scheduled, and the calendar says so.
    const far = `${Number(today.slice(0, 4)) + 3}-06-01`
    await openCalendar(page, 'month', far)
    const note = page.getByTestId('series-horizon-note')
    await eventually(() => note.innerText()).toBe(
      `系列会议只提前排到${chineseDate(lastDay)}；之后的会议到时候会自动排上。`,
    )
    expect(await page.getByTestId('meeting-chip').count()).toBe(0)
    await screenshot(page, '30-议事会日程-系列只排两年')
    // (The holiday note beside it still names the README; that wording is being changed elsewhere.)
    expect(await note.innerText()).not.toMatch(/[A-Za-z]/)
    const made = await database.db.selectFrom('meetings').select('starts_at').execute()
    expect(made.length).toBeLessThanOrEqual(106)
    // Next month is scheduled as usual, without the note.
    await openCalendar(page, 'month', addDays(today, 31))
    await page.getByTestId('meeting-chip').first().waitFor()
    expect(await page.getByTestId('series-horizon-note').count()).toBe(0)
    expect(app.pageErrors).toEqual([])
  })
})
