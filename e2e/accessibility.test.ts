import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCommunity } from '../electron/demo/generate-community'
import { join } from 'node:path'
import { chromiumPath, closeBrowser, ROOT, screenshot, signIn, startApp, type TestApp } from './support/app'
import { dialog } from './support/community'
import { axe, go, pickIds, settle, trackCalls, type Finding, type Ids } from './support/a11y'

/**
 * axe-core on every screen of the app, filled with a demo community (so lists, tags, tables and
 * pagers are all on screen), in the normal size and in 适老模式: no serious or critical finding
 * (contrast, names of fields, labels that do not match). Dialogs that are cheap to open, the
 * print pages and the projector are checked too.
 */

/** The person the screens are checked as: a 管理员, so 设置 opens too, and 主任, so 调解 does. */
const ADMIN = { name: '管理员甲', roles: ['管理员' as const, '主任' as const], pin: '1234' }

/** Every screen (each route of src/router.ts), a few of their dialogs, the print pages and the projector. */
async function everyScreen(
  page: Page,
  app: TestApp,
  ids: Ids,
  mode: string,
): Promise<{ found: Finding[]; screens: string[] }> {
  const found: Finding[] = []
  const screens: string[] = []
  const check = async (screen: string) => {
    screens.push(screen)
    found.push(...(await axe(page, `${mode} ${screen}`)))
  }

  await go(page, app, '/')
  await page.locator('.tiles').first().waitFor()
  await check('首页')
  await screenshot(page, `a11y-${mode}-首页`)

  await go(page, app, '/community')
  await page.getByTestId('total-households').waitFor()
  await check('社区档案')
  // The one import dialog again, on the buildings list: its preview offers the grids it names.
  await page.getByRole('button', { name: '导入楼栋' }).click()
  const buildingImport = dialog(page, '导入楼栋')
  await buildingImport.waitFor()
  await buildingImport
    .getByLabel('选择要导入的表格文件')
    .setInputFiles(join(ROOT, 'e2e', 'fixtures', 'import-buildings.xlsx'))
  await buildingImport.getByRole('button', { name: '下一步：预览' }).click()
  await buildingImport.getByRole('heading', { name: /第三步：预览/ }).waitFor()
  await settle(page)
  await check('导入楼栋对话框（预览）')
  await page.keyboard.press('Escape')
  await buildingImport.waitFor({ state: 'hidden' })

  await go(page, app, '/meetings/holidays')
  await page.locator('#holidays-title').waitFor()
  await check('节假日安排')

  for (const view of ['month', 'week', 'list']) {
    await go(page, app, `/meetings?view=${view}`)
    await check(`议事会日程（${view}）`)
  }
  await page.getByRole('button', { name: '新建会议' }).click()
  await dialog(page, '新建会议').waitFor()
  await settle(page)
  await check('新建会议对话框')
  await page.keyboard.press('Escape')
  await dialog(page, '新建会议').waitFor({ state: 'hidden' })
  await page.getByRole('button', { name: '新建系列会议' }).click()
  await dialog(page, '新建系列会议').waitFor()
  await settle(page)
  await check('新建系列会议对话框')
  await page.keyboard.press('Escape')

  for (const tab of ['info', 'agenda', 'attendance', 'vote', 'minutes']) {
    await go(page, app, `/meetings/${ids.meeting}?tab=${tab}`)
    await page.getByTestId('meeting-title').waitFor()
    await check(`会议详情（${tab}）`)
  }

  await go(page, app, '/topics')
  await page.locator('.el-table__body tr').first().waitFor()
  await check('议题征集')
  await page.getByRole('button', { name: '登记议题' }).click()
  await dialog(page, '登记议题').waitFor()
  await settle(page)
  await check('登记议题对话框')
  await page.keyboard.press('Escape')
  await settle(page)
  await page.getByRole('button', { name: '转办规则' }).click()
  await dialog(page, '转办规则').waitFor()
  await settle(page)
  await check('转办规则对话框')
  await page.keyboard.press('Escape')
  await settle(page)
  await page.locator('.el-table__body tr').first().locator('td').first().click()
  await page.locator('.el-drawer').waitFor()
  await settle(page)
  await check('议题详情抽屉')

  await go(page, app, '/resolutions')
  await page.locator('.el-table__body tr').first().waitFor()
  await check('决议督办')
  await go(page, app, `/resolutions/${ids.resolution}`)
  await check('决议详情')
  const note = page.getByRole('button', { name: /登记进展|补记进展/ }).first()
  if (await note.count()) {
    await note.click()
    await page.locator('.el-dialog:visible').waitFor()
    await settle(page)
    await check('进展对话框')
    await page.keyboard.press('Escape')
  }

  await go(page, app, '/to-tell')
  await check('待告知居民')

  await go(page, app, '/dashboard')
  await page.waitForTimeout(500)
  await check('数据看板')

  await go(page, app, '/council')
  await check('议事会成员')
  await page.getByRole('button', { name: '添加成员' }).first().click()
  await dialog(page, '添加成员').waitFor()
  await settle(page)
  await check('添加成员对话框')
  await page.keyboard.press('Escape')

  await go(page, app, '/people')
  await page.locator('.el-table__body tr').first().waitFor()
  await check('居民名册')
  await page.getByRole('button', { name: '新增居民' }).click()
  await page.locator('.el-dialog:visible').waitFor()
  await settle(page)
  await check('新增居民对话框')
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: '导入', exact: true }).click()
  const importing = dialog(page, '导入居民名册')
  await importing.waitFor()
  await settle(page)
  await check('导入对话框（选择文件）')
  await importing.getByLabel('选择要导入的表格文件').setInputFiles(join(ROOT, 'e2e', 'fixtures', 'import-roster.xlsx'))
  await importing.getByRole('heading', { name: '第二步：核对每一项在哪一列' }).waitFor()
  await settle(page)
  await check('导入对话框（核对列）')
  await importing.getByRole('button', { name: '下一步：预览' }).click()
  await importing.getByRole('heading', { name: /第三步：预览/ }).waitFor()
  await settle(page)
  await check('导入对话框（预览）')
  await page.keyboard.press('Escape')
  await importing.waitFor({ state: 'hidden' })

  await go(page, app, '/fund')
  await page.getByTestId('fund-entries').locator('.el-table__body tr').first().waitFor()
  await check('公益基金')
  await screenshot(page, `a11y-${mode}-公益基金`)
  for (const [button, title] of [
    ['登记收入', '登记收入'],
    ['新建子基金', '新建子基金'],
  ] as const) {
    await page.getByRole('button', { name: button }).click()
    await dialog(page, title).waitFor()
    await settle(page)
    await check(`${title}对话框`)
    await page.keyboard.press('Escape')
    await settle(page)
  }
  await go(page, app, `/fund/entries/${ids.fundEntry}`)
  await page.getByTestId('entry-title').waitFor()
  await check('收支详情')
  await page.getByRole('button', { name: '冲销' }).click()
  await dialog(page, '冲销这笔收支').waitFor()
  await settle(page)
  await check('冲销对话框')
  await page.keyboard.press('Escape')
  await go(page, app, `/fund/subfunds/${ids.subfund}`)
  await page.getByTestId('closing').waitFor()
  await check('子基金明细')
  await go(page, app, '/fund/reconcile')
  await page.getByTestId('unreconciled').waitFor()
  await check('基金对账')
  await screenshot(page, `a11y-${mode}-基金对账`)
  await go(page, app, `/print/fund/receipt/${ids.fundEntry}`)
  await check('捐赠收据')
  await go(page, app, '/print/fund/notice')
  await check('公益基金收支公示')
  await go(page, app, '/partners')
  await page.locator('.el-table__body tr').first().waitFor()
  await check('合伙人')
  await screenshot(page, `a11y-${mode}-合伙人`)
  await page.getByRole('button', { name: '新增合伙人' }).click()
  await dialog(page, '新增合伙人').waitFor()
  await settle(page)
  await check('新增合伙人对话框')
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: '导入', exact: true }).click()
  await dialog(page, '导入合伙人').waitFor()
  await settle(page)
  await check('导入合伙人对话框')
  await page.keyboard.press('Escape')
  await go(page, app, `/partners/${ids.partner}`)
  await page.getByTestId('partner-agreements').waitFor()
  await check('合伙人详情')
  await screenshot(page, `a11y-${mode}-合伙人详情`)
  await go(page, app, '/partners/agreements')
  await page.locator('.el-table__body tr').first().waitFor()
  await check('合作协议')
  await screenshot(page, `a11y-${mode}-合作协议`)
  await go(page, app, `/partners/agreements/${ids.agreement}`)
  await page.getByTestId('agreement-state').waitFor()
  await check('协议与履约')
  await screenshot(page, `a11y-${mode}-协议与履约`)
  await page.getByRole('button', { name: /登记/ }).first().click()
  await page.locator('.el-dialog:visible').waitFor()
  await settle(page)
  await check('履约期对话框')
  await screenshot(page, `a11y-${mode}-履约期对话框`)
  await page.keyboard.press('Escape')
  await go(page, app, '/partners/periods?filter=overdue')
  await check('履约提醒')
  await screenshot(page, `a11y-${mode}-履约提醒`)
  await go(page, app, `/print/partners/evaluation/${ids.agreement}`)
  await page.getByTestId('print-sheet').waitFor()
  await check('履约评估表')

  await go(page, app, '/mediation')
  await page.getByTestId('cases').locator('.el-table__body tr').first().waitFor()
  await check('调解案卷')
  await go(page, app, '/mediation/new')
  await page.getByRole('heading', { name: '受理登记' }).first().waitFor()
  await check('受理登记')
  await screenshot(page, `a11y-${mode}-受理登记`)
  await go(page, app, `/mediation/cases/${ids.mediationCase}`)
  await page.getByTestId('case-title').waitFor()
  await check('调解案件')
  await screenshot(page, `a11y-${mode}-调解案件`)
  for (const [button, title] of [
    ['添加人员', '添加调解人员'],
    ['发现激化苗头', '发现激化苗头'],
    ['加密导出完整卷宗…', '加密导出完整卷宗'],
  ] as const) {
    const b = page.getByRole('button', { name: button })
    if (!(await b.count())) continue
    await b.click()
    await dialog(page, title).waitFor()
    await settle(page)
    await check(`${title}对话框`)
    await page.keyboard.press('Escape')
    await settle(page)
  }
  await go(page, app, '/mediation/statistics')
  await page.getByTestId('stats-table').waitFor()
  await check('调解统计')
  await go(page, app, `/print/mediation/agreement/${ids.mediationCase}`)
  await check('人民调解协议书')
  await go(page, app, `/print/mediation/dossier/${ids.mediationCase}`)
  await check('调解卷宗')
  await go(page, app, `/print/mediation/confirmation/${ids.mediationCase}`)
  await check('司法确认申请书')

  await go(page, app, '/data')
  await check('数据与备份')
  await screenshot(page, `a11y-${mode}-数据与备份`)
  await page.getByRole('button', { name: '加密归档…' }).click()
  await dialog(page, '加密归档').waitFor()
  await settle(page)
  await check('加密归档')
  await page.keyboard.press('Escape')
  await dialog(page, '加密归档').waitFor({ state: 'hidden' })

  await go(page, app, '/settings')
  await page.getByTestId('operator-table').waitFor()
  await check('设置')
  await screenshot(page, `a11y-${mode}-设置`)
  await page.getByRole('button', { name: '登记操作人' }).click()
  await dialog(page, '登记操作人').waitFor()
  await settle(page)
  await check('登记操作人')
  await page.keyboard.press('Escape')
  await dialog(page, '登记操作人').waitFor({ state: 'hidden' })

  // The lock screen and the start screen, then back to work as the same person.
  await page.getByRole('button', { name: '锁定' }).click()
  await page.getByRole('dialog', { name: '屏幕已锁定' }).waitFor()
  await settle(page)
  await check('锁屏')
  await page.getByRole('button', { name: '换人' }).last().click()
  await page.getByText('请选择操作人').waitFor()
  await settle(page)
  await check('选择操作人')
  await signIn(page, ADMIN.name, ADMIN.pin)
  await page.getByRole('navigation', { name: '主菜单' }).waitFor()

  await go(page, app, `/print/resolution/${ids.resolution}`)
  await check('督办单')
  for (const doc of ['notice', 'signin', 'agenda', 'minutes']) {
    await go(page, app, `/print/meeting/${ids.meeting}/${doc}`)
    await check(`打印（${doc}）`)
  }

  await go(page, app, '/projection')
  await page.getByTestId('projection').waitFor()
  await check('投屏')
  return { found, screens }
}

