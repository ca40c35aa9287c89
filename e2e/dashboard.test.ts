import type { Page } from 'playwright-core'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as XLSX from 'xlsx'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Db } from '../electron/database/open-database'
import { nowIso, officeDate } from '../shared/time'
import { daysBetween } from '../shared/dates'
import * as community from '../electron/community/community-service'
import * as roster from '../electron/people/roster-service'
import * as meetings from '../electron/meetings/meeting-service'
import * as agenda from '../electron/meetings/agenda-service'
import * as topics from '../electron/topics/topic-service'
import * as resolutions from '../electron/topics/resolution-service'
import * as feedback from '../electron/feedback/feedback-service'
import { chromiumPath, closeBrowser, englishOnScreen, screenshot, startApp, type TestApp } from './support/app'
import { expectToast } from './support/community'

/**
 * 数据看板 end to end: a year of the loop goes in through the services (five topics from five
 * channels, a held meeting whose agenda has two of them among four items, three resolutions — one
 * done on time, one done late, one overdue — feedback with three different ratings), then the
 * screen must show exactly the figures those records give, explain each one on hover and on focus,
 * draw the charts with their numbers in words, list the overdue resolution, and export both 台账.
 */

/** A moment after everything seeded here happened (the services refuse times in the future). */
const LATER = '2026-11-21T02:00:00.000Z'
const YEAR = '?from=2026-01-01&to=2026-12-31'

interface Seeded {
  overdueId: number
}

async function seed(db: Db): Promise<Seeded> {
  await community.saveProfile(db, { name: '幸福里社区', kind: '城市社区', address: '幸福路 88 号', phone: '' })
  const building = await community.createBuilding(db, {
    name: '1号楼',
    gridId: null,
    households: 40,
    residents: 100,
    note: '',
  })
  const resident = async (name: string, room: string) =>
    (
      await roster.createResident(db, {
        name,
        buildingId: building.id,
        unit: '1',
        room,
        phone: '',
        tags: [],
        note: '',
      })
    ).id
  const li = await resident('李建国', '101')
  const zhang = await resident('张秀英', '102')
  const wang = await resident('王小明', '103')
  const category = (
    await db.selectFrom('topic_categories').select('id').where('name', '=', '环境卫生').executeTakeFirstOrThrow()
  ).id
  const topic = (
    receivedAt: string,
    channel: topics.TopicInput['channel'],
    residentId: number | null,
    description: string,
  ) =>
    topics.createTopic(
      db,
      {
        receivedAt,
        channel,
        residentId,
        gridId: null,
        buildingId: null,
        categoryId: category,
        urgency: '一般',
        description,
        duplicateOfId: null,
      },
      LATER,
    )

  // Five topics, one per channel: March ×2, April, May, July.
  const lamp = await topic('2026-03-02T09:00', '微信群', li, '北门路灯不亮')
  const clutter = await topic('2026-03-03T10:00', '电话', zhang, '楼道堆放杂物')
  const routed = await topic('2026-04-10T09:00', '意见箱', null, '垃圾站气味大')
  const declined = await topic('2026-05-06T15:00', '走访', wang, '希望免费停车')
  await topic('2026-07-15T16:00', '网格员', null, '健身器材松动')

  // 转办 at 10:00, answered 8 hours later (城管's limit is 24): on time.
  await topics.routeTopic(db, routed.id, { department: null, reason: '请城管处理' }, '2026-04-10T02:00:00.000Z')
  await topics.recordDepartmentReply(db, routed.id, { text: '已清洗垃圾站', at: '2026-04-10T18:00' }, LATER)
  await topics.rejectTopic(db, declined.id, '停车收费由业委会决定', '2026-05-07T02:00:00.000Z')

  // The March council: four agenda items, two of them residents' topics.
  const { id: meetingId } = await meetings.createMeeting(db, {
    kind: '议事会例会',
    title: '三月议事会',
    start: '2026-03-20T19:00',
    end: '2026-03-20T21:00',
    roomId: null,
    councilId: null,
    host: '王芳',
    recorder: '赵磊',
  })
  await agenda.addItem(db, meetingId, { title: '上月工作通报', type: '通报', presenter: '王芳', plannedMinutes: 10 })
  const lampItem = await topics.putOnAgenda(
    db,
    lamp.id,
    { meetingId, title: '北门路灯', type: '讨论', plannedMinutes: 20, presenter: '' },
    LATER,
  )
  const clutterItem = await topics.putOnAgenda(
    db,
    clutter.id,
    { meetingId, title: '楼道堆物', type: '讨论', plannedMinutes: 20, presenter: '' },
    LATER,
  )
  await agenda.addItem(db, meetingId, { title: '社区活动安排', type: '讨论', presenter: '', plannedMinutes: 15 })
  await meetings.setStatus(db, meetingId, '已通知', '')
  await meetings.setStatus(db, meetingId, '进行中', '')
  await agenda.setItemState(db, lampItem.itemId, '已议')
  await agenda.setItemState(db, clutterItem.itemId, '已议')

  const AFTER = '2026-03-21T01:00:00.000Z'
  const decide = (itemId: number, text: string, dueDate: string) =>
    resolutions.createResolution(db, itemId, { text, leadDepartment: '物业', coDepartments: [], dueDate }, AFTER)
  const onTime = await decide(lampItem.itemId, '更换北门路灯', '2026-04-30')
  const late = await decide(clutterItem.itemId, '清理楼道堆物', '2026-03-31')
  const overdue = await decide(lampItem.itemId, '修复北门围墙', '2026-06-30')

  // First action 37 h after the meeting ended (21:00), done 20 April: within the limit.
  await resolutions.addProgress(db, onTime.id, { text: '已报修', at: '2026-03-22T10:00', reportedBy: '物业' }, LATER)
  await resolutions.completeResolution(db, onTime.id, { note: '已更换', at: '2026-04-20T16:00', reportedBy: '' }, LATER)
  // Done 10 April, ten days after its limit (first action = completion, 492 h).
  await resolutions.completeResolution(db, late.id, { note: '已清理', at: '2026-04-10T09:00', reportedBy: '' }, LATER)

  const tell = (
    target: feedback.FeedbackTarget,
    channel: feedback.FeedbackInput['channel'],
    toldAt: string,
    satisfaction: feedback.FeedbackInput['satisfaction'],
  ) => feedback.addFeedback(db, target, { channel, toldAt, content: '已办好', satisfaction }, LATER)
  await tell({ resolutionId: onTime.id }, '微信群', '2026-04-22T19:00', '满意')
  await tell({ resolutionId: late.id }, '公告栏', '2026-04-12T10:00', '基本满意')
  await tell({ topicId: routed.id }, '电话', '2026-04-11T10:00', '不满意')
  return { overdueId: overdue.id }
}

