import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { statSync } from 'node:fs'
import { chromiumPath, closeBrowser, englishOnScreen, screenshot, startApp, type TestApp } from './support/app'
import { closeToasts, dialog, expectToast, nav } from './support/community'

/**
 * 议题征集 end to end: intake with a resident and the duplicate hint, routing with its clock and the
 * department's reply, declining only with a reason, the routing rules editor, and a topic put on a
 * meeting's agenda. Prerequisites (community, residents, earlier topics, a meeting) go in through
 * window.api; the subject of each test goes through the screen; results are read back from the DB.
 */

function eventually<T>(fn: () => T | Promise<T>) {
  return expect.poll(fn, { timeout: 5000 })
}

/** English on screen, except "Enter" that Element Plus's date grids speak to screen readers. */
async function english(page: Page): Promise<string[]> {
  return (await englishOnScreen(page)).filter((w) => w !== 'Enter')
}

const YEAR = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())
const no = (seq: number) => `${YEAR}-${String(seq).padStart(4, '0')}`

/** The office-local date `days` from today, 'YYYY-MM-DD'. */
function officeDay(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000)
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d)
}

interface Seeded {
  residents: Record<string, number>
  buildings: Record<string, number>
  categories: Record<string, number>
  topics: number[]
  meetingId: number
}

/**
 * A community with one grid and two buildings, three residents, one earlier topic about the
 * stairwell light in 3号楼 and one about parking, and a council meeting a week from now.
 */
async function seed(page: Page): Promise<Seeded> {
  const meetingDay = officeDay(7)
  return page.evaluate(async (meetingDay) => {
    const unwrap = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
      if (!r.ok) throw new Error(r.message)
      return r.value
    }
    const api = window.api
    unwrap(
      await api.community.saveProfile({ name: '幸福里社区', kind: '城市社区', address: '幸福路 88 号', phone: '' }),
    )
    const gridId = unwrap(await api.community.createGrid({ name: '第一网格', note: '' })).id
    const buildings: Record<string, number> = {}
    for (const name of ['1号楼', '3号楼']) {
      const b = await api.community.createBuilding({ name, gridId, households: 40, residents: 90, note: '' })
      buildings[name] = unwrap(b).id
    }
    const residents: Record<string, number> = {}
    for (const [name, building, room] of [
      ['张建国', '3号楼', '201'],
      ['李秀英', '1号楼', '302'],
      ['王志强', '1号楼', '101'],
    ] as const) {
      const r = await api.people.create({
        name,
        buildingId: buildings[building]!,
        unit: '2',
        room,
        phone: '',
        tags: [],
        note: '',
      })
      residents[name] = unwrap(r).id
    }
    const categories = Object.fromEntries(unwrap(await api.topics.categories()).map((c) => [c.name, c.id]))
    const topics: number[] = []
    for (const t of [
      { description: '3号楼楼道灯坏了，晚上看不见台阶', category: '环境卫生', resident: '李秀英', urgency: '一般' },
      { description: '小区东门晚上停车乱，消防通道被堵', category: '安全隐患', resident: null, urgency: '紧急' },
    ] as const) {
      const created = await api.topics.create({
        channel: '走访',
        residentId: t.resident ? residents[t.resident]! : null,
        gridId: null,
        buildingId: t.category === '环境卫生' ? buildings['3号楼']! : null,
        categoryId: categories[t.category]!,
        urgency: t.urgency,
        description: t.description,
        receivedAt: null,
        duplicateOfId: null,
      })
      topics.push(unwrap(created).id)
    }
    const meetingId = unwrap(
      await api.meetings.create({
        kind: '议事会例会',
        title: '居民议事会例会',
        start: `${meetingDay}T19:00`,
        end: `${meetingDay}T21:00`,
        roomId: null,
        councilId: null,
        host: '',
        recorder: '',
      }),
    ).id
    return { residents, buildings, categories, topics, meetingId }
  }, meetingDay)
}

