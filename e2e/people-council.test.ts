import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { chromiumPath, closeBrowser, englishOnScreen, screenshot, startApp, type TestApp } from './support/app'
import {
  cellsOf,
  closeToasts,
  deleteRow,
  dialog,
  expectToast,
  nav,
  pickOption,
  seedThroughApi,
} from './support/community'

/** Screen-level steps for 居民名册 and 议事会成员, by the labels a clerk reads. */

interface ResidentForm {
  name: string
  building?: string
  unit?: string
  room?: string
  phone?: string
  tags?: string[]
  note?: string
}

async function openPeople(page: Page): Promise<void> {
  await nav(page, '居民名册').click()
  await page.getByTestId('privacy-note').waitFor()
}

async function openCouncil(page: Page): Promise<void> {
  await nav(page, '议事会成员').click()
  await page.getByRole('heading', { name: '议事会', exact: true }).waitFor()
}

/** Adds or picks each tag in the open dialog's 标签 box (new ones are typed and confirmed with Enter). */
async function fillTags(page: Page, d: Locator, tags: string[]): Promise<void> {
  const box = d.locator('.el-form-item', { hasText: '标签' })
  for (const tag of tags) {
    await box.locator('.el-select__wrapper').click()
    await box.locator('input').fill(tag)
    await page.getByRole('option', { name: tag, exact: true }).waitFor()
    await box.locator('input').press('Enter')
    await box.locator('.el-tag', { hasText: tag }).waitFor()
  }
  await box.locator('input').press('Escape')
}

async function fillResident(page: Page, d: Locator, r: ResidentForm): Promise<void> {
  await d.getByLabel('姓名').fill(r.name)
  if (r.building)
    await pickOption(page, d.locator('.el-form-item', { hasText: '楼栋' }).locator('.el-select__wrapper'), r.building)
  await d.getByLabel('单元').fill(r.unit ?? '')
  await d.getByLabel('门牌号').fill(r.room ?? '')
  await d.getByLabel('电话').fill(r.phone ?? '')
  if (r.tags) await fillTags(page, d, r.tags)
  await d.getByLabel('备注').fill(r.note ?? '')
}

async function addResident(page: Page, r: ResidentForm): Promise<void> {
  await page.getByRole('button', { name: '新增居民' }).click()
  const d = dialog(page, '新增居民')
  await d.waitFor()
  await fillResident(page, d, r)
  await d.getByRole('button', { name: '保存' }).click()
  await d.waitFor({ state: 'hidden' })
  await residentRow(page, r.name).waitFor()
}

