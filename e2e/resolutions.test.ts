import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from '../electron/database/open-database'
import { nowIso, officeDate } from '../shared/time'
import { addDays, chineseDate } from '../shared/dates'
import { seedCommunity } from '../electron/testing/test-seed'
import * as agenda from '../electron/meetings/agenda-service'
import * as attendance from '../electron/meetings/attendance-service'
import * as meetings from '../electron/meetings/meeting-service'
import * as resolutions from '../electron/topics/resolution-service'
import * as feedback from '../electron/feedback/feedback-service'
import * as topics from '../electron/topics/topic-service'
import {
  chromiumPath,
  closeBrowser,
  englishOnScreen,
  screenshot,
  SCREENSHOT_DIR,
  startApp,
  STATIC_DIR,
  type TestApp,
} from './support/app'
import { closeToasts, dialog, expectToast, nav } from './support/community'

/**
 * 决议督办 end to end: a resolution formed on the agenda of a held meeting (bad due date and empty
 * text refused in Chinese, nothing saved), its number, progress, completion, the 待告知 message,
 * telling the resident with satisfaction, satisfaction refused without feedback, the 督办单 and the
 * overdue resolution carried onto the next meeting. The meetings, votes and topic go in through
 * the services; the subject of the test goes through the screens.
 */

function eventually<T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) {
  return expect.poll(fn, { timeout: 5000, ...options })
}

/** English on screen, except "Enter" (Element Plus's zh-CN date tables name the key). */
async function english(page: Page): Promise<string[]> {
  return (await englishOnScreen(page)).filter((w) => w !== 'Enter')
}