/** The contest's screens (提案大赛): the list, each tab of one contest, judge mode, paper entry, the papers. */
async function contestScreens(
  page: Page,
  app: TestApp,
  ids: Ids,
  mode: string,
): Promise<{ found: Finding[]; screens: string[] }> {
  const found: Finding[] = []
  const screens: string[] = []
  const check = async (screen: string) => {
    screens.push(screen)
    found.push(...(await axe(page, `${mode} ${screen}`)))
  }
  await go(page, app, '/contest')
  await page.getByTestId('contest-list').locator('.el-table__body tr').first().waitFor()
  await check('提案大赛')
  await page.getByRole('button', { name: '新建大赛' }).click()
  await dialog(page, '新建提案大赛').waitFor()
  await settle(page)
  await check('新建大赛对话框')
  await page.keyboard.press('Escape')
  for (const tab of ['proposals', 'panel', 'scoring', 'results', 'notice', 'projects']) {
    await go(page, app, `/contest/${ids.contest}?tab=${tab}`)
    await page.locator('#contest-title').waitFor()
    await settle(page)
    await check(`提案大赛详情（${tab}）`)
    await screenshot(page, `a11y-${mode}-提案大赛-${tab}`)
  }
  await go(page, app, `/contest/judge/${ids.judge}`)
  await page.getByTestId('judge-sheet').waitFor()
  await check('评委打分')
  await go(page, app, `/contest/paper/${ids.judge}`)
  await page.locator('#paper-title').waitFor()
  await check('纸质评分表录入')
  await go(page, app, `/print/contest/judge/${ids.judge}/sheet`)
  await page.getByTestId('print-sheet').waitFor()
  await check('空白评分表')
  await go(page, app, `/print/contest/${ids.contest}/notice`)
  await page.getByTestId('print-sheet').waitFor()
  await check('提案大赛结果公示')
  await screenshot(page, `a11y-${mode}-提案大赛公示`)
  await go(page, app, `/print/contest/${ids.contest}/summary`)
  await page.getByTestId('print-sheet').waitFor()
  await check('评分汇总表')
  await screenshot(page, `a11y-${mode}-评分汇总表`)

  return { found, screens }
}

