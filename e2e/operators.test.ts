import { existsSync, readdirSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { chromiumPath, closeBrowser, englishOnScreen, screenshot, signIn, startApp, type TestApp } from './support/app'
import { dialog, expectToast, nav, rowOf } from './support/community'

const SEVEN_ZIP = ['/usr/bin/7z', '/usr/bin/7za'].find((p) => existsSync(p)) ?? null

describe.skipIf(!chromiumPath)('操作人：谁在用这台电脑', () => {
  let app: TestApp | undefined
  afterEach(async () => {
    await app?.close()
    app = undefined
  })
  afterAll(closeBrowser)

  it('第一次用：不问是谁；登记第一位管理员后，再打开先选操作人、输密码；每条日志记下操作人', async () => {
    app = await startApp()
    const { page, database } = app
    // Nobody named yet: straight to 首页, and 设置 is there for the unnamed administrator.
    await nav(page, '设置').click()
    await page.getByTestId('no-operators').waitFor()
    await page.getByRole('button', { name: '登记操作人' }).click()
    const add = dialog(page, '登记操作人')
    await add.getByText('这是第一位操作人，须是管理员').waitFor()
    await add.getByLabel('姓名').fill('张主任')
    await add.locator('.el-checkbox').filter({ hasText: /^主任/ }).click()
    await add.getByLabel('密码', { exact: true }).fill('13')
    await add.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => add.getByTestId('dialog-error').innerText()).toBe('密码是 4 到 12 位数字')
    await add.getByLabel('密码', { exact: true }).fill('1357')
    await add.getByRole('button', { name: '保存' }).click()
    await add.waitFor({ state: 'hidden' })
    // The session continues as the person just named.
    await expect.poll(() => page.getByTestId('operator').innerText()).toContain('操作人：张主任（管理员、主任）')
    // A 普通 clerk without a password.
    await page.getByRole('button', { name: '登记操作人' }).click()
    await add.getByLabel('姓名').fill('小王')
    await add.getByRole('button', { name: '保存' }).click()
    await rowOf(page, 'operator-table', '小王').waitFor()
    expect(await rowOf(page, 'operator-table', '小王').innerText()).toContain('普通')
    await screenshot(page, 'operators-01-设置')
    expect(await englishOnScreen(page)).toEqual([])

    // The next start asks who is working (a new start is a new session: the old one's cookie is gone).
    await app.context.clearCookies()
    await page.reload()
    await page.getByText('请选择操作人').waitFor()
    await screenshot(page, 'operators-02-选择操作人')
    expect(await englishOnScreen(page)).toEqual([])
    await signIn(page, '张主任', '0000')
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('密码不对，请重新输入。')
    await page.getByLabel('张主任的密码').fill('1357')
    await page.getByRole('button', { name: '进入' }).click()
    await page.getByRole('navigation', { name: '主菜单' }).waitFor()

    // 换人 → 小王 (no password): 设置 is not in the sidebar, and typing its address is refused.
    await page.getByRole('button', { name: '换人' }).click()
    await signIn(page, '小王')
    await page.getByRole('navigation', { name: '主菜单' }).waitFor()
    await expect.poll(() => page.getByTestId('operator').innerText()).toContain('小王（普通）')
    expect(await nav(page, '设置').count()).toBe(0)
    expect(await nav(page, '居民名册').count()).toBe(1)
    await page.evaluate(() => (window.location.hash = '#/settings'))
    await expectToast(page, '「设置」只有管理员能打开。')
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/')
    expect(await page.getByTestId('operator-table').count()).toBe(0)
    await screenshot(page, 'operators-03-普通操作人')

    // Every audit entry names its operator.
    const log = await database.db
      .selectFrom('audit_log')
      .select(['action', 'entity', 'operator_name'])
      .orderBy('id')
      .execute()
    expect(log).toEqual([
      { action: '新增', entity: '操作人', operator_name: '未登记操作人' },
      { action: '新增', entity: '操作人', operator_name: '张主任' },
      { action: '登录', entity: '操作人', operator_name: '张主任' },
      { action: '登录', entity: '操作人', operator_name: '张主任' },
      { action: '登录', entity: '操作人', operator_name: '小王' },
    ])
  })

  it('一段时间没人操作就锁屏：输入密码才能继续，锁屏时看不到资料', async () => {
    app = await startApp({
      operators: [{ name: '李明', roles: ['管理员'], pin: '2468' }],
      signInAs: '李明',
      idleSeconds: 3,
    })
    const { page } = app
    await nav(page, '居民名册').click()
    await page.getByTestId('resident-table').waitFor()
    // Activity keeps it open…
    for (let i = 0; i < 4; i++) {
      await page.waitForTimeout(1000)
      await page.mouse.move(100 + i * 10, 200)
    }
    expect(await page.getByTestId('lock-screen').count()).toBe(0)
    // …and three quiet seconds lock it.
    const lock = page.getByRole('dialog', { name: '屏幕已锁定' })
    await lock.waitFor({ timeout: 8000 })
    expect(await lock.innerText()).toContain('操作人：李明')
    await screenshot(page, 'operators-04-锁屏')
    expect(await englishOnScreen(page)).toEqual([])
    await lock.getByLabel('密码').fill('1111')
    await lock.getByRole('button', { name: '解锁' }).click()
    await expect.poll(() => lock.getByRole('alert').innerText()).toBe('密码不对，请重新输入。')
    await lock.getByLabel('密码').fill('2468')
    await lock.getByRole('button', { name: '解锁' }).click()
    await lock.waitFor({ state: 'hidden' })
    // The screen underneath is still the roster.
    await page.getByTestId('resident-table').waitFor()
    // 锁定 by hand.
    await page.getByRole('button', { name: '锁定' }).click()
    await lock.waitFor()
  })

  it('看完整电话要写原因，记入日志（谁、看了谁、为什么）', async () => {
    app = await startApp({ operators: [{ name: '王芳', roles: ['管理员'] }], signInAs: '王芳' })
    const { page, database } = app
    await nav(page, '居民名册').click()
    await page.getByRole('button', { name: '新增居民' }).click()
    const add = dialog(page, '新增居民')
    await add.getByLabel('姓名').fill('张秀英')
    await add.getByLabel('电话').fill('13812345678')
    await add.getByRole('button', { name: '保存' }).click()
    await add.waitFor({ state: 'hidden' })
    const row = rowOf(page, 'resident-table', '张秀英')
    await expect.poll(() => row.getByTestId('phone').innerText()).toBe('138****5678')
    await row.getByRole('button', { name: '显示' }).click()
    const ask = dialog(page, '查看张秀英的完整电话')
    await ask.getByRole('button', { name: '查看' }).click()
    await expect.poll(() => ask.getByTestId('dialog-error').innerText()).toBe('请填写「查看原因」')
    expect(await row.getByTestId('phone').innerText()).toBe('138****5678')
    await screenshot(page, 'operators-05-查看原因')
    await ask.getByLabel('查看张秀英完整电话的原因').fill('电话通知开会')
    await ask.getByRole('button', { name: '查看' }).click()
    await expect.poll(() => row.getByTestId('phone').innerText()).toBe('13812345678')
    const seen = await database.db
      .selectFrom('audit_log')
      .select(['entity', 'detail', 'operator_name'])
      .where('action', '=', '查看')
      .execute()
    expect(seen).toEqual([
      { entity: '居民电话', detail: JSON.stringify({ 原因: '电话通知开会' }), operator_name: '王芳' },
    ])
  })

  it('数据与备份 → 加密归档：设密码，存成 7-Zip 能用这个密码打开的 .zip', async () => {
    app = await startApp()
    const { page, exportDir } = app
    await nav(page, '数据与备份').click()
    await page.getByRole('button', { name: '加密归档…' }).click()
    const box = dialog(page, '加密归档')
    await box.getByLabel('归档密码', { exact: true }).fill('short')
    await box.getByLabel('再输一遍归档密码').fill('short')
    await box.getByRole('button', { name: '归档' }).click()
    await expect.poll(() => box.getByTestId('dialog-error').innerText()).toContain('归档密码要 8 到 64 位')
    await box.getByLabel('归档密码', { exact: true }).fill('Juwei-2026')
    await box.getByLabel('再输一遍归档密码').fill('Juwei-2025')
    await box.getByRole('button', { name: '归档' }).click()
    await expect.poll(() => box.getByTestId('dialog-error').innerText()).toBe('两次输入的归档密码不一样，请重新输入。')
    await box.getByLabel('再输一遍归档密码').fill('Juwei-2026')
    await box.getByRole('button', { name: '归档' }).click()
    await box.waitFor({ state: 'hidden' })
    await page.getByTestId('archive-result').waitFor()
    await screenshot(page, 'operators-06-加密归档')
    const [zip] = readdirSync(exportDir).filter((f) => f.endsWith('.zip'))
    expect(zip).toMatch(/^社区工作台归档-.*\.zip$/)
    if (!SEVEN_ZIP) return console.log('跳过 7z 检验：找不到 7z（apt-get install -y p7zip-full）')
    expect(spawnSync(SEVEN_ZIP, ['t', '-pJuwei-2026', join(exportDir, zip!)]).status).toBe(0)
    expect(spawnSync(SEVEN_ZIP, ['t', '-pwrong-pass1', join(exportDir, zip!)]).status).not.toBe(0)
  })
})