async function openTopics(page: Page) {
  await nav(page, '议题征集').click()
  await page.getByTestId('topic-table').waitFor()
}

/** The table row of a topic, by its number. */
function topicRow(page: Page, number: string): Locator {
  return page
    .getByTestId('topic-table')
    .locator('.el-table__body tr')
    .filter({ has: page.getByRole('button', { name: `查看议题 ${number}` }) })
}

function formItem(scope: Locator, label: string): Locator {
  return scope
    .locator('.el-form-item')
    .filter({ has: scope.page().locator('.el-form-item__label', { hasText: label }) })
}

/** Opens an el-select and clicks the option whose text starts with `label`. */
async function choose(page: Page, trigger: Locator, label: string) {
  await trigger.click()
  const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: label }).first()
  await option.click()
}

async function topicInDb(app: TestApp, id: number) {
  return app.database.db.selectFrom('topics').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

describe.skipIf(!chromiumPath)('议题征集', () => {
  let app: TestApp

  beforeEach(async ({ onTestFailed }) => {
    app = await startApp()
    onTestFailed(async () => {
      console.log(`失败时的地址：${app.page.url()}；页面错误：${JSON.stringify(app.pageErrors)}`)
      await screenshot(app.page, 'zz-议题-失败时的画面').catch(() => undefined)
    })
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  it('登记议题：键盘打开、选居民带出楼栋、分类显示转办规则、重复提示可标记也可撤销', async () => {
    const { page } = app
    const s = await seed(page)
    await openTopics(page)
    await eventually(() => page.getByTestId('topic-total').innerText()).toBe('共 2 条')

    // Keyboard: the button takes Enter, and the cursor starts on the first field (the channel).
    await page.getByRole('button', { name: '登记议题' }).focus()
    await page.keyboard.press('Enter')
    const d = dialog(page, '登记议题')
    await d.waitFor()
    await eventually(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('走访')

    // Nobody chosen and not anonymous: a clear message, nothing saved.
    await formItem(d, '问题描述').locator('textarea').fill('垃圾桶满了没人清')
    await d.getByRole('button', { name: '保存' }).click()
    await eventually(() => d.getByRole('alert').innerText()).toContain('请选择反映人')
    expect(await app.database.db.selectFrom('topics').select('id').execute()).toHaveLength(2)

    await formItem(d, '来源渠道').getByText('电话', { exact: true }).click()
    const picker = formItem(d, '反映人').locator('.el-select__wrapper')
    await picker.click()
    await formItem(d, '反映人').locator('input').first().fill('张')
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '张建国' }).click()
    // The resident's building (and its grid) fill in by themselves.
    await eventually(() => formItem(d, '网格、楼栋').innerText()).toContain('3号楼')
    expect(await formItem(d, '网格、楼栋').innerText()).toContain('第一网格')

    await choose(page, formItem(d, '分类').locator('.el-select__wrapper'), '环境卫生')
    await eventually(() => d.getByTestId('routing-hint').innerText()).toBe('按规则将由「城管」负责，24 小时内答复')
    await formItem(d, '紧急程度').getByText('较急', { exact: true }).click()

    // Typing a description like the earlier one brings up the hint.
    const hint = d.getByTestId('duplicate-hint')
    await formItem(d, '问题描述').locator('textarea').fill('3号楼楼道的灯坏了')
    await eventually(() => hint.innerText()).toMatch(
      new RegExp(`可能重复：${no(1)} 3号楼楼道灯坏了，晚上看不见台阶（征集中，相似 \\d+%）`),
    )
    await screenshot(page, '41-登记议题-重复提示')
    expect(await english(page)).toEqual([])
    await hint.getByRole('button', { name: `标记为重复：${no(1)}` }).click()
    await eventually(() => hint.innerText()).toContain(`已标记为与 ${no(1)} 重复`)
    // Undo, then mark again.
    await hint.getByRole('button', { name: '取消标记' }).click()
    await hint.getByRole('button', { name: `标记为重复：${no(1)}` }).waitFor()
    await hint.getByRole('button', { name: `标记为重复：${no(1)}` }).click()
    await hint.getByText(`已标记为与 ${no(1)} 重复`).waitFor()

    await d.getByRole('button', { name: '保存' }).click()
    await d.waitFor({ state: 'hidden' })
    await expectToast(page, `已登记议题 ${no(3)}`)
    const row = topicRow(page, no(3))
    await row.waitFor()
    const text = await row.innerText()
    for (const part of ['电话', '张建国', '3号楼', '环境卫生', '较急', '征集中', `与 ${no(1)} 重复`])
      expect(text).toContain(part)

    const saved = await app.database.db.selectFrom('topics').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(saved).toMatchObject({
      channel: '电话',
      resident_id: s.residents['张建国'],
      building_id: s.buildings['3号楼'],
      category_id: s.categories['环境卫生'],
      urgency: '较急',
      description: '3号楼楼道的灯坏了',
      status: '征集中',
      duplicate_of_id: s.topics[0],
    })

    // An anonymous one: the picker gives way to 匿名.
    await page.getByRole('button', { name: '登记议题' }).click()
    await d.waitFor()
    // The channel of the last topic is kept for the next one.
    expect(await formItem(d, '来源渠道').locator('input:checked').inputValue()).toBe('电话')
    await d.getByText('匿名（不留姓名）').click()
    await choose(page, formItem(d, '分类').locator('.el-select__wrapper'), '其他')
    await formItem(d, '问题描述').locator('textarea').fill('希望周末开放社区图书室')
    await d.getByRole('button', { name: '保存' }).click()
    await d.waitFor({ state: 'hidden' })
    await eventually(() => topicRow(page, no(4)).innerText()).toContain('匿名')
    expect((await topicInDb(app, 4)).resident_id).toBeNull()

    // 修改 while still 征集中: the dialog comes back filled in.
    await topicRow(page, no(4))
      .getByRole('button', { name: `修改 ${no(4)}` })
      .click()
    const e = dialog(page, `修改议题 ${no(4)}`)
    await e.waitFor()
    expect(await formItem(e, '问题描述').locator('textarea').inputValue()).toBe('希望周末开放社区图书室')
    expect(await e.getByRole('checkbox', { name: '匿名（不留姓名）' }).isChecked()).toBe(true)
    await formItem(e, '问题描述').locator('textarea').fill('希望周末和晚上开放社区图书室')
    await e.getByRole('button', { name: '保存' }).click()
    await e.waitFor({ state: 'hidden' })
    await expectToast(page, `已保存议题 ${no(4)} 的修改`)
    expect(await topicInDb(app, 4)).toMatchObject({ description: '希望周末和晚上开放社区图书室', resident_id: null })
    expect(app.pageErrors).toEqual([])
  })

  it('转办：显示部门和剩余时间、超时标红；登记答复；详情里有办理经过和反馈，未答复先评满意度会被拒绝', async () => {
    const { page } = app
    const s = await seed(page)
    await openTopics(page)

    const row = topicRow(page, no(1))
    await row.getByRole('button', { name: `转办 ${no(1)}` }).click()
    const d = dialog(page, '转办：')
    await d.waitFor()
    // The department comes from the category's rule.
    expect(await formItem(d, '转办部门').locator('input').inputValue()).toBe('城管')
    expect(await d.getByTestId('route-rule').innerText()).toContain('24 小时内答复')
    // 转办说明 is required: nothing changes without it.
    await d.getByRole('button', { name: '转办', exact: true }).click()
    await eventually(() => d.getByRole('alert').innerText()).toContain('请填写「转办说明」')
    expect((await topicInDb(app, s.topics[0]!)).status).toBe('征集中')
    await formItem(d, '转办说明').locator('textarea').fill('请派人更换3号楼楼道灯')
    await d.getByRole('button', { name: '转办', exact: true }).click()
    await d.waitFor({ state: 'hidden' })
    await expectToast(page, '转办给「城管」')
    await eventually(() => row.getByTestId('routing-line').innerText()).toMatch(/^城管 · 剩 2[34](\.\d)? 小时$/)
    expect(await topicInDb(app, s.topics[0]!)).toMatchObject({ status: '转办', routed_department: '城管' })

    // The urgent one goes to 应急管理 (4 hours); make its limit three hours past.
    await page.evaluate(
      (id) => window.api.topics.route({ id, department: null, reason: '请尽快清理消防通道' }),
      s.topics[1]!,
    )
    await app.database.db
      .updateTable('topics')
      .set({ respond_by: new Date(Date.now() - 3 * 3600_000).toISOString() })
      .where('id', '=', s.topics[1]!)
      .execute()
    await page.reload()
    const late = topicRow(page, no(2)).getByTestId('routing-line')
    await eventually(() => late.innerText()).toBe('应急管理 · 已超时 3 小时')
    expect(await late.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(192, 57, 43)')
    await screenshot(page, '40-议题征集-列表')
    expect(await english(page)).toEqual([])

    // The department's answer.
    await row.getByRole('button', { name: `登记答复 ${no(1)}` }).click()
    const r = dialog(page, '登记答复')
    await r.waitFor()
    await formItem(r, '部门答复').locator('textarea').fill('城管所已于今天下午更换楼道灯')
    await r.getByRole('button', { name: '保存' }).click()
    await r.waitFor({ state: 'hidden' })
    await eventually(() => row.getByTestId('routing-line').innerText()).toBe('城管 · 已答复')
    expect(await row.innerText()).toContain('待告知')
    expect((await topicInDb(app, s.topics[0]!)).response_text).toBe('城管所已于今天下午更换楼道灯')

    // Satisfaction before any answer is refused by the server, shown as a toast, nothing saved.
    await topicRow(page, no(2))
      .getByRole('button', { name: `查看议题 ${no(2)}` })
      .click()
    const drawer = page.getByTestId('topic-drawer')
    await drawer.getByText('转办给「应急管理」').waitFor()
    await drawer.getByLabel('反馈内容').fill('电话告知已转应急管理')
    await drawer.getByText('满意', { exact: true }).click()
    await drawer.getByRole('button', { name: '登记反馈' }).click()
    await expectToast(page, '这个议题还没有答复结果')
    expect(await app.database.db.selectFrom('feedback').select('id').execute()).toHaveLength(0)
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })

    // The answered one: the drawer tells the whole story, and telling the resident is recorded.
    await row.locator('td').nth(4).click()
    await drawer.getByText('转办给「城管」').waitFor()
    const timeline = await drawer.getByTestId('topic-timeline').innerText()
    expect(timeline).toContain('通过「走访」收到')
    expect(timeline).toContain('部门答复')
    expect(timeline).toContain('城管所已于今天下午更换楼道灯')
    expect(await drawer.innerText()).toContain('已有答复，还没有告知居民')
    await drawer.getByText('上门', { exact: true }).click()
    await drawer.getByLabel('反馈内容').fill('上门告知李阿姨，楼道灯已换好')
    await drawer.getByText('基本满意', { exact: true }).click()
    await drawer.getByRole('button', { name: '登记反馈' }).click()
    await expectToast(page, '已登记反馈')
    await eventually(() => drawer.getByTestId('feedback-table').innerText()).toContain('上门告知李阿姨')
    await eventually(() => drawer.innerText()).toContain('已告知居民')
    await drawer.locator('.el-drawer__body').evaluate((el) => el.scrollTo(0, 0))
    await closeToasts(page)
    await screenshot(page, '42-议题详情')
    expect(await english(page)).toEqual([])
    const fb = await app.database.db.selectFrom('feedback').selectAll().executeTakeFirstOrThrow()
    expect(fb).toMatchObject({ topic_id: s.topics[0], channel: '上门', satisfaction: '基本满意' })
    expect((await topicInDb(app, s.topics[0]!)).told_at).not.toBeNull()
    await page.keyboard.press('Escape')
    await eventually(() => row.innerText()).not.toContain('待告知')
    expect(app.pageErrors).toEqual([])
  })

  it('不予采纳必须写理由：空着提交给出中文提示、什么也不保存', async () => {
    const { page } = app
    const s = await seed(page)
    await openTopics(page)
    const row = topicRow(page, no(2))
    await row.getByRole('button', { name: `不予采纳 ${no(2)}` }).click()
    const d = dialog(page, '不予采纳')
    await d.waitFor()
    expect(await d.innerText()).toContain('这个理由会告知居民')
    await d.getByRole('button', { name: '不予采纳', exact: true }).click()
    await eventually(() => d.getByRole('alert').innerText()).toContain('请填写「不予采纳的理由」')
    expect(await topicInDb(app, s.topics[1]!)).toMatchObject({ status: '征集中', status_reason: '', answered_at: null })

    await formItem(d, '理由').locator('textarea').fill('停车管理属于物业服务合同范围，已转告物业公司处理')
    await d.getByRole('button', { name: '不予采纳', exact: true }).click()
    await d.waitFor({ state: 'hidden' })
    await eventually(() => row.innerText()).toContain('不予采纳')
    expect(await topicInDb(app, s.topics[1]!)).toMatchObject({
      status: '不予采纳',
      status_reason: '停车管理属于物业服务合同范围，已转告物业公司处理',
    })
    // Nothing more can be done with it from the row but 作废 (if it was entered by mistake).
    expect(await row.locator('.topic-actions button').allInnerTexts()).toEqual(['作废'])

    // 导出台账 with no dates chosen exports this year's register.
    await page.getByRole('button', { name: '导出台账' }).click()
    const toast = await expectToast(page, '已导出 2 条：')
    const path = toast.slice(toast.indexOf('：') + 1).trim()
    expect(path.startsWith(app.exportDir)).toBe(true)
    expect(statSync(path).size).toBeGreaterThan(1000)
    expect(app.pageErrors).toEqual([])
  })

  it('转办规则：改了部门和时限，下一个转办的议题就按新规则；可以新增和停用分类', async () => {
    const { page } = app
    const s = await seed(page)
    await openTopics(page)
    await page.getByRole('button', { name: '转办规则' }).click()
    const rules = dialog(page, '转办规则')
    await rules.waitFor()
    const ruleRow = (name: string) =>
      rules.locator('.el-table__body tr').filter({ has: page.locator('td:first-child', { hasText: name }) })
    expect(await ruleRow('环境卫生').innerText()).toContain('城管')

    await ruleRow('环境卫生').getByRole('button', { name: '修改 环境卫生' }).click()
    const edit = dialog(page, '修改转办规则')
    await edit.waitFor()
    await formItem(edit, '责任部门').locator('input').fill('街道城管科')
    await edit.getByRole('spinbutton', { name: '答复时限（小时）' }).fill('12')
    // Enter in a single-line box saves.
    await edit.getByRole('spinbutton', { name: '答复时限（小时）' }).press('Enter')
    await edit.waitFor({ state: 'hidden' })
    await eventually(() => ruleRow('环境卫生').innerText()).toContain('街道城管科')
    expect(await ruleRow('环境卫生').innerText()).toContain('12 小时')

    await rules.getByRole('button', { name: '新增分类' }).click()
    const add = dialog(page, '新增分类')
    await add.waitFor()
    await formItem(add, '分类名称').locator('input').fill('停车管理')
    await formItem(add, '责任部门').locator('input').fill('物业')
    await add.getByRole('button', { name: '保存' }).click()
    await add.waitFor({ state: 'hidden' })
    await ruleRow('停车管理').waitFor()

    await ruleRow('证件办理').getByRole('button', { name: '停用 证件办理' }).click()
    const box = page.locator('.el-message-box')
    await box.getByRole('button', { name: '停用', exact: true }).click()
    await eventually(() => ruleRow('证件办理').innerText()).toContain('已停用')
    await screenshot(page, '43-转办规则')
    expect(await english(page)).toEqual([])
    const cats = await app.database.db.selectFrom('topic_categories').selectAll().orderBy('position').execute()
    expect(cats.find((c) => c.name === '环境卫生')).toMatchObject({ department: '街道城管科', response_hours: 12 })
    expect(cats.find((c) => c.name === '停车管理')).toMatchObject({
      department: '物业',
      response_hours: 24,
      retired: 0,
    })
    expect(cats.find((c) => c.name === '证件办理')?.retired).toBe(1)
    await rules.getByRole('button', { name: '关闭' }).last().click()
    await rules.waitFor({ state: 'hidden' })

    // A retired category is not offered for a new topic.
    await page.getByRole('button', { name: '登记议题' }).click()
    const intake = dialog(page, '登记议题')
    await intake.waitFor()
    await formItem(intake, '分类').locator('.el-select__wrapper').click()
    const offered = () => page.locator('.el-select-dropdown__item:visible').allInnerTexts()
    await eventually(async () => (await offered()).join()).toContain('停车管理')
    expect((await offered()).join()).not.toContain('证件办理')
    await page.keyboard.press('Escape')
    await intake.getByRole('button', { name: '取消' }).click()
    await intake.waitFor({ state: 'hidden' })

    // The next routed 环境卫生 topic goes to the new department with the new limit.
    await topicRow(page, no(1))
      .getByRole('button', { name: `转办 ${no(1)}` })
      .click()
    const d = dialog(page, '转办：')
    await d.waitFor()
    expect(await formItem(d, '转办部门').locator('input').inputValue()).toBe('街道城管科')
    await formItem(d, '转办说明').locator('textarea').fill('请更换楼道灯')
    await d.getByRole('button', { name: '转办', exact: true }).click()
    await d.waitFor({ state: 'hidden' })
    await eventually(() => topicRow(page, no(1)).getByTestId('routing-line').innerText()).toMatch(
      /^街道城管科 · 剩 1[12](\.\d)? 小时$/,
    )
    expect((await topicInDb(app, s.topics[0]!)).routed_department).toBe('街道城管科')
    expect(app.pageErrors).toEqual([])
  })

  it('上会：选一次会议放入议程，会议页面的议程里能看到；适老模式下列表不横向滚动', async () => {
    const { page } = app
    const s = await seed(page)
    await openTopics(page)
    await topicRow(page, no(1))
      .getByRole('button', { name: `上会 ${no(1)}` })
      .click()
    const d = dialog(page, '上会')
    await d.waitFor()
    // The coming meeting is chosen; the title comes from category and description.
    await eventually(() => formItem(d, '放到哪次会').innerText()).toContain('居民议事会例会')
    expect(await formItem(d, '议程标题').locator('input').inputValue()).toBe(
      '环境卫生：3号楼楼道灯坏了，晚上看不见台阶',
    )
    await formItem(d, '事项类型').getByText('表决', { exact: true }).click()
    await formItem(d, '汇报人').locator('input').fill('网格员 王芳')
    await screenshot(page, '46-上会对话框')
    expect(await english(page)).toEqual([])
    await formItem(d, '汇报人').locator('input').press('Enter')
    await d.waitFor({ state: 'hidden' })

    const placed = page.getByTestId('placed')
    await eventually(() => placed.innerText()).toContain(`议题 ${no(1)} 已放入「居民议事会例会」`)
    expect(await topicRow(page, no(1)).innerText()).toContain('已上会')
    const item = await app.database.db
      .selectFrom('agenda_items')
      .selectAll()
      .where('topic_id', '=', s.topics[0]!)
      .executeTakeFirstOrThrow()
    expect(item).toMatchObject({
      meeting_id: s.meetingId,
      title: '环境卫生：3号楼楼道灯坏了，晚上看不见台阶',
      type: '表决',
      presenter: '网格员 王芳',
      planned_minutes: 15,
    })
    expect((await topicInDb(app, s.topics[0]!)).status).toBe('已上会')

    // Elder mode: the list grows with the text but does not scroll sideways.
    await page.evaluate(() => window.api.settings.save({ elderMode: true }))
    await page.reload()
    await topicRow(page, no(1)).waitFor()
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px')
    const overflow = () =>
      page.evaluate(() => {
        const boxes = [document.querySelector('#main')!, ...document.querySelectorAll('.el-table .el-scrollbar__wrap')]
        return Math.max(...boxes.map((b) => b.scrollWidth - b.clientWidth))
      })
    expect(await overflow()).toBeLessThanOrEqual(0)
    await screenshot(page, '44-适老模式-议题列表')
    expect(await english(page)).toEqual([])
    await page.getByRole('button', { name: '登记议题' }).click()
    const intake = dialog(page, '登记议题')
    await intake.waitFor()
    await screenshot(page, '45-适老模式-登记议题')
    await intake.getByRole('button', { name: '取消' }).click()
    await intake.waitFor({ state: 'hidden' })

    // The drawer links to the meeting, whose agenda shows the item.
    await topicRow(page, no(1))
      .getByRole('button', { name: `查看议题 ${no(1)}` })
      .focus()
    await page.keyboard.press('Enter')
    const drawer = page.getByTestId('topic-drawer')
    await drawer.getByRole('link', { name: '居民议事会例会' }).waitFor()
    await screenshot(page, '47-适老模式-议题详情')
    await drawer.getByRole('link', { name: '居民议事会例会' }).click()
    await page.waitForURL((url) => url.hash.startsWith(`#/meetings/${s.meetingId}`))
    await page.getByTestId('meeting-title').waitFor()
    await page.getByRole('tab', { name: /^议程/ }).click()
    await eventually(() => page.getByTestId('agenda-table').innerText()).toContain(
      '环境卫生：3号楼楼道灯坏了，晚上看不见台阶',
    )

    // The other topic is discussed at the meeting and becomes a resolution: the drawer links to it.
    const resolutionId = await page.evaluate(
      async ({ topicId, meetingId, due }) => {
        const unwrap = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
          if (!r.ok) throw new Error(r.message)
          return r.value
        }
        const { itemId } = unwrap(
          await window.api.topics.toAgenda({
            id: topicId,
            meetingId,
            title: '东门停车与消防通道',
            type: '讨论',
            plannedMinutes: 20,
          }),
        )
        unwrap(await window.api.meetings.setStatus({ id: meetingId, status: '已通知', reason: '' }))
        unwrap(await window.api.meetings.setStatus({ id: meetingId, status: '进行中', reason: '' }))
        unwrap(await window.api.meetings.setItemState({ id: itemId, state: '已议' }))
        return unwrap(
          await window.api.resolutions.create({
            agendaItemId: itemId,
            text: '东门夜间禁止停车，物业每晚巡查消防通道',
            leadDepartment: '物业',
            dueDate: due,
          }),
        ).id
      },
      { topicId: s.topics[1]!, meetingId: s.meetingId, due: officeDay(30) },
    )
    await openTopics(page)
    await topicRow(page, no(2))
      .getByRole('button', { name: `查看议题 ${no(2)}` })
      .click()
    await eventually(() => drawer.innerText()).toContain('已议')
    await drawer.getByRole('link', { name: `〔${YEAR}〕议字第1号` }).click()
    await page.waitForURL((url) => url.hash === `#/resolutions/${resolutionId}`)
    expect(app.pageErrors).toEqual([])
  })
})