function card(page: Page, key: string) {
  return page.getByTestId(`figure-${key}`)
}

/** English a clerk would see, except "Enter" (Element Plus's date tables read it to screen readers). */
async function english(page: Page): Promise<string[]> {
  return (await englishOnScreen(page)).filter((w) => w !== 'Enter')
}

async function openDashboard(page: Page, query = YEAR) {
  await page.goto(`${page.url().split('#')[0]}#/dashboard${query}`)
  await card(page, 'topics').waitFor()
}

describe.skipIf(!chromiumPath)('数据看板', () => {
  let app: TestApp
  let s: Seeded

  beforeEach(async () => {
    app = await startApp()
    s = await seed(app.database.db)
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(async () => {
    await closeBrowser()
  })

  it('shows the figures the records give, each explained on hover and on keyboard focus', async () => {
    const { page } = app
    await openDashboard(page)
    await expect.poll(() => card(page, 'topics').innerText()).toContain('5 件')

    const expected: Record<string, string[]> = {
      topics: ['议题总数', '5 件', '上会\u00a02 · 转办\u00a01 · 不予采纳\u00a01'],
      agenda: ['居民议题占议程比例', '50%', '2/4 个议程事项'],
      routed: ['转办按时答复率', '100%', '1/1 件'],
      response: ['转办平均答复小时', '8 小时', '1 件已答复'],
      onTime: ['决议按时办结率', '33.3%', '1/3 件'], // on time, late, and one overdue and still open
      firstAction: ['平均首次行动小时', '264.5 小时', '2 件决议'], // (37 + 492) / 2
      completion: ['平均办结小时', '615.5 小时', '2 件决议'], // (739 + 492) / 2
      told: ['居民已告知比例', '75%', '3/4 件'], // the declined topic has not been told
      satisfaction: ['满意率', '66.7%', '2/3 次评价'],
      overdue: ['逾期决议', '1 件'],
    }
    for (const [key, parts] of Object.entries(expected)) {
      const text = await card(page, key).innerText()
      for (const part of parts) expect(text, key).toContain(part)
    }
    expect(await page.getByTestId('figures').innerText()).not.toMatch(/NaN|undefined|null/)

    // Hover: the one line that says how the figure was made.
    await card(page, 'agenda').hover()
    const tip = page.locator('.figure-explain').filter({ visible: true })
    await expect.poll(() => tip.innerText()).toContain('共 4 个议程事项，其中 2 个由居民议题转来')
    await screenshot(page, '60-数据看板-说明')

    // Keyboard: Tab onto the next card shows its line; screen readers get it through aria-describedby.
    await page.mouse.move(0, 0)
    await card(page, 'agenda').focus()
    await page.keyboard.press('Tab')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('figure-routed')
    await expect.poll(() => tip.innerText()).toContain('在分类规定的时限内答复')
    const describedBy = await card(page, 'routed').getAttribute('aria-describedby')
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain('在分类规定的时限内答复')
    expect(await card(page, 'routed').getAttribute('aria-label')).toBe('转办按时答复率：100%，1/1 件')
    await page.keyboard.press('Escape')
    await expect.poll(() => tip.count()).toBe(0)

    expect(await english(page)).toEqual([])
    expect(app.pageErrors).toEqual([])
  })

  it('draws the charts on canvas with their numbers in words, and lists the overdue resolution', async () => {
    const { page } = app
    await openDashboard(page)
    for (const chart of ['chart-months', 'chart-channels', 'chart-satisfaction']) {
      await page.getByTestId(chart).locator('canvas').first().waitFor()
    }
    const monthLabel = await page.getByTestId('chart-months').locator('[role="img"]').getAttribute('aria-label')
    expect(monthLabel).toContain('3月 2 件（电话 1 件、微信群 1 件）')
    expect(monthLabel).toContain('6月 0 件')
    const channelLabel = await page.getByTestId('chart-channels').locator('[role="img"]').getAttribute('aria-label')
    expect(channelLabel).toBe(
      '议题来源渠道：走访 1 件，电话 1 件，意见箱 1 件，微信群 1 件，网格员 1 件，座谈会 0 件，其他 0 件',
    )
    expect(await page.getByTestId('chart-satisfaction').locator('[role="img"]').getAttribute('aria-label')).toBe(
      '满意度评价：满意 1 次，基本满意 1 次，不满意 1 次',
    )

    const cells = (testid: string) =>
      page
        .getByTestId(testid)
        .locator('tr')
        .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent!.trim())))
    const months = await cells('table-months')
    expect(months[0]).toEqual(['来源渠道', ...Array.from({ length: 12 }, (_, i) => `${i + 1}月`), '合计'])
    expect(months.find((r) => r[0] === '微信群')).toEqual(['微信群', '0', '0', '1', ...Array(9).fill('0'), '1'])
    expect(months.at(-1)).toEqual(['合计', '0', '0', '2', '1', '1', '0', '1', ...Array(5).fill('0'), '5'])
    expect(await cells('table-satisfaction')).toEqual([
      ['评价', '次数', '占比'],
      ['满意', '1', '33.3%'],
      ['基本满意', '1', '33.3%'],
      ['不满意', '1', '33.3%'],
    ])
    expect((await cells('table-channels'))[1]).toEqual(['走访', '1', '20%'])

    // Overdue as of today: 30 June → today.
    const days = daysBetween('2026-06-30', officeDate(nowIso()))
    const overdue = page.getByTestId('overdue-table').locator('.el-table__body tr')
    await expect.poll(() => overdue.count()).toBe(1)
    expect((await overdue.first().innerText()).split(/\s*\n\s*|\t/).filter(Boolean)).toEqual([
      '〔2026〕议字第3号',
      '修复北门围墙',
      '物业',
      '2026年6月30日',
      `逾期 ${days} 天`,
    ])
    expect(await overdue.first().getByRole('link').getAttribute('href')).toBe(`#/resolutions/${s.overdueId}`)

    await screenshot(page, '61-数据看板')
    expect(await english(page)).toEqual([])
    expect(app.pageErrors).toEqual([])
  })

  it('a period with nothing in it says 暂无数据, never NaN; presets change the period and the address', async () => {
    const { page } = app
    await openDashboard(page)
    await page.getByTestId('period-presets').getByText('去年').click()
    const lastYear = new Date().getFullYear() - 1 // the browser's clock decides what 去年 is
    await expect.poll(() => page.url()).toContain(`from=${lastYear}-01-01&to=${lastYear}-12-31`)
    if (lastYear !== 2026) {
      await expect.poll(() => card(page, 'topics').innerText()).toContain('0 件')
      for (const key of ['agenda', 'routed', 'onTime', 'told', 'satisfaction']) {
        expect(await card(page, key).innerText(), key).toContain('暂无数据')
      }
      for (const key of ['response', 'firstAction', 'completion']) {
        expect(await card(page, key).innerText(), key).toContain('暂无数据')
      }
      expect(await card(page, 'agenda').innerText()).toContain('0/0')
      expect(await page.getByTestId('chart-months').innerText()).toContain('这段时间还没有登记议题。')
      expect(await page.getByTestId('chart-months').locator('canvas').count()).toBe(0)
    }
    expect(await page.locator('main').innerText()).not.toMatch(/NaN/)
    // The overdue list is as of today, whatever the period.
    expect(await card(page, 'overdue').innerText()).toContain('1 件')
    await screenshot(page, '62-数据看板-去年')

    // A range of one's own, typed with the keyboard: March 2026 has the two topics of the meeting.
    await page.getByLabel('统计期间开始日期').fill('2026年3月1日')
    await page.keyboard.press('Enter')
    await page.getByLabel('统计期间结束日期').fill('2026年3月31日')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.url()).toContain('from=2026-03-01&to=2026-03-31')
    await expect.poll(() => card(page, 'topics').innerText()).toContain('2 件')
    expect(await page.getByTestId('period-text').innerText()).toContain('2026年3月1日至2026年3月31日')
    expect(await page.getByTestId('period-presets').locator('.is-active').count()).toBe(0)
    expect(await english(page)).toEqual([])
    expect(app.pageErrors).toEqual([])
  })

  it('exports the topic register and the resolution register from the dashboard', async () => {
    const { page } = app
    await openDashboard(page)
    await page.getByRole('button', { name: '导出议题征集台账' }).click()
    await expectToast(page, '已导出议题征集台账（共 5 件议题）')
    const topicFile = join(app.exportDir, '议题征集台账-2026-01-01至2026-12-31.xlsx')
    expect(existsSync(topicFile)).toBe(true)
    const topicRows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(readFileSync(topicFile)).Sheets['议题征集台账']!, {
      header: 1,
      raw: false,
      defval: '',
    })
    expect(topicRows[0]![0]).toBe('幸福里社区2026年议题征集台账')
    expect(topicRows.slice(2, 7).map((r) => r[4])).toEqual(['李*国', '张*英', '匿名', '王*明', '匿名'])

    await page.getByRole('button', { name: '导出2026年决议督办台账' }).click()
    await expectToast(page, '已导出2026年决议督办台账（共 3 件决议）')
    const resolutionFile = join(app.exportDir, '决议督办台账-2026年.xlsx')
    expect(existsSync(resolutionFile)).toBe(true)
    const book = XLSX.read(readFileSync(resolutionFile))
    expect(book.SheetNames).toEqual(['决议督办台账', '办理进展'])
    const r = XLSX.utils.sheet_to_json<string[]>(book.Sheets['决议督办台账']!, { header: 1, raw: false, defval: '' })
    expect(r.slice(2, 5).map((x) => [x[1], x[10]])).toEqual([
      ['〔2026〕议字第1号', '是'],
      ['〔2026〕议字第2号', '否（超期10天）'],
      ['〔2026〕议字第3号', '否'],
    ])
    expect(app.pageErrors).toEqual([])
  })

  it('适老模式: larger text in the cards and the charts, nothing cut off', async () => {
    const { page } = app
    await openDashboard(page)
    await page.locator('.el-switch', { has: page.getByRole('switch', { name: '适老模式（大字）' }) }).click()
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px')
    await page.getByTestId('chart-months').locator('canvas').first().waitFor()
    const sizes = await page.evaluate(() => {
      const px = (sel: string) => parseFloat(getComputedStyle(document.querySelector(sel)!).fontSize)
      return { value: px('.figure-value'), label: px('.figure-label') }
    })
    expect(sizes.value).toBeGreaterThanOrEqual(38)
    expect(sizes.label).toBeGreaterThanOrEqual(19)
    // No card's text overflows its box.
    const overflowing = await page
      .getByTestId('figures')
      .locator('.figure-card')
      .evaluateAll((cards) =>
        cards.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.getAttribute('data-testid')),
      )
    expect(overflowing).toEqual([])
    await screenshot(page, '63-适老模式-数据看板')
    expect(await english(page)).toEqual([])
    expect(app.pageErrors).toEqual([])
  })
})
