import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import {
  chromiumPath,
  closeBrowser,
  englishOnScreen,
  screenshot,
  startApp,
  STATIC_DIR,
  type TestApp,
} from './support/app'
import { dialog, expectToast, pickOption } from './support/community'
import { nowIso, officeDate } from '../shared/time'
import { addDays, chineseDate } from '../shared/dates'
import { seriesHorizon } from '../electron/meetings/series-service'

/**
 * 议事会日程 end to end: a monthly series moved off 国庆节, one meeting's agenda, attendance, vote,
 * minutes and carry-over, the projector driven from the chair's page, and bad input refused in
 * Chinese with nothing saved. Prerequisites (community, residents, council, room) go in through
 * window.api; the subject of each test goes through the screens.
 */

const CHINESE = /[\u4e00-\u9fa5]/

/**
 * expect.poll with room for a busy machine (its own default is one second). The projector checks
 * pass their own, stricter limit.
 */
function eventually<T>(fn: () => T | Promise<T>, options: { timeout?: number; interval?: number } = {}) {
  return expect.poll(fn, { timeout: 5000, ...options })
}

/**
 * English on screen, except "Enter": Element Plus's own zh-CN date tables read
 * “使用方向键与 Enter 键可选择日期” to screen readers, which names the key on the keyboard.
 */
async function english(page: Page): Promise<string[]> {
  return (await englishOnScreen(page)).filter((w) => w !== 'Enter')
}

interface Seeded {
  councilId: number
  termId: number
  roomId: number
  memberIds: number[]
}

/** A community of 100 households, seven residents, a council of six voting members and one 列席, a room. */
async function seed(page: Page): Promise<Seeded> {
  return page.evaluate(async () => {
    const unwrap = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
      if (!r.ok) throw new Error(r.message)
      return r.value
    }
    unwrap(
      await window.api.community.saveProfile({
        name: '幸福里社区',
        kind: '城市社区',
        address: '幸福路 88 号',
        phone: '',
      }),
    )
    const buildings: number[] = []
    for (const [name, households] of [
      ['1号楼', 40],
      ['2号楼', 60],
    ] as const) {
      const b = await window.api.community.createBuilding({
        name,
        gridId: null,
        households,
        residents: households * 2,
        note: '',
      })
      buildings.push(unwrap(b).id)
    }
    const names = ['张建国', '李秀英', '王志强', '赵丽华', '陈明', '刘芳', '周伟']
    const residents: number[] = []
    for (const [i, name] of names.entries()) {
      const r = await window.api.people.create({
        name,
        buildingId: buildings[i % 2]!,
        unit: '1',
        room: String(101 + i),
        phone: '',
        tags: [],
        note: '',
      })
      residents.push(unwrap(r).id)
    }
    const councilId = unwrap(
      await window.api.council.create({ name: '幸福里居民议事会', quorumRule: '过半数', passRule: '过半数', note: '' }),
    ).id
    const termId = unwrap(
      await window.api.council.createTerm({
        councilId,
        name: '第一届',
        startDate: '2026-01-01',
        endDate: '2028-12-31',
      }),
    ).id
    const memberIds: number[] = []
    for (const [i, residentId] of residents.entries()) {
      const m = await window.api.council.addMember({
        termId,
        residentId,
        role: i === 0 ? '召集人' : i === 6 ? '列席' : '成员',
        category: '居民代表',
        startDate: '2026-01-01',
        endDate: null,
      })
      memberIds.push(unwrap(m).id)
    }
    const roomId = unwrap(await window.api.meetings.createRoom({ name: '社区议事厅', capacity: 40, note: '' })).id
    return { councilId, termId, roomId, memberIds }
  })
}