interface Scenario {
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
async function seedScenario(db: Db): Promise<Scenario> {
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

async function openPath(page: Page, path: string) {
  await page.goto(`${new URL(page.url()).origin}/#${path}`)
}

/** A screenshot without the toasts of earlier steps covering the page. */
async function shot(page: Page, name: string) {
  await closeToasts(page)
  await screenshot(page, name)
}

/** How the page comes out of the printer: print media, A4's printable width (174 mm ≈ 658 px). */
async function printShot(page: Page, name: string) {
  await closeToasts(page)
  const viewport = page.viewportSize()!
  await page.setViewportSize({ width: 658, height: 930 })
  await page.emulateMedia({ media: 'print' })
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
  await page.emulateMedia({ media: null })
  await page.setViewportSize(viewport)
}

/** Poppler's pdfinfo/pdftoppm (Debian's poppler-utils, installed by .ci/run) read the printed PDF back. */
function hasPoppler(): boolean {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    if (process.env.CI) throw new Error('找不到 pdfinfo（Debian 软件包 poppler-utils）')
    console.log('跳过：找不到 pdfinfo，督办单的 A4 页数没有检查。')
    return false
  }
}

function formItem(scope: Locator, label: string): Locator {
  return scope
    .locator('.el-form-item')
    .filter({ has: scope.page().locator('.el-form-item__label', { hasText: label }) })
}

/** Types a name into a filterable select that allows new entries, and takes it with Enter. */
async function typeChoice(scope: Locator, label: string, value: string) {
  const item = formItem(scope, label)
  await item.locator('.el-select__wrapper').click()
  const input = item.locator('input')
  await input.fill(value)
  await scope.page().getByRole('option', { name: value, exact: true }).waitFor()
  await input.press('Enter')
}

async function fillDate(scope: Locator, label: string, value: string) {
  const input = formItem(scope, label).locator('input').first()
  await input.fill(value)
  await input.press('Enter')
}

function agendaRow(page: Page, title: string): Locator {
  return page
    .getByTestId('agenda-table')
    .locator('.el-table__body tr')
    .filter({ has: page.locator('td:nth-child(2)', { hasText: title }) })
}

const count = async (app: TestApp, table: 'resolutions' | 'feedback' | 'resolution_progress') =>
  (await app.database.db.selectFrom(table).selectAll().execute()).length
const statusOf = async (app: TestApp, id: number) =>
  (await app.database.db.selectFrom('resolutions').select('status').where('id', '=', id).executeTakeFirstOrThrow())
    .status

describe.skipIf(!chromiumPath)('决议督办', () => {
  let app: TestApp

  beforeEach(async ({ onTestFailed }) => {
    app = await startApp()
    onTestFailed(async () => {
      const built = statSync(join(STATIC_DIR, 'index.html')).mtime.toISOString()
      console.log(`失败时的地址：${app.page.url()}；界面构建于 ${built}；页面错误：${JSON.stringify(app.pageErrors)}`)
      await screenshot(app.page, 'zz-失败时的画面-决议督办').catch(() => undefined)
    })
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  it('从议程形成决议（时限早于会议、内容为空都被拒绝），登记进展、办结，告知居民并记录满意度，打印督办单', async () => {
    const { page } = app
    const s = await seedScenario(app.database.db)
    await page.reload() // the sidebar shows the community seeded after the page opened
    await app.context.grantPermissions(['clipboard-read', 'clipboard-write'])

    // ---- the agenda tab: where the item came from, and 形成决议 ----
    await openPath(page, `/meetings/${s.mayMeeting}?tab=agenda`)
    const row = agendaRow(page, '关于修复2号楼楼道灯的表决')
    await row.waitFor()
    expect(await row.getByTestId('item-topic').innerText()).toBe(`居民议题 ${s.topicNumber}（电话）`)
    await row.getByTestId('item-topic').click()
    const peek = dialog(page, `居民议题 ${s.topicNumber}`)
    await peek.getByTestId('topic-peek').waitFor()
    expect(await peek.innerText()).toContain('2号楼楼道灯坏了一个多月')
    expect(await peek.innerText()).toContain('张秀英')
    await shot(page, '50-议程-居民议题来源')
    await peek.getByRole('button', { name: '关闭', exact: true }).click()
    await peek.waitFor({ state: 'hidden' })

    await row.getByRole('button', { name: '形成决议' }).click()
    const d = dialog(page, '形成决议')
    await d.waitFor()
    // The cursor starts in 决议内容.
    await eventually(() =>
      page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.name ?? ''),
    ).toBe('resolution-text')
    await typeChoice(d, '牵头部门', '物业服务中心')
    await typeChoice(d, '配合部门', '城管')
    await typeChoice(d, '配合部门', '社区电工班')
    await fillDate(d, '办理时限', '2026-05-01')
    await d.getByRole('button', { name: '形成决议' }).click()
    await eventually(() => d.getByRole('alert').innerText()).toBe('请填写「决议内容」')
    expect(await count(app, 'resolutions')).toBe(1)

    await formItem(d, '决议内容').locator('textarea').fill('更换2号楼各层楼道灯为声控节能灯，由物业一周内完成')
    await d.getByRole('button', { name: '形成决议' }).click()
    await eventually(() => d.getByRole('alert').innerText()).toBe(
      '「办理时限」不能早于作出决议的会议日期（2026年5月14日）。',
    )
    expect(await count(app, 'resolutions')).toBe(1)
    await shot(page, '51-形成决议-时限早于会议被拒绝')
    expect(await english(page)).toEqual([])

    await fillDate(d, '办理时限', '2026-12-31')
    await d.getByRole('button', { name: '形成决议' }).click()
    await d.waitFor({ state: 'hidden' })
    await expectToast(page, '已形成决议 〔2026〕议字第2号')
    await eventually(() => row.getByTestId('item-resolution').innerText()).toBe('〔2026〕议字第2号 · 待办')
    const saved = await app.database.db
      .selectFrom('resolutions')
      .selectAll()
      .where('agenda_item_id', '=', s.mayItem)
      .executeTakeFirstOrThrow()
    expect(saved).toMatchObject({
      year: 2026,
      seq: 2,
      lead_department: '物业服务中心',
      co_departments: JSON.stringify(['城管', '社区电工班']),
      due_date: '2026-12-31',
      status: '待办',
    })
    await shot(page, '50-议程-形成决议之后')
    expect(await english(page)).toEqual([])

    // ---- the resolution page: progress (append-only), then 记录满意度 with nothing told, then 办结 ----
    await row.getByTestId('item-resolution').click()
    await eventually(() => page.getByTestId('resolution-number').innerText()).toBe('〔2026〕议字第2号')
    expect(await page.getByTestId('resolution-status').innerText()).toBe('待办')
    expect(await page.getByText('进展记录只能追加，不能修改').count()).toBe(1)
    expect(await page.getByTestId('source-meeting').innerText()).toContain('五月议事会例会')

    await page.getByRole('button', { name: '登记进展' }).click()
    const p = dialog(page, '登记进展')
    await p.waitFor()
    await formItem(p, '办理进展').locator('textarea').fill('物业已采购声控灯20盏，周三开始更换')
    await formItem(p, '报告人').locator('input').fill('物业 王经理')
    await p.getByRole('button', { name: '保存' }).click()
    await p.waitFor({ state: 'hidden' })
    await eventually(() => page.getByTestId('resolution-status').innerText()).toBe('办理中')
    const timeline = page.getByTestId('progress-timeline')
    expect(await timeline.innerText()).toContain('物业已采购声控灯20盏')
    expect(await timeline.innerText()).toContain('报告人：物业 王经理')
    // Nothing in the record can be edited or removed.
    expect(await timeline.getByRole('button').count()).toBe(0)

    await page.getByRole('button', { name: '记录满意度' }).click()
    const rate = dialog(page, '记录满意度')
    await rate.waitFor()
    await rate.getByRole('button', { name: '保存' }).click()
    await eventually(() => rate.getByRole('alert').innerText()).toContain('还没有登记过向居民的反馈，不能记录满意度')
    expect(await count(app, 'feedback')).toBe(0)
    expect(await statusOf(app, saved.id)).toBe('办理中')
    await shot(page, '54-记录满意度-没有反馈被拒绝')
    await rate.getByRole('button', { name: '取消' }).click()
    await rate.waitFor({ state: 'hidden' })

    await page.getByRole('button', { name: '办结' }).click()
    const c = dialog(page, '办结')
    await c.waitFor()
    await formItem(c, '办结情况').locator('textarea').fill('2号楼1至6层楼道灯全部换成声控节能灯，已试亮')
    await formItem(c, '报告人').locator('input').fill('物业 王经理')
    await c.getByRole('button', { name: '确认办结' }).click()
    await c.waitFor({ state: 'hidden' })
    await eventually(() => page.getByTestId('resolution-status').innerText()).toBe('已办结')
    expect(await statusOf(app, saved.id)).toBe('已办结')
    expect(await count(app, 'resolution_progress')).toBe(3) // the seeded one, 进展, 办结
    await shot(page, '53-决议详情-已办结')
    expect(await english(page)).toEqual([])

    // ---- 待告知居民: the message, copy, the notice, 已告知 with satisfaction ----
    await nav(page, '待告知居民').click()
    const item = page.getByTestId('to-tell-row').filter({ hasText: '〔2026〕议字第2号' })
    await item.waitFor()
    expect(await item.getByTestId('to-tell-who').innerText()).toContain('张秀英（')
    const message = await item.getByTestId('to-tell-message').inputValue()
    expect(message).toContain('【幸福里社区议事会反馈】张*英居民：您2026年4月20日反映的')
    expect(message).toContain('形成决议〔2026〕议字第2号')
    expect(message).toContain('牵头部门物业服务中心已于')
    expect(await item.getByTestId('to-tell-days').innerText()).toBe('已等 0 天')
    await item.getByRole('button', { name: '复制' }).click()
    await expectToast(page, '已复制')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(message)
    await shot(page, '55-待告知居民')
    expect(await english(page)).toEqual([])

    // 打印公告: the chosen messages as one notice, only on paper.
    await item.locator('.pick').click()
    await eventually(() => page.getByTestId('print-notice').innerText()).toBe('打印公告（已选 1 条）')
    expect(await page.getByTestId('notice-sheet').isVisible()).toBe(false)
    await page.evaluate(() => document.documentElement.classList.add('print-alone'))
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByTestId('notice-sheet').isVisible()).toBe(true)
    // The notice's heading says who speaks, so each item drops the 【…反馈】 prefix.
    expect(await page.getByTestId('notice-sheet').innerText()).toContain(message.replace(/^【[^】]*】/, ''))
    expect(await page.getByRole('navigation', { name: '主菜单' }).isVisible()).toBe(false)
    await printShot(page, '56-待告知-打印公告')
    await page.evaluate(() => document.documentElement.classList.remove('print-alone'))

    await item.getByRole('button', { name: '已告知' }).click()
    const tell = dialog(page, '已告知：〔2026〕议字第2号')
    await tell.waitFor()
    expect(await formItem(tell, '告知内容').locator('textarea').inputValue()).toBe(message)
    await formItem(tell, '满意度').getByText('满意', { exact: true }).click()
    await shot(page, '55-待告知居民-已告知')
    await tell.getByRole('button', { name: '保存' }).click()
    await tell.waitFor({ state: 'hidden' })
    await eventually(() => page.getByTestId('to-tell-row').filter({ hasText: '〔2026〕议字第2号' }).count()).toBe(0)
    const fb = await app.database.db.selectFrom('feedback').selectAll().executeTakeFirstOrThrow()
    expect(fb).toMatchObject({ resolution_id: saved.id, channel: '微信群', content: message, satisfaction: '满意' })
    expect(await statusOf(app, saved.id)).toBe('已评价')

    // ---- the 督办单 ----
    await openPath(page, `/resolutions/${saved.id}`)
    await eventually(() => page.getByTestId('resolution-status').innerText()).toBe('已评价')
    expect(await page.getByTestId('feedback-table').innerText()).toContain('满意')
    await shot(page, '53-决议详情-已评价')
    await page.getByRole('link', { name: '打印督办单' }).click()
    const sheet = page.getByTestId('print-sheet')
    await sheet.waitFor()
    const text = await sheet.innerText()
    expect(text).toContain('幸福里社区议事会决议督办单')
    expect(text).toContain('编号：〔2026〕议字第2号')
    expect(text).toContain('更换2号楼各层楼道灯为声控节能灯')
    expect(text).toContain('2026年5月14日五月议事会例会')
    expect(text).toContain(`居民议题编号：${s.topicNumber}（张秀英反映）`)
    expect(text).toContain('城管、社区电工班')
    expect(text).toContain('2026年12月31日前')
    expect(await page.getByTestId('print-progress').innerText()).toContain('物业已采购声控灯20盏')
    expect(text).toContain('☑ 满意')
    for (const signer of ['督办人：', '承办部门负责人：', '日期：']) expect(text).toContain(signer)
    expect(await english(page)).toEqual([])
    await shot(page, '57-督办单')
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false)
    await printShot(page, '57-督办单-打印效果')
    // On A4 paper the whole 督办单, signatures included, is one page.
    if (hasPoppler()) {
      const pdf = join(app.dir, '督办单.pdf')
      await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: false })
      execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '2', pdf, join(SCREENSHOT_DIR, '57-督办单-A4')])
      expect(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]).toBe('1')
    }
    expect(app.pageErrors).toEqual([])
  })

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