/** A body row of a table (by data-testid) whose first cell is exactly `name`. */
function rowIn(page: Page, testId: string, name: string): Locator {
  return page
    .getByTestId(testId)
    .locator('.el-table__body tr')
    .filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${name}$`) }) })
}
const residentRow = (page: Page, name: string) => rowIn(page, 'resident-table', name)
const memberRow = (page: Page, name: string) => rowIn(page, 'member-table', name)

/** Types a date into an Element Plus date picker and confirms it with Enter. */
async function fillDate(d: Locator, label: string, date: string): Promise<void> {
  const input = d.getByLabel(label)
  await input.fill(date)
  await input.press('Enter')
}

async function addCouncil(page: Page, name: string, passRule: '过半数' | '三分之二', shot?: string): Promise<void> {
  await page.getByRole('button', { name: '新增议事会' }).click()
  const d = dialog(page, '新增议事会')
  await d.waitFor()
  await d.getByLabel('议事会名称').fill(name)
  await d.getByRole('radiogroup', { name: '表决通过规则' }).getByText(passRule, { exact: false }).click()
  if (shot) await screenshot(page, shot)
  await d.getByRole('button', { name: '保存' }).click()
  await d.waitFor({ state: 'hidden' })
  await rowIn(page, 'council-table', name).waitFor()
}

async function addMember(
  page: Page,
  m: { name: string; role: string; category: string },
  shot?: string,
): Promise<void> {
  await page.getByRole('button', { name: '添加成员' }).click()
  const d = dialog(page, '添加成员')
  await d.waitFor()
  const picker = d.locator('.el-form-item', { hasText: '居民' }).first()
  await picker.locator('.el-select__wrapper').click()
  await picker.locator('input').fill(m.name)
  const option = page.getByRole('option').filter({ hasText: m.name })
  await option.waitFor()
  if (shot) await screenshot(page, `${shot}-选居民`)
  await option.click()
  await option.waitFor({ state: 'hidden' })
  await d.getByRole('radiogroup', { name: '角色' }).getByText(m.role).click()
  await pickOption(page, d.locator('.el-form-item', { hasText: '类别' }).locator('.el-select__wrapper'), m.category)
  if (shot) await screenshot(page, `${shot}-填好`)
  await d.getByRole('button', { name: '添加', exact: true }).click()
  await d.waitFor({ state: 'hidden' })
  await memberRow(page, m.name).waitFor()
}

/** Residents put in through window.api, for tests whose subject is the council. */
async function seedResidents(
  page: Page,
  people: Array<{ name: string; buildingId: number | null; unit: string; room: string; phone: string }>,
): Promise<number[]> {
  return page.evaluate(async (list) => {
    const ids: number[] = []
    for (const p of list) {
      const r = await window.api.people.create({ ...p, tags: [], note: '' })
      if (!r.ok) throw new Error(r.message)
      ids.push(r.value.id)
    }
    return ids
  }, people)
}

/** Turns 适老模式 on with the switch in the top bar, and waits for the larger root font. */
async function elderModeOn(page: Page): Promise<void> {
  const track = page.locator('.el-switch', { has: page.getByRole('switch', { name: '适老模式（大字）' }) })
  await track.click()
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px')
}

/** How far each table on the screen would have to scroll sideways (0 when every column shows). */
async function tableOverflow(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('#main .el-table .el-table__body-wrapper .el-scrollbar__wrap')].map(
      (w) => w.scrollWidth - w.clientWidth,
    ),
  )
}

/** Today on the office's calendar, 'YYYY-MM-DD', and as the screen writes it. */
function officeToday(): { iso: string; year: number; chinese: string } {
  const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return { iso, year: y, chinese: `${y}年${m}月${d}日` }
}

describe.skipIf(!chromiumPath)('居民名册与议事会成员', () => {
  let app: TestApp

  beforeEach(async () => {
    app = await startApp()
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  it('新增三位居民：电话遮住显示，点“显示”看完整号码并记入日志；能查找、修改、删除', async () => {
    const { page, database } = app
    const ids = await seedThroughApi(page, {
      grids: ['第一网格'],
      buildings: [
        { name: '1号楼', grid: '第一网格', households: 40, residents: 100 },
        { name: '2号楼', grid: '第一网格', households: 60, residents: 150 },
      ],
    })
    await openPeople(page)
    expect(await page.getByTestId('privacy-note').innerText()).toContain('记入日志')
    await page.getByText('名册里还没有居民').waitFor()

    await addResident(page, {
      name: '张秀英',
      building: '1号楼',
      unit: '2单元',
      room: '301',
      phone: '13812345678',
      tags: ['党员', '楼组长'],
      note: '老党员，热心',
    })
    await expectToast(page, '已添加居民「张秀英」')
    await addResident(page, {
      name: '李建国',
      building: '2号楼',
      unit: '1',
      room: '502',
      phone: '13987654321',
      tags: ['退休教师'],
    })
    await addResident(page, { name: '王桂兰', building: '2号楼', unit: '3', room: '101', tags: ['独居老人'] })

    await expect.poll(() => page.getByTestId('resident-total').innerText()).toBe('共 3 人')
    expect((await cellsOf(residentRow(page, '张秀英'))).slice(0, 5)).toEqual([
      '张秀英',
      '1号楼 2单元 301',
      '138****5678\n显示',
      '党员\n楼组长',
      '老党员，热心',
    ])
    expect((await cellsOf(residentRow(page, '王桂兰'))).slice(0, 3)).toEqual(['王桂兰', '2号楼 3单元 101', '未填'])
    // The full number is nowhere on the page until asked for.
    expect(await page.locator('#main').innerText()).not.toContain('13812345678')

    const rows = await database.db.selectFrom('residents').selectAll().orderBy('id').execute()
    expect(rows.map((r) => [r.name, r.building_id, r.unit, r.room, r.phone, JSON.parse(r.tags), r.note])).toEqual([
      ['张秀英', ids.buildings['1号楼'], '2', '301', '13812345678', ['党员', '楼组长'], '老党员，热心'],
      ['李建国', ids.buildings['2号楼'], '1', '502', '13987654321', ['退休教师'], ''],
      ['王桂兰', ids.buildings['2号楼'], '3', '101', '', ['独居老人'], ''],
    ])
    const zhang = rows[0]!.id

    // 显示: asks the reason, then the full number, and a 查看 row in the audit log.
    await residentRow(page, '张秀英').getByRole('button', { name: '显示' }).click()
    const why = page.getByRole('dialog', { name: '查看张秀英的完整电话' })
    await why.getByLabel('查看张秀英完整电话的原因').fill('电话通知开会')
    await why.getByRole('button', { name: '查看' }).click()
    await expect.poll(() => residentRow(page, '张秀英').getByTestId('phone').innerText()).toBe('13812345678')
    const seen = await database.db.selectFrom('audit_log').selectAll().where('action', '=', '查看').execute()
    expect(seen.map((l) => [l.entity, l.entity_id])).toEqual([['居民电话', zhang]])
    // The others stay masked.
    expect(await residentRow(page, '李建国').getByTestId('phone').innerText()).toBe('139****4321')
    await screenshot(page, '10-居民名册-有数据')
    expect(await englishOnScreen(page)).toEqual([])
    await residentRow(page, '张秀英').getByRole('button', { name: '隐藏' }).click()
    await expect.poll(() => residentRow(page, '张秀英').getByTestId('phone').innerText()).toBe('138****5678')

    // 查找 by building name narrows the table (typing is enough; Enter searches at once).
    await page.getByRole('textbox', { name: '查找居民' }).fill('2号楼')
    await page.getByRole('textbox', { name: '查找居民' }).press('Enter')
    await expect.poll(() => page.getByTestId('resident-total').innerText()).toBe('共 2 人')
    expect(await residentRow(page, '张秀英').count()).toBe(0)
    await page.getByRole('textbox', { name: '查找居民' }).fill('没有这个人')
    await page.getByRole('button', { name: '查找', exact: true }).click()
    await page.getByText('没有找到与“没有这个人”有关的居民').waitFor()
    await page.getByRole('textbox', { name: '查找居民' }).fill('')
    await page.getByRole('button', { name: '查找', exact: true }).click()
    await expect.poll(() => page.getByTestId('resident-total').innerText()).toBe('共 3 人')

    // 修改 with the phone box left empty keeps the stored number without reading it (nothing logged).
    await closeToasts(page)
    await residentRow(page, '李建国').getByRole('button', { name: '修改' }).click()
    const d = dialog(page, '修改居民信息')
    await d.waitFor()
    expect(await d.getByLabel('电话').inputValue()).toBe('')
    await d.getByText('留空就保留原号码').waitFor()
    await d.getByLabel('备注').fill('退休教师，可以写会议纪要')
    await d.getByRole('button', { name: '保存' }).click()
    await d.waitFor({ state: 'hidden' })
    await expectToast(page, '已保存「李建国」的修改')
    const li = await database.db
      .selectFrom('residents')
      .selectAll()
      .where('name', '=', '李建国')
      .executeTakeFirstOrThrow()
    expect([li.phone, li.note, li.unit]).toEqual(['13987654321', '退休教师，可以写会议纪要', '1'])

    // 删除 asks first; 不删除 keeps the resident, 删除 removes them from the roster (and logs it).
    await deleteRow(page, residentRow(page, '王桂兰'), '不删除')
    expect(await residentRow(page, '王桂兰').count()).toBe(1)
    const question = await deleteRow(page, residentRow(page, '王桂兰'), '删除')
    expect(question).toContain('王桂兰')
    await expectToast(page, '已删除居民「王桂兰」')
    await expect.poll(() => page.getByTestId('resident-total').innerText()).toBe('共 2 人')
    const wang = rows[2]!.id
    const deleted = await database.db
      .selectFrom('residents')
      .select('deleted_at')
      .where('id', '=', wang)
      .executeTakeFirstOrThrow()
    expect(deleted.deleted_at).not.toBeNull()
    const log = await database.db
      .selectFrom('audit_log')
      .select(['action', 'entity', 'entity_id'])
      .where('entity', 'in', ['居民', '居民电话'])
      .orderBy('id')
      .execute()
    expect(log).toEqual([
      { action: '查看', entity: '居民电话', entity_id: zhang },
      { action: '删除', entity: '居民', entity_id: wang },
    ])

    // 适老模式: the roster and the edit dialog in large type.
    await closeToasts(page)
    await elderModeOn(page)
    await screenshot(page, '16-适老模式-居民名册')
    expect(await tableOverflow(page)).toEqual([0])
    await residentRow(page, '张秀英').getByRole('button', { name: '修改' }).click()
    const big = dialog(page, '修改居民信息')
    await big.waitFor()
    expect(await big.getByLabel('电话').inputValue()).toBe('')
    await screenshot(page, '17-适老模式-修改居民')
    expect(await englishOnScreen(page)).toEqual([])
    await big.getByRole('button', { name: '取消' }).click()
    await big.waitFor({ state: 'hidden' })
    expect(app.pageErrors).toEqual([])
  })

  it('新增议事会和届次，添加两位成员，其中一位离任；新增场地', async () => {
    const { page, database } = app
    const { buildings } = await seedThroughApi(page, {
      grids: ['第一网格'],
      buildings: [
        { name: '1号楼', grid: '第一网格', households: 40, residents: 100 },
        { name: '2号楼', grid: '第一网格', households: 60, residents: 150 },
      ],
    })
    const [zhang, li] = await seedResidents(page, [
      { name: '张秀英', buildingId: buildings['1号楼']!, unit: '2', room: '301', phone: '13812345678' },
      { name: '李建国', buildingId: buildings['2号楼']!, unit: '1', room: '502', phone: '' },
      { name: '王桂兰', buildingId: buildings['2号楼']!, unit: '3', room: '101', phone: '' },
    ])
    const today = officeToday()
    await openCouncil(page)
    await page.getByText('还没有议事会').waitFor()

    await addCouncil(page, '幸福里居民议事会', '三分之二', '13-新增议事会对话框')
    await expectToast(page, '议事会已添加')
    expect((await cellsOf(rowIn(page, 'council-table', '幸福里居民议事会'))).slice(0, 4)).toEqual([
      '幸福里居民议事会',
      '过半数',
      '三分之二',
      '0',
    ])
    const councils = await database.db.selectFrom('councils').selectAll().execute()
    expect(councils.map((c) => [c.name, c.quorum_rule, c.pass_rule])).toEqual([
      ['幸福里居民议事会', '过半数', '三分之二'],
    ])

    // A term that covers today, typed in as dates.
    await page.getByRole('button', { name: '新增届次' }).click()
    const t = dialog(page, '新增届次')
    await t.waitFor()
    expect(await t.getByLabel('届次名称').inputValue()).toBe('第一届')
    await fillDate(t, '任期开始', `${today.year}-01-01`)
    await fillDate(t, '任期结束', `${today.year + 4}-12-31`)
    await t.getByRole('button', { name: '保存' }).click()
    await t.waitFor({ state: 'hidden' })
    expect((await cellsOf(rowIn(page, 'term-table', '第一届'))).slice(0, 3)).toEqual([
      '第一届',
      `${today.year}年1月1日 至 ${today.year + 4}年12月31日`,
      '本届',
    ])
    await page.getByRole('heading', { name: '第一届成员' }).waitFor()
    await page.getByText('这一届还没有成员').waitFor()

    await addMember(page, { name: '张秀英', role: '召集人', category: '党员' }, '14-添加成员')
    await expectToast(page, '已添加成员「张秀英」')
    await addMember(page, { name: '李建国', role: '成员', category: '居民代表' })
    expect(await cellsOf(memberRow(page, '张秀英'))).toEqual([
      '张秀英',
      '1号楼 2单元 301',
      '召集人',
      '党员',
      today.chinese,
      '在任\n登记离任',
      '修改',
    ])
    await expect.poll(() => page.getByTestId('sitting-count').innerText()).toBe('在任 2 人')

    // 离任 today (the default date).
    await memberRow(page, '李建国').getByRole('button', { name: '登记离任：李建国' }).click()
    const e = dialog(page, '成员离任')
    await e.waitFor()
    expect(await e.getByLabel('离任日期').inputValue()).toBe(today.iso)
    await e.getByRole('button', { name: '确认离任' }).click()
    await e.waitFor({ state: 'hidden' })
    await expectToast(page, '已登记「李建国」离任')
    await expect.poll(async () => (await cellsOf(memberRow(page, '李建国')))[5]).toBe(today.chinese)
    await expect.poll(() => page.getByTestId('sitting-count').innerText()).toBe('在任 1 人')

    const members = await database.db
      .selectFrom('council_members')
      .select(['resident_id', 'role', 'category', 'start_date', 'end_date'])
      .orderBy('id')
      .execute()
    expect(members).toEqual([
      { resident_id: zhang, role: '召集人', category: '党员', start_date: today.iso, end_date: null },
      { resident_id: li, role: '成员', category: '居民代表', start_date: today.iso, end_date: today.iso },
    ])
    const ended = await database.db
      .selectFrom('audit_log')
      .select(['entity_id', 'detail'])
      .where('entity', '=', '议事会成员离任')
      .execute()
    expect(ended).toHaveLength(1)
    expect(JSON.parse(ended[0]!.detail)).toEqual({ endDate: today.iso })

    // A room for the meetings.
    await page.getByRole('button', { name: '新增场地' }).click()
    const r = dialog(page, '新增场地')
    await r.waitFor()
    await r.getByLabel('场地名称').fill('居委会二楼会议室')
    await r.getByLabel('容纳人数').fill('30')
    await r.getByLabel('备注').fill('有投影仪')
    await r.getByRole('button', { name: '保存' }).click()
    await r.waitFor({ state: 'hidden' })
    expect((await cellsOf(rowIn(page, 'room-table', '居委会二楼会议室'))).slice(0, 3)).toEqual([
      '居委会二楼会议室',
      '30 人',
      '有投影仪',
    ])
    expect(await database.db.selectFrom('rooms').select(['name', 'capacity', 'note']).execute()).toEqual([
      { name: '居委会二楼会议室', capacity: 30, note: '有投影仪' },
    ])

    await closeToasts(page)
    await screenshot(page, '11-议事会成员-有数据')
    expect(await englishOnScreen(page)).toEqual([])

    // 适老模式: the same screen in large type.
    await elderModeOn(page)
    await screenshot(page, '15-适老模式-议事会成员')
    // Every column, the 登记离任 button included, is on screen without scrolling sideways.
    expect(await tableOverflow(page)).toEqual([0, 0, 0, 0])
    expect(await englishOnScreen(page)).toEqual([])
    expect(app.pageErrors).toEqual([])
  })

  it('填错了：姓名空着、任期结束早于开始，都用中文提示，什么也没保存', async () => {
    const { page, database } = app
    await openPeople(page)
    await page.getByRole('button', { name: '新增居民' }).click()
    const d = dialog(page, '新增居民')
    await d.waitFor()
    await fillResident(page, d, { name: '', unit: '2', room: '301', phone: '13812345678', note: '忘了写名字' })
    await d.getByRole('button', { name: '保存' }).click()
    const alert = d.getByRole('alert')
    await alert.waitFor()
    expect(await alert.innerText()).toContain('请填写「姓名」')
    // Still open, with what was typed.
    expect(await d.getByLabel('电话').inputValue()).toBe('13812345678')
    expect(await d.getByLabel('备注').inputValue()).toBe('忘了写名字')
    await screenshot(page, '12-新增居民-错误提示')
    expect(await englishOnScreen(page)).toEqual([])
    expect(await database.db.selectFrom('residents').selectAll().execute()).toEqual([])
    // Fixing the name saves it.
    await d.getByLabel('姓名').fill('赵大妈')
    await d.getByRole('button', { name: '保存' }).click()
    await d.waitFor({ state: 'hidden' })
    await residentRow(page, '赵大妈').waitFor()
    expect(await database.db.selectFrom('residents').select('name').execute()).toEqual([{ name: '赵大妈' }])

    await openCouncil(page)
    await addCouncil(page, '居民议事会', '过半数')
    await page.getByRole('button', { name: '新增届次' }).click()
    const t = dialog(page, '新增届次')
    await t.waitFor()
    await fillDate(t, '任期开始', '2026-01-01')
    await fillDate(t, '任期结束', '2025-12-31')
    await t.getByRole('button', { name: '保存' }).click()
    const termAlert = t.getByRole('alert')
    await termAlert.waitFor()
    expect(await termAlert.innerText()).toContain('结束日期要晚于开始日期')
    expect(await t.getByLabel('任期开始').inputValue()).toBe('2026-01-01')
    expect(await database.db.selectFrom('council_terms').selectAll().execute()).toEqual([])
    // A missing date is named too.
    await t.getByLabel('任期结束').fill('')
    await t.getByLabel('任期结束').press('Enter')
    await t.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => termAlert.innerText()).toContain('任期结束')
    expect(await database.db.selectFrom('council_terms').selectAll().execute()).toEqual([])
    expect(app.pageErrors).toEqual([])
  })

  it('只用键盘：新增一位居民，再删除', async () => {
    const { page, database } = app
    await openPeople(page)
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement
        return el?.getAttribute('name') || el?.getAttribute('aria-label') || el?.textContent?.trim() || ''
      })
    /** Presses Tab until the focused element is `target` (by name, aria-label or text). */
    const tabTo = async (target: string) => {
      for (let i = 0; i < 30 && (await focused()) !== target; i++) await page.keyboard.press('Tab')
      expect(await focused()).toBe(target)
    }
    await tabTo('新增居民')
    await page.keyboard.press('Enter')
    const d = dialog(page, '新增居民')
    await d.waitFor()
    // The cursor is already in 姓名.
    await expect.poll(focused).toBe('resident-name')
    await page.keyboard.type('钱阿姨')
    await tabTo('resident-phone')
    await page.keyboard.type('021-55556666')
    await tabTo('保存')
    await page.keyboard.press('Enter')
    await d.waitFor({ state: 'hidden' })
    await residentRow(page, '钱阿姨').waitFor()
    expect(await database.db.selectFrom('residents').select(['name', 'phone']).execute()).toEqual([
      { name: '钱阿姨', phone: '021-55556666' },
    ])

    await tabTo('删除钱阿姨')
    await page.keyboard.press('Enter')
    const box = page.locator('.el-message-box')
    await box.waitFor()
    await tabTo('删除')
    await page.keyboard.press('Enter')
    await box.waitFor({ state: 'hidden' })
    await expect.poll(() => residentRow(page, '钱阿姨').count()).toBe(0)
    const left = await database.db.selectFrom('residents').select('deleted_at').executeTakeFirstOrThrow()
    expect(left.deleted_at).not.toBeNull()
    expect(app.pageErrors).toEqual([])
  })

  it('居民多了分页显示：每页 20 人，翻到第 2 页看到其余的', async () => {
    const { page } = app
    const names = Array.from({ length: 25 }, (_, i) => `居民${String(i + 1).padStart(2, '0')}`)
    await seedResidents(
      page,
      names.map((name) => ({ name, buildingId: null, unit: '', room: '', phone: '' })),
    )
    await openPeople(page)
    await expect.poll(() => page.getByTestId('resident-total').innerText()).toBe('共 25 人')
    const firstCells = () =>
      page.getByTestId('resident-table').locator('.el-table__body tr td:first-child').allInnerTexts()
    await expect.poll(async () => (await firstCells()).length).toBe(20)
    await page.locator('.el-pager li', { hasText: /^2$/ }).click()
    await expect.poll(firstCells).toEqual(names.slice(20))
    expect(app.pageErrors).toEqual([])
  })

  it('名册里还没有居民：议事会成员页面指引去“居民名册”', async () => {
    const { page } = app
    await page.evaluate(async () => {
      const c = await window.api.council.create({
        name: '居民议事会',
        quorumRule: '过半数',
        passRule: '过半数',
        note: '',
      })
      if (!c.ok) throw new Error(c.message)
      const t = await window.api.council.createTerm({
        councilId: c.value.id,
        name: '第一届',
        startDate: '2026-01-01',
        endDate: '2030-12-31',
      })
      if (!t.ok) throw new Error(t.message)
    })
    await openCouncil(page)
    const hint = page.getByTestId('no-residents')
    await hint.waitFor()
    await screenshot(page, '18-议事会成员-名册还没有人')
    expect(await hint.innerText()).toContain('居民名册里还没有人')
    await hint.getByRole('link', { name: '到“居民名册”添加居民' }).click()
    await page.getByTestId('privacy-note').waitFor()
    expect(new URL(page.url()).hash).toBe('#/people')
    expect(app.pageErrors).toEqual([])
  })
})