/** The monthly series of the scenario, straight through window.api; returns its meetings by date. */
async function seedSeries(page: Page, s: Seeded): Promise<Record<string, number>> {
  return page.evaluate(async ({ councilId, roomId }) => {
    const r = await window.api.meetings.createSeries({
      kind: '议事会例会',
      title: '居民议事会例会',
      councilId,
      rule: { freq: 'monthly', interval: 1, nth: 1, weekday: 4 },
      startTime: '19:00',
      durationMinutes: 120,
      startsOn: '2026-09-01',
      end: { type: 'count', date: null, count: 4 },
      holidayPolicy: 'next',
      roomId,
      host: '张建国',
      recorder: '李秀英',
    })
    if (!r.ok) throw new Error(r.message)
    const list = await window.api.meetings.list({ from: '2026-09-01', to: '2026-12-31' })
    if (!list.ok) throw new Error(list.message)
    return Object.fromEntries(list.value.map((m) => [m.start.slice(0, 10), m.id]))
  }, s)
}

async function addItems(
  page: Page,
  meetingId: number,
  items: Array<{ title: string; type: '通报' | '讨论' | '表决'; presenter: string; plannedMinutes: number }>,
) {
  await page.evaluate(
    async ({ meetingId, items }) => {
      for (const i of items) {
        const r = await window.api.meetings.addItem({ meetingId, ...i })
        if (!r.ok) throw new Error(r.message)
      }
    },
    { meetingId, items },
  )
}

async function openCalendar(page: Page, view: 'month' | 'week' | 'list', date: string) {
  await page.goto(`${new URL(page.url()).origin}/#/meetings?view=${view}&date=${date}`)
  await page.getByTestId('calendar-title').waitFor()
}

async function openMeeting(page: Page, id: number, tab?: string) {
  await page.goto(`${new URL(page.url()).origin}/#/meetings/${id}${tab ? `?tab=${tab}` : ''}`)
  await page.getByTestId('meeting-title').waitFor()
}

function day(page: Page, date: string): Locator {
  return page.locator(`[data-testid="calendar-day"][data-date="${date}"]`)
}

function formItem(scope: Locator, label: string): Locator {
  return scope
    .locator('.el-form-item')
    .filter({ has: scope.page().locator('.el-form-item__label', { hasText: label }) })
}

/** Types into an el-time-select (a filterable select) and takes the matching time with Enter, as on a keyboard. */
async function pickTime(scope: Locator, label: string, time: string) {
  const item = formItem(scope, label)
  await item.locator('.el-select__wrapper').click()
  const input = item.locator('input')
  await input.fill(time)
  await input.press('Enter')
  await eventually(() => selectedText(scope, label)).toBe(time)
}

/** The text an el-select shows as chosen. */
async function selectedText(scope: Locator, label: string): Promise<string> {
  return (await formItem(scope, label).locator('.el-select__wrapper').innerText()).trim()
}

async function fillDate(scope: Locator, label: string, date: string) {
  const input = formItem(scope, label).locator('input').first()
  await input.fill(date)
  await input.press('Enter')
}

async function countRows(app: TestApp, table: 'meetings' | 'agenda_items' | 'attendance' | 'minutes') {
  const rows = await app.database.db.selectFrom(table).selectAll().execute()
  return rows.length
}

function agendaRow(page: Page, title: string): Locator {
  return page
    .getByTestId('agenda-table')
    .locator('.el-table__body tr')
    .filter({ has: page.locator('td:nth-child(2)', { hasText: title }) })
}

function rosterRow(page: Page, name: string): Locator {
  return page
    .getByTestId('roster-table')
    .locator('.el-table__body tr')
    .filter({ has: page.locator('.member-name', { hasText: new RegExp(`^${name}$`) }) })
}

function voteCard(page: Page, title: string): Locator {
  return page.getByTestId('vote-card').filter({ hasText: title })
}

async function addItemThroughDialog(
  page: Page,
  item: { title: string; type: '通报' | '讨论' | '表决'; presenter: string; minutes: number },
) {
  await page.getByRole('button', { name: '添加议程事项' }).click()
  const d = dialog(page, '添加议程事项')
  await d.waitFor()
  await formItem(d, '议题').locator('input').fill(item.title)
  await formItem(d, '类型').getByText(item.type, { exact: true }).click()
  await formItem(d, '汇报人').locator('input').fill(item.presenter)
  await d.getByRole('spinbutton', { name: '计划分钟' }).fill(String(item.minutes))
  await d.getByRole('button', { name: '保存' }).click()
  await d.waitFor({ state: 'hidden' })
  await agendaRow(page, item.title).waitFor()
}

