import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { chromiumPath, closeBrowser, englishOnScreen, screenshot, startApp, type TestApp } from './support/app'
import {
  addGrid,
  cellsOf,
  closeToasts,
  dialog,
  expectToast,
  fillBuilding,
  fillProfile,
  openCommunity,
  rowOf,
  seedThroughApi,
} from './support/community'

/** What every failure must look like to a clerk: Chinese, and no programmer's English leaking through. */
const CHINESE = /[\u4e00-\u9fa5]/
const ENGLISH_LEAK =
  /\b(error|undefined|null|NaN|expected|received|invalid|object|string|number|array|stack|sqlite|constraint|zod)\b/i

function expectClerkFailure(result: unknown, label: string): string {
  expect(result, label).toMatchObject({ ok: false })
  const { message, code } = result as { message: unknown; code: unknown }
  expect(typeof code, label).toBe('string')
  expect(typeof message, label).toBe('string')
  expect(message as string, label).toMatch(CHINESE)
  expect(message as string, label).not.toMatch(ENGLISH_LEAK)
  expect((message as string).length, label).toBeLessThan(300)
  return message as string
}

describe.skipIf(!chromiumPath)('填错了：中文提示，什么都没保存', () => {
  let app: TestApp

  beforeEach(async () => {
    app = await startApp()
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  it('社区名称空着就保存：提示「社区名称」，数据库里没有档案', async () => {
    const { page, database } = app
    await openCommunity(page)
    await fillProfile(page, { name: '', address: '和平区幸福路 88 号', phone: '021-12345678' })
    await page.getByRole('button', { name: '保存基本信息' }).click()
    const message = await expectToast(page, '社区名称')
    expect(message).toMatch(CHINESE)
    expect(message).not.toMatch(ENGLISH_LEAK)
    expect(await page.locator('.el-message--error').count()).toBeGreaterThan(0)
    expect(await page.locator('.el-message', { hasText: '社区档案已保存' }).count()).toBe(0)
    expect(await database.db.selectFrom('community').selectAll().execute()).toEqual([])
    // What was typed is still there to correct.
    expect(await page.getByLabel('地址').inputValue()).toBe('和平区幸福路 88 号')

    // Only spaces count as empty too.
    await closeToasts(page)
    await page.getByLabel('社区名称').fill('   ')
    await page.getByRole('button', { name: '保存基本信息' }).click()
    await expectToast(page, '社区名称')
    expect(await database.db.selectFrom('community').selectAll().execute()).toEqual([])

    // A wrong phone number is refused in Chinese as well.
    await fillProfile(page, { name: '幸福里社区', address: '和平区幸福路 88 号', phone: 'call me' })
    await page.getByRole('button', { name: '保存基本信息' }).click()
    await expectToast(page, '办公电话')
    expect(await database.db.selectFrom('community').selectAll().execute()).toEqual([])
    expect(app.pageErrors).toEqual([])
  })

  it('楼栋户数空着：对话框不关，红框里提示「户数」，数据库没变；补上以后能保存', async () => {
    const { page, database } = app
    await openCommunity(page)
    await addGrid(page, '第一网格')
    await page.getByRole('button', { name: '新增楼栋' }).click()
    const d = dialog(page, '新增楼栋')
    await d.waitFor()
    await fillBuilding(page, d, { name: '1号楼', grid: '第一网格', households: null, residents: 100 })
    await d.getByRole('button', { name: '保存' }).click()

    const alert = d.locator('.el-alert--error')
    await alert.waitFor()
    const text = await alert.innerText()
    expect(text).toContain('「户数」')
    expect(text).not.toMatch(ENGLISH_LEAK)
    expect(await d.isVisible()).toBe(true)
    // The other fields keep what was typed.
    expect(await d.getByLabel('楼栋名称').inputValue()).toBe('1号楼')
    expect(await d.getByLabel('人数').inputValue()).toBe('100')
    await screenshot(page, '03-楼栋对话框-错误提示')
    expect(await englishOnScreen(page)).toEqual([])
    expect(await database.db.selectFrom('buildings').selectAll().execute()).toEqual([])

    // More households than residents is caught too.
    await d.getByLabel('户数').fill('300')
    await d.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => alert.innerText()).toContain('比「人数」还多')
    expect(await database.db.selectFrom('buildings').selectAll().execute()).toEqual([])

    await d.getByLabel('户数').fill('40')
    await d.getByRole('button', { name: '保存' }).click()
    await d.waitFor({ state: 'hidden' })
    await rowOf(page, 'building-table', '1号楼').waitFor()
    const rows = await database.db.selectFrom('buildings').select(['name', 'households', 'residents']).execute()
    expect(rows).toEqual([{ name: '1号楼', households: 40, residents: 100 }])
    expect(app.pageErrors).toEqual([])
  })

  it('楼栋重名：提示已经有同名的，数据库里还是一个', async () => {
    const { page, database } = app
    await seedThroughApi(page, {
      grids: [],
      buildings: [{ name: '1号楼', grid: null, households: 40, residents: 100 }],
    })
    await openCommunity(page)
    await page.getByRole('button', { name: '新增楼栋' }).click()
    const d = dialog(page, '新增楼栋')
    await d.waitFor()
    await fillBuilding(page, d, { name: '1号楼', households: 10, residents: 20 })
    await d.getByRole('button', { name: '保存' }).click()
    const alert = d.locator('.el-alert--error')
    await alert.waitFor()
    expect(await alert.innerText()).toMatch(/同名|已经有/)
    expect(await alert.innerText()).toContain('1号楼')
    const rows = await database.db.selectFrom('buildings').select(['name', 'households']).execute()
    expect(rows).toEqual([{ name: '1号楼', households: 40 }])
    await d.getByRole('button', { name: '取消' }).click()
    await d.waitFor({ state: 'hidden' })

    // Renaming another building onto an existing name is refused the same way.
    await seedThroughApi(page, { grids: [], buildings: [{ name: '2号楼', grid: null, households: 5, residents: 9 }] })
    await page.reload()
    await rowOf(page, 'building-table', '2号楼').getByRole('button', { name: '修改' }).click()
    const edit = dialog(page, '修改楼栋')
    await edit.waitFor()
    await edit.getByLabel('楼栋名称').fill('1号楼')
    await edit.getByRole('button', { name: '保存' }).click()
    await edit.locator('.el-alert--error', { hasText: '已经有' }).waitFor()
    const names = await database.db.selectFrom('buildings').select('name').orderBy('name').execute()
    expect(names.map((n) => n.name)).toEqual(['1号楼', '2号楼'])
  })

  it('直接调用接口塞坏数据：每次都 ok:false 加中文说明；SQL 和脚本文字原样保存；页面照常工作', async () => {
    const { page, database } = app
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    const good = { name: '9号楼', gridId: null, households: 10, residents: 20, note: '' }
    const bad: Array<[string, unknown]> = [
      ['名称是数字', { ...good, name: 123 }],
      ['户数是文字', { ...good, households: '40' }],
      ['户数是小数', { ...good, households: 1.5 }],
      ['户数是负数', { ...good, households: -1 }],
      ['户数太大', { ...good, households: 1e12 }],
      ['网格编号是文字', { ...good, gridId: 'abc' }],
      ['网格不存在', { ...good, gridId: 999 }],
      ['缺少户数和人数', { name: '9号楼', gridId: null, note: '' }],
      ['什么都没有', {}],
      ['不是对象', 'hello'],
      ['是数组', [good]],
      ['是 null', null],
      ['多了字段', { ...good, isAdmin: true }],
      ['名称只有空格', { ...good, name: '   ' }],
      ['名称 1 MB', { ...good, name: 'x'.repeat(1024 * 1024) }],
      ['备注 1 MB', { ...good, note: '备'.repeat(512 * 1024) }],
    ]
    const results = await page.evaluate(async (cases) => {
      const create = window.api.community.createBuilding as (input: unknown) => Promise<unknown>
      const out: unknown[] = []
      for (const [, input] of cases) out.push(await create(input))
      return out
    }, bad)
    const messages = results.map((r, i) => expectClerkFailure(r, bad[i]![0]))
    // The messages name the field at fault.
    expect(messages[1]).toContain('户数')
    expect(messages[5]).toContain('所属网格')
    expect(messages[7]).toMatch(/户数|人数/)
    expect(messages[14]).toContain('不能超过')
    expect(await database.db.selectFrom('buildings').selectAll().execute()).toEqual([])

    // The other channels refuse bad input the same way.
    const others = await page.evaluate(async () => {
      const a = window.api as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>
      return [
        await a.community!.saveProfile!({ name: '幸福里', kind: '小区', address: 'x', phone: '' }),
        await a.community!.deleteBuilding!({ id: 'all' }),
        await a.community!.deleteGrid!({ id: 12345 }),
        await a.community!.updateBuilding!({
          id: 777,
          name: '1号楼',
          gridId: null,
          households: 1,
          residents: 1,
          note: '',
        }),
        await a.settings!.save!({ elderMode: 'yes' }),
        await a.data!.backup!({ folder: 'relative/folder' }),
        await a.data!.backup!({ folder: '/no/such/folder/at/all' }),
        await a.community!.overview!({ extra: 1 }),
      ]
    })
    others.forEach((r, i) => expectClerkFailure(r, `其他接口 #${i}`))
    expect(await database.db.selectFrom('community').selectAll().execute()).toEqual([])

    // Raw HTTP: unknown channels, broken JSON, a too-large body, GET.
    const raw = await page.evaluate(async () => {
      const post = async (path: string, body?: string) => {
        const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        return { status: res.status, json: (await res.json()) as unknown }
      }
      const get = await fetch('/api/community.overview')
      return [
        await post('/api/nope.x'),
        await post('/api/toString'),
        await post('/api/__proto__'),
        await post('/api/constructor'),
        await post('/api/community.createBuilding', '{"name": "1号楼", '),
        await post('/api/community.createBuilding', JSON.stringify({ name: 'x'.repeat(3 * 1024 * 1024) })),
        { status: get.status, json: (await get.json()) as unknown },
      ]
    })
    raw.forEach((r, i) => expectClerkFailure(r.json, `HTTP #${i}`))
    expect(raw[0]!.json).toMatchObject({ code: 'UNKNOWN_CHANNEL' })
    expect(raw[5]!.status).toBe(413)
    expect(raw[6]!.status).toBe(405)

    // SQL and markup are just text: stored verbatim, nothing executed.
    const sqlName = "'); drop table buildings; --"
    const scriptName = '<img src=x onerror=alert(1)>'
    const scriptNote = '<script>alert("社区")</script>'
    const stored = await page.evaluate(
      async ([a, b, c]) => [
        await window.api.community.createBuilding({ name: a, gridId: null, households: 1, residents: 2, note: '' }),
        await window.api.community.createBuilding({ name: b, gridId: null, households: 3, residents: 4, note: c }),
        await window.api.community.createGrid({ name: a, note: c }),
      ],
      [sqlName, scriptName, scriptNote] as const,
    )
    for (const r of stored) expect(r).toMatchObject({ ok: true })
    const tables = await sql<{
      name: string
    }>`select name from sqlite_master where type = 'table' order by name`.execute(database.db)
    expect(tables.rows.map((t) => t.name)).toEqual(
      expect.arrayContaining(['audit_log', 'backups', 'buildings', 'community', 'grids', 'settings']),
    )
    const rows = await database.db.selectFrom('buildings').select(['name', 'note']).orderBy('id').execute()
    expect(rows).toEqual([
      { name: sqlName, note: '' },
      { name: scriptName, note: scriptNote },
    ])
    const grid = await database.db.selectFrom('grids').select(['name', 'note']).executeTakeFirstOrThrow()
    expect(grid).toEqual({ name: sqlName, note: scriptNote })

    // The page still works and shows the odd names as plain text.
    const overview = await page.evaluate(() => window.api.community.overview())
    expect(overview).toMatchObject({
      ok: true,
      value: { totals: { buildings: 2, households: 4, residents: 6, grids: 1 } },
    })
    await openCommunity(page)
    expect((await cellsOf(rowOf(page, 'building-table', scriptName))).slice(0, 5)).toEqual([
      scriptName,
      '（未分网格）',
      '3',
      '4',
      scriptNote,
    ])
    await rowOf(page, 'building-table', sqlName).waitFor()
    await rowOf(page, 'grid-table', sqlName).waitFor()
    expect(await page.locator('#main img').count()).toBe(0)
    expect(dialogs).toEqual([])
    // The browser logs the deliberate 400/405/413 answers above; nothing else may show up.
    expect(app.pageErrors.filter((e) => !/Failed to load resource: .* (400|405|413) /.test(e))).toEqual([])
  })
})
