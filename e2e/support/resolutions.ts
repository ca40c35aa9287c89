import type { Locator, Page } from 'playwright-core'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import type { Db } from '../../electron/database/open-database'
import { nowIso, officeDate } from '../../shared/time'
import { addDays } from '../../shared/dates'
import { seedCommunity } from '../../electron/testing/test-seed'
import * as agenda from '../../electron/meetings/agenda-service'
import * as attendance from '../../electron/meetings/attendance-service'
import * as meetings from '../../electron/meetings/meeting-service'
import * as resolutions from '../../electron/topics/resolution-service'
import * as topics from '../../electron/topics/topic-service'
import { screenshot, SCREENSHOT_DIR, type TestApp } from './app'
import { closeToasts } from './community'
import { formItem } from './screen-test'

/**
 * 决议督办's screen tests (e2e/resolutions-*.test.ts) share these: the scenario they start from, put in
 * through the services, the screenshots (with print media for the 督办单), and the counts they check.
 */

export interface Scenario {
  mayMeeting: number
  mayItem: number
  /** The council's next meeting, a few days from today: overdue work is reported there. */
  nextMeeting: number
  topicNumber: string
  overdueId: number
}

/**
 * The export seed's community (a held March meeting with a passed vote), plus a May meeting whose
 * passed vote came from 张秀英's phone call, and an overdue March resolution (due 2026-06-30).
 */
export async function seedScenario(db: Db): Promise<Scenario> {
  const s = await seedCommunity(db)
  const resident = await db.selectFrom('residents').select('id').where('name', '=', '张秀英').executeTakeFirstOrThrow()
  const room = await db.selectFrom('rooms').select('id').executeTakeFirstOrThrow()
  const category = await db
    .selectFrom('topic_categories')
    .select('id')
    .where('name', '=', '安全隐患')
    .executeTakeFirstOrThrow()
  const topic = await topics.createTopic(db, {
    receivedAt: '2026-04-20T10:00',
    channel: '电话',
    residentId: resident.id,
    gridId: null,
    buildingId: null,
    categoryId: category.id,
    urgency: '较急',
    description: '2号楼楼道灯坏了一个多月，晚上老人上下楼不安全，希望尽快修好',
    duplicateOfId: null,
  })
  const may = await meetings.createMeeting(db, {
    kind: '议事会例会',
    title: '五月议事会例会',
    start: '2026-05-14T19:00',
    end: '2026-05-14T21:00',
    roomId: room.id,
    councilId: s.councilId,
    host: '王芳',
    recorder: '赵磊',
  })
  const { itemId } = await topics.putOnAgenda(db, topic.id, {
    meetingId: may.id,
    title: '关于修复2号楼楼道灯的表决',
    type: '表决',
    plannedMinutes: 20,
    presenter: '张秀英',
  })
  await meetings.setStatus(db, may.id, '已通知', '')
  await meetings.setStatus(db, may.id, '进行中', '')
  const m = s.members
  await attendance.recordAttendance(
    db,
    may.id,
    [
      { memberId: m['王芳']!, status: '出席', proxyMemberId: null },
      { memberId: m['李建国']!, status: '出席', proxyMemberId: null },
      { memberId: m['张秀英']!, status: '出席', proxyMemberId: null },
      { memberId: m['刘洋']!, status: '出席', proxyMemberId: null },
      { memberId: m['陈静']!, status: '列席', proxyMemberId: null },
      { memberId: m['赵磊']!, status: '出席', proxyMemberId: null },
    ],
    8,
  )
  await agenda.recordVote(db, itemId, { for: 4, against: 0, abstain: 1 })
  await meetings.setStatus(db, may.id, '待整理纪要', '')
  // The next meeting is always just ahead of today, whenever the test runs.
  await meetings.setStatus(db, s.m.nextYear, '取消', '改期')
  const soon = addDays(officeDate(nowIso()), 3)
  const next = await meetings.createMeeting(db, {
    kind: '议事会例会',
    title: '下次议事会例会',
    start: `${soon}T19:00`,
    end: `${soon}T21:00`,
    roomId: room.id,
    councilId: s.councilId,
    host: '王芳',
    recorder: '赵磊',
  })

  const overdue = await resolutions.createResolution(db, s.items.passed, {
    text: '同意1号楼加装电梯方案，报街道审批后施工',
    leadDepartment: '物业服务中心',
    coDepartments: ['街道城建科'],
    dueDate: '2026-06-30',
  })
  await resolutions.addProgress(db, overdue.id, {
    text: '已将加装电梯方案报送街道城建科',
    at: '2026-04-02T10:00',
    reportedBy: '物业 刘经理',
  })
  return {
    mayMeeting: may.id,
    mayItem: itemId,
    nextMeeting: next.id,
    topicNumber: topic.number,
    overdueId: overdue.id,
  }
}

export async function openPath(page: Page, path: string) {
  await page.goto(`${new URL(page.url()).origin}/#${path}`)
}

/** A screenshot without the toasts of earlier steps covering the page. */
export async function shot(page: Page, name: string) {
  await closeToasts(page)
  await screenshot(page, name)
}

/** How the page comes out of the printer: print media, A4's printable width (174 mm ≈ 658 px). */
export async function printShot(page: Page, name: string) {
  await closeToasts(page)
  const viewport = page.viewportSize()!
  await page.setViewportSize({ width: 658, height: 930 })
  await page.emulateMedia({ media: 'print' })
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
  await page.emulateMedia({ media: null })
  await page.setViewportSize(viewport)
}

/** Poppler's pdfinfo/pdftoppm (Debian's poppler-utils, installed by .ci/run) read the printed PDF back. */
export function hasPoppler(): boolean {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    if (process.env.CI) throw new Error('找不到 pdfinfo（Debian 软件包 poppler-utils）')
    console.log('跳过：找不到 pdfinfo，督办单的 A4 页数没有检查。')
    return false
  }
}

/** Types a name into a filterable select that allows new entries, and takes it with Enter. */
export async function typeChoice(scope: Locator, label: string, value: string) {
  const item = formItem(scope, label)
  await item.locator('.el-select__wrapper').click()
  const input = item.locator('input')
  await input.fill(value)
  await scope.page().getByRole('option', { name: value, exact: true }).waitFor()
  await input.press('Enter')
}

export const count = async (app: TestApp, table: 'resolutions' | 'feedback' | 'resolution_progress') =>
  (await app.database.db.selectFrom(table).selectAll().execute()).length
export const statusOf = async (app: TestApp, id: number) =>
  (await app.database.db.selectFrom('resolutions').select('status').where('id', '=', id).executeTakeFirstOrThrow())
    .status
