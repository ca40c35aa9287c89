import type { Locator, Page } from 'playwright-core'
import { dialog } from './community'
import { eventually, formItem, agendaRow } from './screen-test'
import type { TestApp } from './app'

/**
 * 议事会日程's screen tests (e2e/meeting*.test.ts) share these: the community, council and room they
 * start from and a monthly series, put in through window.api; the addresses of the calendar and a
 * meeting; and the locators and steps of the meeting's screens.
 */

export const CHINESE = /[\u4e00-\u9fa5]/

export interface Seeded {
  councilId: number
  termId: number
  roomId: number
  memberIds: number[]
}

/** A community of 100 households, seven residents, a council of six voting members and one 列席, a room. */
export async function seed(page: Page): Promise<Seeded> {
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
export async function seedSeries(page: Page, s: Seeded): Promise<Record<string, number>> {
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

export async function addItems(
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

export async function openCalendar(page: Page, view: 'month' | 'week' | 'list', date: string) {
  await page.goto(`${new URL(page.url()).origin}/#/meetings?view=${view}&date=${date}`)
  await page.getByTestId('calendar-title').waitFor()
}

export async function openMeeting(page: Page, id: number, tab?: string) {
  await page.goto(`${new URL(page.url()).origin}/#/meetings/${id}${tab ? `?tab=${tab}` : ''}`)
  await page.getByTestId('meeting-title').waitFor()
}

export function day(page: Page, date: string): Locator {
  return page.locator(`[data-testid="calendar-day"][data-date="${date}"]`)
}

/** Types into an el-time-select (a filterable select) and takes the matching time with Enter, as on a keyboard. */
export async function pickTime(scope: Locator, label: string, time: string) {
  const item = formItem(scope, label)
  await item.locator('.el-select__wrapper').click()
  const input = item.locator('input')
  await input.fill(time)
  await input.press('Enter')
  await eventually(() => selectedText(scope, label)).toBe(time)
}

/** The text an el-select shows as chosen. */
export async function selectedText(scope: Locator, label: string): Promise<string> {
  return (await formItem(scope, label).locator('.el-select__wrapper').innerText()).trim()
}

export async function countRows(app: TestApp, table: 'meetings' | 'agenda_items' | 'attendance' | 'minutes') {
  const rows = await app.database.db.selectFrom(table).selectAll().execute()
  return rows.length
}

export function rosterRow(page: Page, name: string): Locator {
  return page
    .getByTestId('roster-table')
    .locator('.el-table__body tr')
    .filter({ has: page.locator('.member-name', { hasText: new RegExp(`^${name}$`) }) })
}

export function voteCard(page: Page, title: string): Locator {
  return page.getByTestId('vote-card').filter({ hasText: title })
}

export async function addItemThroughDialog(
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