/**
 * Every route of src/router.ts, as the screens checked are named: the one list of what must be
 * checked. A new route or dialog gets its name here and its visit in everyScreen above.
 */
const ROUTES = [
  '首页',
  '社区档案',
  '导入楼栋对话框（预览）',
  '节假日安排',
  '议事会日程（month）',
  '会议详情（info）',
  '议题征集',
  '决议督办',
  '决议详情',
  '待告知居民',
  '数据看板',
  '督办单',
  '议事会成员',
  '居民名册',
  '导入对话框（选择文件）',
  '导入对话框（核对列）',
  '导入对话框（预览）',
  '投屏',
  '打印（notice）',
  '数据与备份',
  '加密归档',
  '设置',
  '登记操作人',
  '锁屏',
  '选择操作人',
  '公益基金',
  '收支详情',
  '子基金明细',
  '基金对账',
  '捐赠收据',
  '公益基金收支公示',
  '合伙人',
  '导入合伙人对话框',
  '合伙人详情',
  '合作协议',
  '协议与履约',
  '履约提醒',
  '履约评估表',
  '调解案卷',
  '受理登记',
  '调解案件',
  '调解统计',
  '人民调解协议书',
  '调解卷宗',
  '司法确认申请书',
]

/** The contest's routes (checked in tests of their own: the whole app in one test outlasts its time limit). */
const CONTEST_ROUTES = [
  '提案大赛',
  '提案大赛详情（proposals）',
  '提案大赛详情（panel）',
  '提案大赛详情（scoring）',
  '提案大赛详情（results）',
  '提案大赛详情（notice）',
  '提案大赛详情（projects）',
  '评委打分',
  '纸质评分表录入',
  '空白评分表',
  '提案大赛结果公示',
  '评分汇总表',
]

