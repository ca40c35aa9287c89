import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { lastKnownHolidayYear } from '../electron/meetings/calendar-days'
import { chromiumPath, closeBrowser, englishOnScreen, screenshot, startApp, type TestApp } from './support/app'
import { dialog, expectToast, nav, rowOf } from './support/community'

/**
 * Correcting mistakes by clicking, as a clerk would: a topic with a mistyped year edited and one
 * entered twice voided; a member's role edited; a term that cannot go refused and an empty one
 * deleted; a room deleted while old meetings keep its name; a series ended; and a year's holidays
 * entered from the State Council's notice before the program knows them.
 */
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 8000 })

function officeDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + days * 86_400_000),
  )
}

type Unwrap = <T>(r: { ok: true; value: T } | { ok: false; message: string }) => T

/** Setup through window.api (the subject of each test is then done by clicking). */
async function api<T, A>(page: Page, fn: (unwrap: Unwrap, arg: A) => Promise<T>, arg: A): Promise<T> {
  return page.evaluate(
    async ({ source, arg }) => {
      const unwrap = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
        if (!r.ok) throw new Error(r.message)
        return r.value
      }
      const f = new Function('unwrap', 'arg', `return (${source})(unwrap, arg)`) as (u: Unwrap, a: A) => Promise<T>
      return f(unwrap, arg as A)
    },
    { source: fn.toString(), arg },
  )
}

function formItem(scope: Locator, label: string): Locator {
  return scope
    .locator('.el-form-item')
    .filter({ has: scope.page().locator('.el-form-item__label', { hasText: label }) })
}

async function confirmBox(page: Page, button: string): Promise<void> {
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.getByRole('button', { name: button, exact: true }).click()
  await box.waitFor({ state: 'hidden' })
}