describe.skipIf(!chromiumPath)('议事会日程', () => {
  let app: TestApp

  beforeEach(async ({ onTestFailed }) => {
    app = await startApp()
    // Say where the page was when a step timed out.
    onTestFailed(async () => {
      const built = statSync(join(STATIC_DIR, 'index.html')).mtime.toISOString()
      console.log(`失败时的地址：${app.page.url()}；界面构建于 ${built}；页面错误：${JSON.stringify(app.pageErrors)}`)
      await screenshot(app.page, 'zz-失败时的画面').catch(() => undefined)
    })
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

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

  it('一次会议：议程超时提醒、签到、表决由程序算出“通过”、纪要确认后锁定、未议完的事项顺延到下次会议', async () => {
    const { page, database } = app
    const s = await seed(page)
    const ids = await seedSeries(page, s)
    const oct = ids['2026-10-08']!
    const nov = ids['2026-11-05']!
    await openMeeting(page, oct)
    expect(await page.getByTestId('meeting-title').innerText()).toBe('居民议事会例会')
    await screenshot(page, '32-会议-基本信息')
    expect(await english(page)).toEqual([])

    // 议程: four items; the fourth pushes the plan past the meeting's 120 minutes.
    await page.getByRole('tab', { name: /^议程/ }).click()
    await addItemThroughDialog(page, { title: '三季度社区工作通报', type: '通报', presenter: '张建国', minutes: 20 })
    await addItemThroughDialog(page, { title: '3号楼加装电梯意见征集', type: '讨论', presenter: '王志强', minutes: 45 })
    await addItemThroughDialog(page, {
      title: '小区停车收费调整方案',
      type: '表决',
      presenter: '物业 刘经理',
      minutes: 40,
    })
    await expect
      .poll(() => page.getByTestId('agenda-totals').innerText())
      .toContain('议程合计 105 分钟 / 会议时长 120 分钟')
    expect(await page.getByTestId('agenda-warning').count()).toBe(0)
    await addItemThroughDialog(page, { title: '楼道堆物清理', type: '讨论', presenter: '赵丽华', minutes: 30 })
    const warning = page.getByTestId('agenda-warning')
    await warning.waitFor()
    expect(await warning.innerText()).toContain('议程合计 135 分钟，比会议时长（120 分钟）多 15 分钟')
    // Move 楼道堆物清理 up one place.
    await agendaRow(page, '楼道堆物清理').getByRole('button', { name: '上移' }).click()
    await expect
      .poll(async () =>
        (await page.getByTestId('agenda-table').locator('.el-table__body tr td:nth-child(2)').allInnerTexts()).map(
          (t) => t.trim(),
        ),
      )
      .toEqual(['三季度社区工作通报', '3号楼加装电梯意见征集', '楼道堆物清理', '小区停车收费调整方案'])
    const items = await database.db
      .selectFrom('agenda_items')
      .select(['title', 'type', 'planned_minutes', 'position'])
      .where('meeting_id', '=', oct)
      .orderBy('position')
      .execute()
    expect(items.map((i) => [i.position, i.title, i.type, i.planned_minutes])).toEqual([
      [1, '三季度社区工作通报', '通报', 20],
      [2, '3号楼加装电梯意见征集', '讨论', 45],
      [3, '楼道堆物清理', '讨论', 30],
      [4, '小区停车收费调整方案', '表决', 40],
    ])
    await screenshot(page, '33-会议-议程-超时提醒')

    // The meeting is held: 已发出通知 → 会议开始.
    await page.getByRole('tab', { name: '基本信息' }).click()
    await page.getByRole('button', { name: '已发出通知' }).click()
    await expectToast(page, '会议状态已改为「已通知」')
    await page.getByRole('button', { name: '会议开始' }).click()
    await expectToast(page, '会议状态已改为「进行中」')
    await eventually(() => page.getByTestId('meeting-status').innerText()).toBe('进行中')

    // 签到: three present, one by proxy, one on leave, one absent, the 列席 member, twelve residents.
    await page.getByRole('tab', { name: '签到与出席' }).click()
    await page.getByTestId('roster-table').waitFor()
    for (const [name, status] of [
      ['张建国', '出席'],
      ['李秀英', '出席'],
      ['王志强', '出席'],
      ['赵丽华', '委托'],
      ['陈明', '请假'],
      ['刘芳', '缺席'],
      ['周伟', '列席'],
    ] as const) {
      await rosterRow(page, name).getByRole('radiogroup').getByText(status, { exact: true }).click()
    }
    await pickOption(page, rosterRow(page, '赵丽华').locator('.el-select__wrapper'), '张建国')
    await page.getByLabel('其他到场居民').fill('12')
    await page.getByRole('button', { name: '保存签到' }).click()
    await eventually(() => page.getByTestId('quorum').innerText()).toContain('已达到法定人数')
    const summary = await page.getByTestId('attendance-summary').innerText()
    expect(summary.replace(/\s+/g, ' ')).toContain('应到 6 实到（出席） 3 委托 1 请假 1 缺席 1 列席 1 其他居民 12')
    expect(await page.getByTestId('quorum').innerText()).toContain(
      '到会 4 人（出席 3、委托 1），应到 6 人，按“过半数”至少要 4 人',
    )
    expect(await page.getByTestId('participation').innerText()).toContain('参与率 16%')
    const attendance = await database.db.selectFrom('attendance').selectAll().where('meeting_id', '=', oct).execute()
    expect(attendance).toHaveLength(7)
    expect(attendance.filter((a) => a.status === '委托').map((a) => a.proxy_member_id)).toEqual([s.memberIds[0]])
    await screenshot(page, '34-会议-签到与出席')

    // 表决: 3 for, 1 against, 0 abstain of 4 eligible → 通过, computed by the main process.
    await page.getByRole('tab', { name: /^表决/ }).click()
    const card = voteCard(page, '小区停车收费调整方案')
    expect(await card.getByTestId('eligible').innerText()).toBe('4')
    await card.getByRole('spinbutton', { name: '赞成票' }).fill('3')
    await card.getByRole('spinbutton', { name: '反对票' }).fill('1')
    await card.getByRole('spinbutton', { name: '弃权票' }).fill('0')
    await card.getByRole('button', { name: '保存表决结果' }).click()
    const verdict = card.getByTestId('vote-result')
    await verdict.waitFor()
    expect(await verdict.innerText()).toContain('通过')
    expect(await verdict.innerText()).not.toContain('未通过')
    const voted = await database.db
      .selectFrom('agenda_items')
      .select(['votes_for', 'votes_against', 'votes_abstain', 'votes_eligible', 'state'])
      .where('title', '=', '小区停车收费调整方案')
      .executeTakeFirstOrThrow()
    expect(voted).toEqual({ votes_for: 3, votes_against: 1, votes_abstain: 0, votes_eligible: 4, state: '已议' })
    await screenshot(page, '35-会议-表决-通过')

    // 楼道堆物清理 was not finished: it goes to the next meeting of the series (11 月 5 日).
    await page.getByRole('tab', { name: /^议程/ }).click()
    await agendaRow(page, '楼道堆物清理').getByRole('button', { name: '顺延到下次会议' }).click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    expect(await box.innerText()).toContain('楼道堆物清理')
    await box.getByRole('button', { name: '顺延', exact: true }).click()
    expect(await expectToast(page, '已顺延到下次会议')).toContain('2026年11月5日（周四） 19:00')
    await eventually(() => agendaRow(page, '楼道堆物清理').innerText()).toContain('顺延')
    const carried = await database.db
      .selectFrom('agenda_items')
      .select(['meeting_id', 'carried_from_id', 'state'])
      .where('title', '=', '楼道堆物清理')
      .orderBy('id')
      .execute()
    expect(carried.map((c) => [c.meeting_id, c.state, c.carried_from_id === null])).toEqual([
      [oct, '顺延', true],
      [nov, '待议', false],
    ])

    // 纪要: write, save, confirm; then it is locked and the meeting is 纪要已确认.
    await page.getByRole('tab', { name: '纪要' }).click()
    await page.getByLabel('纪要正文').fill('2026年10月8日晚在社区议事厅召开居民议事会例会，应到 6 人，到会 4 人。')
    await page.getByRole('textbox', { name: /小区停车收费调整方案/ }).fill('同意按方案调整，物业 11 月起执行。')
    await page.getByRole('button', { name: '保存纪要' }).click()
    await expectToast(page, '纪要已保存')
    await page.getByRole('button', { name: '确认纪要' }).click()
    const confirmBox = page.locator('.el-message-box')
    await confirmBox.waitFor()
    await confirmBox.getByRole('button', { name: '确认纪要' }).click()
    await eventually(() => page.getByTestId('minutes-status').innerText()).toBe('已确认')
    expect(await page.getByRole('textbox', { name: '纪要正文' }).count()).toBe(0)
    expect(await page.getByTestId('minutes-body-text').innerText()).toContain('应到 6 人，到会 4 人')
    expect(await page.getByRole('button', { name: '保存纪要' }).count()).toBe(0)
    await page.getByRole('button', { name: '公示' }).waitFor()
    const minutes = await database.db
      .selectFrom('minutes')
      .selectAll()
      .where('meeting_id', '=', oct)
      .executeTakeFirstOrThrow()
    expect(minutes.status).toBe('已确认')
    expect(minutes.body).toContain('应到 6 人，到会 4 人')
    const meetingRow = await database.db
      .selectFrom('meetings')
      .select('status')
      .where('id', '=', oct)
      .executeTakeFirstOrThrow()
    expect(meetingRow.status).toBe('纪要已确认')
    const outcome = await database.db
      .selectFrom('agenda_items')
      .select('outcome')
      .where('title', '=', '小区停车收费调整方案')
      .executeTakeFirstOrThrow()
    expect(outcome.outcome).toBe('同意按方案调整，物业 11 月起执行。')
    await screenshot(page, '36-会议-纪要已确认')
    // The agenda is frozen now.
    await page.getByRole('tab', { name: /^议程/ }).click()
    expect(await page.getByRole('button', { name: '添加议程事项' }).isDisabled()).toBe(true)

    // The next meeting has the carried item, saying where it came from.
    await openMeeting(page, nov, 'agenda')
    expect(await agendaRow(page, '楼道堆物清理').innerText()).toContain('从2026年10月8日顺延而来')
    expect(await english(page)).toEqual([])
    expect(app.pageErrors).toEqual([])
  })

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

  it('填错了：结束早于开始、会议名称空着、场地被占用、负数票、票数超过有表决权人数——都有中文提示，什么都没保存', async () => {
    const { page, database } = app
    const s = await seed(page)
    const ids = await seedSeries(page, s)
    const oct = ids['2026-10-08']!
    expect(await countRows(app, 'meetings')).toBe(4)

    await openCalendar(page, 'month', '2026-10-01')
    await page.getByRole('button', { name: '新建会议', exact: true }).click()
    const d = dialog(page, '新建会议')
    await d.waitFor()
    await formItem(d, '会议名称').locator('input').fill('楼道堆物专题协调会')
    await fillDate(d, '日期', '2026-10-08')
    await pickTime(d, '开始时间', '19:30')
    await pickTime(d, '结束时间', '18:00')
    await d.getByRole('button', { name: '保存' }).click()
    const error = d.getByTestId('dialog-error')
    await eventually(() => error.innerText()).toContain('结束时间要晚于开始时间')
    await screenshot(page, '40-新建会议-结束早于开始')
    expect(await countRows(app, 'meetings')).toBe(4)
    // Nothing typed is lost.
    expect(await formItem(d, '会议名称').locator('input').inputValue()).toBe('楼道堆物专题协调会')

    // Empty title.
    await pickTime(d, '结束时间', '21:00')
    await formItem(d, '会议名称').locator('input').fill('')
    await d.getByRole('button', { name: '保存' }).click()
    await eventually(() => error.innerText()).toContain('请填写「会议名称」')
    expect(await countRows(app, 'meetings')).toBe(4)

    // The room is taken by the series meeting that evening: the message names it.
    await formItem(d, '会议名称').locator('input').fill('楼道堆物专题协调会')
    await pickOption(page, formItem(d, '场地').locator('.el-select__wrapper'), '社区议事厅')
    await d.getByRole('button', { name: '保存' }).click()
    await eventually(() => error.innerText()).toContain('已被「居民议事会例会」占用')
    expect(await error.innerText()).toMatch(CHINESE)
    expect(await countRows(app, 'meetings')).toBe(4)

    // A weekday morning is warned about; a suggestion fills in the evening, and then it saves.
    await fillDate(d, '日期', '2026-10-13')
    await pickTime(d, '开始时间', '10:00')
    const advice = d.getByTestId('schedule-advice')
    await eventually(() => advice.innerText()).toContain('上班时间')
    await d.getByTestId('schedule-suggestion').filter({ hasText: '晚上 19:00' }).click()
    await eventually(() => selectedText(d, '开始时间')).toBe('19:00')
    expect(await selectedText(d, '结束时间')).toBe('20:30')
    await eventually(() => d.getByTestId('schedule-advice').count()).toBe(0)
    await d.getByRole('button', { name: '保存' }).click()
    await d.waitFor({ state: 'hidden' })
    const created = await database.db
      .selectFrom('meetings')
      .selectAll()
      .where('title', '=', '楼道堆物专题协调会')
      .execute()
    expect(created.map((m) => [m.starts_at, m.ends_at, m.room_id])).toEqual([
      ['2026-10-13T11:00:00.000Z', '2026-10-13T12:30:00.000Z', s.roomId],
    ])
    await day(page, '2026-10-13').getByTestId('meeting-chip').waitFor()

    // Votes: negative, then more than those eligible (4 present).
    await page.evaluate(
      async ({ oct, memberIds }) => {
        await window.api.meetings.addItem({
          meetingId: oct,
          title: '小区停车收费调整方案',
          type: '表决',
          presenter: '',
          plannedMinutes: 30,
        })
        const r = await window.api.meetings.recordAttendance({
          meetingId: oct,
          guestCount: 0,
          entries: memberIds
            .slice(0, 4)
            .map((memberId) => ({ memberId, status: '出席' as const, proxyMemberId: null })),
        })
        if (!r.ok) throw new Error(r.message)
      },
      { oct, memberIds: s.memberIds },
    )
    await openMeeting(page, oct, 'vote')
    const card = voteCard(page, '小区停车收费调整方案')
    await card.getByRole('spinbutton', { name: '赞成票' }).fill('3')
    await card.getByRole('spinbutton', { name: '反对票' }).fill('-1')
    await card.getByRole('spinbutton', { name: '弃权票' }).fill('0')
    await card.getByRole('button', { name: '保存表决结果' }).click()
    const voteError = card.getByTestId('vote-error')
    await eventually(() => voteError.innerText()).toContain('「反对票」不能是负数')
    const unvoted = () =>
      database.db
        .selectFrom('agenda_items')
        .select(['votes_for', 'votes_against', 'state'])
        .where('meeting_id', '=', oct)
        .executeTakeFirstOrThrow()
    expect(await unvoted()).toEqual({ votes_for: null, votes_against: null, state: '待议' })
    expect(await card.getByTestId('vote-result').count()).toBe(0)

    await card.getByRole('spinbutton', { name: '反对票' }).fill('2')
    await card.getByRole('button', { name: '保存表决结果' }).click()
    await eventually(() => voteError.innerText()).toContain('合计 5 票，超过了有表决权的出席人数（4 人）')
    expect(await unvoted()).toEqual({ votes_for: null, votes_against: null, state: '待议' })
    // What was typed is still there to correct.
    expect(await card.getByRole('spinbutton', { name: '赞成票' }).inputValue()).toBe('3')
    await screenshot(page, '41-表决-票数超过有表决权人数')
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

  it('延期、取消都要写原因（空着不行）；取消的会议在日历上划掉；会议场地可以添加', async () => {
    const { page, database } = app
    const s = await seed(page)
    const ids = await seedSeries(page, s)
    const nov = ids['2026-11-05']!
    const statusOf = async () =>
      database.db
        .selectFrom('meetings')
        .select(['status', 'status_reason'])
        .where('id', '=', nov)
        .executeTakeFirstOrThrow()

    await openMeeting(page, nov)
    await page.getByRole('button', { name: '延期…' }).click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    await box.getByRole('button', { name: '确定延期' }).click()
    await eventually(() => box.locator('.el-message-box__errormsg').innerText()).toBe('请填写原因')
    expect(await statusOf()).toEqual({ status: '草稿', status_reason: '' })
    await box.locator('textarea').fill('社区换届选举，改期另行通知')
    await box.getByRole('button', { name: '确定延期' }).click()
    await expectToast(page, '会议状态已改为「延期」')
    await eventually(() => page.getByTestId('meeting-status').innerText()).toBe('延期')
    expect(await statusOf()).toEqual({ status: '延期', status_reason: '社区换届选举，改期另行通知' })
    expect(await page.getByTestId('status-box').innerText()).toContain('原因：社区换届选举，改期另行通知')

    await page.getByRole('button', { name: '取消会议…' }).click()
    await box.waitFor()
    await box.locator('textarea').fill('与换届选举冲突，本月不再召开')
    await box.getByRole('button', { name: '确定取消会议' }).click()
    await eventually(() => page.getByTestId('meeting-status').innerText()).toBe('取消')
    expect(await statusOf()).toEqual({ status: '取消', status_reason: '与换届选举冲突，本月不再召开' })
    expect(await page.getByRole('button', { name: '修改会议信息' }).isDisabled()).toBe(true)

    // On the calendar the cancelled meeting is struck through and says so.
    await openCalendar(page, 'month', '2026-11-01')
    const chip = day(page, '2026-11-05').getByTestId('meeting-chip')
    await chip.waitFor()
    expect(await chip.getAttribute('data-status')).toBe('取消')
    expect(await chip.innerText()).toContain('已取消')
    expect(await chip.locator('.title').evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through')
    await screenshot(page, '45-议事会日程-取消的会议')

    // 会议场地: add a second room.
    await page.getByRole('button', { name: '会议场地' }).click()
    const rooms = dialog(page, '会议场地')
    await rooms.waitFor()
    // The rooms panel (shared with 议事会成员) opens its own 新增场地 form.
    const addRoom = async (name: string, capacity: string) => {
      await rooms.getByRole('button', { name: '新增场地' }).click()
      const form = dialog(page, '新增场地')
      await form.waitFor()
      await formItem(form, '场地名称').locator('input').fill(name)
      if (capacity) await formItem(form, '容纳人数').locator('input').fill(capacity)
      await form.getByRole('button', { name: '保存' }).click()
      return form
    }
    const added = await addRoom('党群服务中心活动室', '20')
    await added.waitFor({ state: 'hidden' })
    await rooms.getByTestId('room-table').getByText('党群服务中心活动室').waitFor()
    const roomRows = await database.db.selectFrom('rooms').select(['name', 'capacity']).orderBy('id').execute()
    expect(roomRows).toEqual([
      { name: '社区议事厅', capacity: 40 },
      { name: '党群服务中心活动室', capacity: 20 },
    ])
    // The same name twice is refused in Chinese, in the form, which stays open.
    const duplicate = await addRoom('社区议事厅', '')
    await eventually(() => duplicate.getByRole('alert').innerText()).toContain('已经有名为「社区议事厅」的场地了')
    expect(await database.db.selectFrom('rooms').select('id').execute()).toHaveLength(2)
    expect(await english(page)).toEqual([])
    expect(app.pageErrors).toEqual([])
  })
})