/** About 50 screens and dialogs, each settled and checked: well over the 60 s a single e2e test gets. */
const EVERY_SCREEN_MS = 240_000

describe.skipIf(!chromiumPath)('无障碍：axe-core 在每个页面上没有严重问题', () => {
  let app: TestApp
  let ids: Ids

  beforeAll(async () => {
    app = await startApp({ operators: [ADMIN, { name: '普通乙' }], signInAs: ADMIN.name })
    await generateCommunity(app.database.db, {
      years: 1,
      meetingsPerYear: 40,
      buildings: 6,
      households: 200,
      residents: 300,
      topics: 150,
      resolutions: 40,
      contests: 2,
      contestProposals: 30,
    })
    ids = await pickIds(app)
    // The app's Content-Security-Policy allows no injected script; axe is a test tool, not the app.
    const cdp = await app.context.newCDPSession(app.page)
    await cdp.send('Page.setBypassCSP', { enabled: true })
    trackCalls(app.page)
    await app.page.reload()
    // The first navigation (to 首页, after the session is read) must end before the next one starts,
    // or it lands after it and the page stays on 首页 (a race that shows on a busy machine).
    await app.page.locator('.tiles').first().waitFor()
    // The projector shows the meeting with the most items (as 开始投屏 on its page would).
    await app.page.goto(`${app.url}/#/meetings/${ids.meeting}`)
    const popup = app.context.waitForEvent('page')
    await app.page.getByRole('button', { name: '开始投屏' }).click()
    await (await popup).close()
  })
  afterAll(async () => {
    await app?.close()
    await closeBrowser()
  })

  it(
    '普通模式：每个页面 0 个严重（serious）和危急（critical）问题',
    async () => {
      const { found, screens } = await everyScreen(app.page, app, ids, '普通')
      expect(screens).toEqual(expect.arrayContaining(ROUTES))
      expect(found).toEqual([])
    },
    EVERY_SCREEN_MS,
  )

  it('导出进度（窗口角上的导出托盘）：0 个严重和危急问题', async () => {
    const { page } = app
    await go(page, app, '/dashboard')
    await page.getByRole('button', { name: '导出议题征集台账' }).click()
    const tray = page.getByRole('region', { name: '导出进度' })
    await expect.poll(() => tray.getByTestId('export-job-done').count(), { timeout: 30_000 }).toBe(1)
    expect(await axe(page, '导出托盘')).toEqual([])
    await tray.getByRole('button', { name: '关闭' }).click()
    await expect.poll(() => tray.count()).toBe(0)
  })

  it('普通模式：提案大赛的每个页面 0 个严重和危急问题', async () => {
    const { found, screens } = await contestScreens(app.page, app, ids, '普通')
    expect(screens).toEqual(expect.arrayContaining(CONTEST_ROUTES))
    expect(found).toEqual([])
  })

  it(
    '适老模式：每个页面 0 个严重（serious）和危急（critical）问题',
    async () => {
      const { page } = app
      await go(page, app, '/')
      await page.locator('.elder-switch .el-switch').click()
      await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('elder-mode'))).toBe(true)
      const { found, screens } = await everyScreen(page, app, ids, '适老')
      expect(screens).toEqual(expect.arrayContaining(ROUTES))
      expect(found).toEqual([])
    },
    EVERY_SCREEN_MS,
  )

  it('适老模式：提案大赛的每个页面 0 个严重和危急问题', async () => {
    const { page } = app
    expect(await page.evaluate(() => document.documentElement.classList.contains('elder-mode'))).toBe(true)
    const { found, screens } = await contestScreens(page, app, ids, '适老')
    expect(screens).toEqual(expect.arrayContaining(CONTEST_ROUTES))
    expect(found).toEqual([])
  })
})