describe.skipIf(!chromiumPath)('改正录错的内容', () => {
  let app: TestApp

  beforeEach(async ({ onTestFailed }) => {
    app = await startApp()
    onTestFailed(async () => {
      console.log(`失败时的地址：${app.page.url()}；页面错误：${JSON.stringify(app.pageErrors)}`)
      await screenshot(app.page, 'zz-改正-失败时的画面').catch(() => undefined)
    })
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  it('议题：年份录错的改过来（换成当年的编号），重复登记的作废（不进台账、不告知居民，筛选“已作废”能查到）', async () => {
    const { page } = app
    const year = Number(officeDay(0).slice(0, 4))
    const ids = await api(
      page,
      async (unwrap, year) => {
        const categoryId = unwrap(await window.api.topics.categories())[0]!.id
        const base = {
          channel: '电话' as const,
          residentId: null,
          gridId: null,
          buildingId: null,
          categoryId,
          urgency: '一般' as const,
          duplicateOfId: null,
        }
        const first = unwrap(
          await window.api.topics.create({
            ...base,
            description: '小区东门路灯不亮',
            receivedAt: `${year}-01-05T09:00`,
          }),
        )
        const twice = unwrap(
          await window.api.topics.create({ ...base, description: '东门路灯坏了', receivedAt: `${year}-01-05T09:30` }),
        )
        const wrongYear = unwrap(
          await window.api.topics.create({
            ...base,
            description: '3号楼电梯异响',
            receivedAt: `${year - 1}-01-06T10:00`,
          }),
        )
        return { first, twice, wrongYear }
      },
      year,
    )
    expect(ids.wrongYear.number).toBe(`${year - 1}-0001`)
    await nav(page, '议题征集').click()
    await page.getByTestId('topic-table').waitFor()
    await eventually(() => page.getByTestId('topic-total').innerText()).toBe('共 3 条')

    // The year typed wrong: 修改 the received time; the topic takes this year's next number.
    await page.getByRole('button', { name: `修改 ${ids.wrongYear.number}` }).click()
    const edit = dialog(page, '修改议题')
    await edit.waitFor()
    const received = edit.getByLabel('收到时间')
    await received.fill(`${year}-01-06 10:00`)
    await received.press('Enter')
    await edit.getByRole('button', { name: '保存' }).click()
    await edit.waitFor({ state: 'hidden' })
    await expectToast(page, `议题编号由 ${year - 1}-0001 改为 ${year}-0003`)
    await page.getByRole('button', { name: `查看议题 ${year}-0003` }).waitFor()

    // Entered twice: open it and 作废 with a reason.
    await page.getByRole('button', { name: `查看议题 ${ids.twice.number}` }).click()
    const drawer = page.getByTestId('topic-drawer')
    await drawer.getByRole('button', { name: `作废 ${ids.twice.number}` }).click()
    const v = dialog(page, `作废：议题 ${ids.twice.number}`)
    await v.waitFor()
    await v.getByRole('button', { name: '作废' }).click()
    await eventually(() => v.getByRole('alert').innerText()).toContain('请填写「作废原因」')
    await v.getByLabel('作废原因').fill(`与 ${ids.first.number} 是同一件事，重复登记`)
    await screenshot(page, '90-议题作废')
    expect(await englishOnScreen(page)).toEqual([])
    await v.getByRole('button', { name: '作废' }).click()
    await v.waitFor({ state: 'hidden' })
    await expectToast(page, `议题 ${ids.twice.number} 已作废`)
    await eventually(() => drawer.getByTestId('topic-voided').innerText()).toContain('重复登记')
    // Nothing more can be done with it, and nothing is told to the resident.
    expect(await drawer.locator('.actions .el-button').count()).toBe(0)
    await screenshot(page, '91-议题作废后的详情')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })

    await eventually(() => page.getByTestId('topic-total').innerText()).toBe('共 2 条')
    await page.locator('.filters .el-select', { has: page.getByLabel('状态') }).click()
    await page.getByRole('option', { name: '已作废', exact: true }).click()
    await eventually(() => page.getByTestId('topic-total').innerText()).toBe('共 1 条')
    await page.getByRole('button', { name: `查看议题 ${ids.twice.number}` }).waitFor()
    const row = await app.database.db
      .selectFrom('topics')
      .select(['voided_at', 'void_reason', 'told_at'])
      .where('id', '=', ids.twice.id)
      .executeTakeFirstOrThrow()
    expect(row.voided_at).not.toBeNull()
    expect(row.told_at).toBeNull()
    expect(app.pageErrors).toEqual([])
  })

  it('议事会：成员改角色；有成员的届次不能删（说出是谁），空届次能改、能删', async () => {
    const { page } = app
    await api(
      page,
      async (unwrap) => {
        const councilId = unwrap(
          await window.api.council.create({ name: '幸福里议事会', quorumRule: '过半数', passRule: '过半数', note: '' }),
        ).id
        const termId = unwrap(
          await window.api.council.createTerm({
            councilId,
            name: '第一届',
            startDate: '2026-01-01',
            endDate: '2030-12-31',
          }),
        ).id
        unwrap(
          await window.api.council.createTerm({
            councilId,
            name: '第二届（错录）',
            startDate: '2031-01-01',
            endDate: '2035-12-31',
          }),
        )
        const residentId = unwrap(
          await window.api.people.create({
            name: '张建国',
            buildingId: null,
            unit: '',
            room: '',
            phone: '',
            tags: [],
            note: '',
          }),
        ).id
        unwrap(
          await window.api.council.addMember({
            termId,
            residentId,
            role: '成员',
            category: '居民代表',
            startDate: '2026-01-01',
            endDate: null,
          }),
        )
        return null
      },
      null,
    )
    await nav(page, '议事会成员').click()
    await page.getByTestId('term-table').waitFor()

    // Member: 成员 → 召集人, 居民代表 → 党员.
    await rowOf(page, 'member-table', '张建国').waitFor()
    await page.getByRole('button', { name: '修改成员张建国' }).click()
    const m = dialog(page, '修改成员：张建国')
    await m.waitFor()
    await formItem(m, '角色').locator('.el-select__wrapper').click()
    await page.getByRole('option', { name: '召集人', exact: true }).click()
    await formItem(m, '类别').locator('.el-select__wrapper').click()
    await page.getByRole('option', { name: '党员', exact: true }).click()
    await screenshot(page, '92-修改成员')
    await m.getByRole('button', { name: '保存' }).click()
    await m.waitFor({ state: 'hidden' })
    await eventually(async () =>
      (await rowOf(page, 'member-table', '张建国').locator('td').allInnerTexts()).join('|'),
    ).toContain('召集人|党员')

    // The term with a member cannot go; the message names the member.
    await page.getByRole('button', { name: '删除第一届', exact: true }).click()
    await confirmBox(page, '删除')
    await expectToast(page, '「第一届」还有成员：张建国')
    await rowOf(page, 'term-table', '第一届').waitFor()

    // The empty one: corrected, then deleted after all.
    await page.getByRole('button', { name: '修改第二届（错录）' }).click()
    const t = dialog(page, '修改届次')
    await t.waitFor()
    await t.getByLabel('届次名称').fill('第二届')
    await screenshot(page, '93-修改届次')
    await t.getByRole('button', { name: '保存' }).click()
    await t.waitFor({ state: 'hidden' })
    await rowOf(page, 'term-table', '第二届').waitFor()
    await page.getByRole('button', { name: '删除第二届', exact: true }).click()
    await confirmBox(page, '删除')
    await expectToast(page, '已删除届次「第二届」')
    await rowOf(page, 'term-table', '第二届').waitFor({ state: 'detached' })
    const audit = await app.database.db.selectFrom('audit_log').select(['action', 'entity']).execute()
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: '修改', entity: '议事会成员' },
        { action: '修改', entity: '议事会届次' },
        { action: '删除', entity: '议事会届次' },
      ]),
    )
  })

  it('场地：删除后不再供选择，以前的会议仍显示它的名字', async () => {
    const { page } = app
    const past = officeDay(-30)
    const meetingId = await api(
      page,
      async (unwrap, day) => {
        const roomId = unwrap(await window.api.meetings.createRoom({ name: '老活动室', capacity: 30, note: '' })).id
        return unwrap(
          await window.api.meetings.create({
            kind: '协调会',
            title: '物业协调会',
            start: `${day}T19:00`,
            end: `${day}T20:00`,
            roomId,
            councilId: null,
            host: '',
            recorder: '',
          }),
        ).id
      },
      past,
    )
    await nav(page, '议事会成员').click()
    await rowOf(page, 'room-table', '老活动室').waitFor()
    await page.getByRole('button', { name: '删除老活动室' }).click()
    await screenshot(page, '94-删除场地-确认')
    await confirmBox(page, '删除')
    await expectToast(page, '已删除场地「老活动室」')
    await rowOf(page, 'room-table', '老活动室').waitFor({ state: 'detached' })

    await page.goto(`${app.url}/#/meetings/${meetingId}`)
    await eventually(() => page.getByTestId('meeting-info').innerText()).toContain('老活动室')
    // Not offered for a new meeting.
    await nav(page, '议事会日程').click()
    await page.getByRole('button', { name: '新建会议', exact: true }).click()
    const d = dialog(page, '新建会议')
    await d.waitFor()
    await formItem(d, '场地').locator('.el-select__wrapper').click()
    await page.waitForTimeout(300)
    expect(await page.getByRole('option', { name: '老活动室' }).count()).toBe(0)
  })

  it('系列会议：结束系列，以后没准备的会议从日历上删去', async () => {
    const { page } = app
    const start = officeDay(3)
    const seriesId = await api(
      page,
      async (unwrap, startsOn) =>
        unwrap(
          await window.api.meetings.createSeries({
            kind: '议事会例会',
            title: '每周议事',
            councilId: null,
            rule: { freq: 'weekly', interval: 1, weekday: 3 },
            startTime: '19:00',
            durationMinutes: 90,
            startsOn,
            end: { type: 'never', date: null, count: null },
            holidayPolicy: 'keep',
            roomId: null,
            host: '',
            recorder: '',
          }),
        ).seriesId,
      start,
    )
    const meetings = () =>
      app.database.db
        .selectFrom('meetings')
        .select(['id', 'starts_at'])
        .where('series_id', '=', seriesId)
        .orderBy('starts_at')
        .execute()
    const before = await meetings()
    expect(before.length).toBeGreaterThan(40)
    await page.goto(`${app.url}/#/meetings/${before[0]!.id}`)

    // First the whole series gets a new name and time from next month on.
    await page.getByRole('button', { name: '修改整个系列' }).click()
    const e = dialog(page, '修改整个系列')
    await e.waitFor()
    const editFrom = e.getByLabel('从哪天起')
    await editFrom.fill(officeDay(10))
    await editFrom.press('Enter')
    await formItem(e, '会议名称').locator('input').fill('每周居民议事')
    await screenshot(page, '95-修改整个系列')
    await e.getByRole('button', { name: '保存' }).click()
    await e.waitFor({ state: 'hidden' })
    await eventually(() => page.getByTestId('series-change-result').innerText()).toMatch(
      /系列已修改，\d+ 次会议已按新的设置调整/,
    )
    const renamed = await app.database.db
      .selectFrom('meetings')
      .select(['title', 'starts_at'])
      .where('series_id', '=', seriesId)
      .orderBy('starts_at')
      .execute()
    const tenDays = new Date(`${officeDay(10)}T00:00:00+08:00`).toISOString()
    expect(renamed.every((m) => (m.starts_at < tenDays ? m.title === '每周议事' : m.title === '每周居民议事'))).toBe(
      true,
    )
    await page.getByTestId('series-change-result').locator('.el-alert__close-btn').click()

    await page.getByRole('button', { name: '结束系列' }).click()
    const d = dialog(page, '结束系列')
    await d.waitFor()
    const from = officeDay(30)
    const input = d.getByLabel('从哪天起不再开')
    await input.fill(from)
    await input.press('Enter')
    await screenshot(page, '95-结束系列-选日期')
    await d.getByRole('button', { name: '结束系列' }).click()
    await d.waitFor({ state: 'hidden' })
    await eventually(() => page.getByTestId('series-change-result').innerText()).toMatch(
      /系列到.*为止，已从日历上删去 \d+ 次会议/,
    )
    await screenshot(page, '96-结束系列之后')
    const after = await meetings()
    const fromUtc = new Date(`${from}T00:00:00+08:00`).toISOString()
    expect(after.length).toBeGreaterThan(0)
    expect(after.every((m) => m.starts_at < fromUtc)).toBe(true)
  })

  it('节假日安排：录入程序还不知道的那年的春节，日历上标出', async () => {
    const { page } = app
    const year = lastKnownHolidayYear() + 1
    await nav(page, '议事会日程').click()
    await page.goto(`${app.url}/#/meetings?view=month&date=${year}-02-01`)
    const note = page.getByTestId('unknown-year-note')
    await eventually(() => note.innerText()).toContain(`${year}年的放假和调休安排还没有录入`)
    expect(await note.innerText()).not.toContain('README')
    await note.getByRole('link', { name: '节假日安排' }).click()
    await eventually(() => page.getByTestId('holiday-source').innerText()).toContain(`${year}年的放假安排还没有录入`)

    await page.getByRole('button', { name: '添加一段放假' }).click()
    const row = page.getByTestId('holiday-row').first()
    await row.locator('.el-select').click()
    await page.getByRole('option', { name: '春节', exact: true }).click()
    await row.getByLabel('春节放假第一天').fill(`${year}-02-05`)
    await row.getByLabel('春节放假第一天').press('Enter')
    await row.getByLabel('春节放假最后一天').fill(`${year}-02-11`)
    await row.getByLabel('春节放假最后一天').press('Enter')
    await eventually(() => row.innerText()).toContain('共 7 天')
    await screenshot(page, '97-节假日安排-录入')
    expect(await englishOnScreen(page)).toEqual([])
    await page.getByRole('button', { name: `保存${year}年的安排` }).click()
    await expectToast(page, `已保存${year}年的放假安排（共 7 天）`)
    await eventually(() => page.getByTestId('holiday-source').innerText()).toContain('按你们录入的使用')

    await page.getByRole('button', { name: '返回日程' }).click()
    await page.goto(`${app.url}/#/meetings?view=month&date=${year}-02-01`)
    await eventually(() => page.getByTestId('holiday-mark').allInnerTexts()).toEqual(Array(7).fill('春节'))
    expect(await page.getByTestId('unknown-year-note').count()).toBe(0)
    await page.getByTestId('office-year-note').waitFor()
    await screenshot(page, '98-日历-录入的春节')

    // A year the program knows: shown, not editable, and the screen says so.
    await page.goto(`${app.url}/#/meetings/holidays?year=${year - 1}`)
    await eventually(() => page.getByTestId('holiday-source').innerText()).toContain('程序里已有')
    expect(await page.getByRole('button', { name: /保存.*年的安排/ }).count()).toBe(0)
    await screenshot(page, '99-节假日安排-程序已有')
  })
})
