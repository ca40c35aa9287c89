import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { chromiumPath, closeBrowser, englishOnScreen, screenshot, startApp, type TestApp } from './support/app'
import {
  addBuilding,
  addGrid,
  cellsOf,
  deleteRow,
  dialog,
  expectToast,
  expectTotals,
  fillBuilding,
  fillProfile,
  openCommunity,
  rowOf,
  seedThroughApi,
} from './support/community'

describe.skipIf(!chromiumPath)('社区档案', () => {
  let app: TestApp

  beforeEach(async () => {
    app = await startApp()
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  it('首页提示先填写社区档案', async () => {
    const { page } = app
    await page.getByRole('heading', { name: '欢迎使用社区工作台' }).waitFor()
    expect(await page.locator('.brand-sub').innerText()).toBe('尚未填写社区档案')
    await page.getByText('总户数').waitFor()
    await page.getByText('还没有备份过').waitFor()
    await screenshot(page, '01-首页')
    expect(await englishOnScreen(page)).toEqual([])
    await page.getByRole('link', { name: '去填写社区档案' }).click()
    await page.getByRole('heading', { name: '基本信息' }).waitFor()
    expect(new URL(page.url()).hash).toBe('#/community')
    expect(app.pageErrors).toEqual([])
  })

  it('填写基本信息、两个网格和三个楼栋：合计正确，刷新后仍在，数据库里也对', async () => {
    const { page, database } = app
    await openCommunity(page)
    await expectTotals(page, { grids: 0, buildings: 0, households: 0, residents: 0 })

    await fillProfile(page, {
      name: '幸福里社区',
      kind: '城市社区',
      address: '和平区幸福路 88 号',
      phone: '021-12345678',
    })
    await page.getByRole('button', { name: '保存基本信息' }).click()
    await expectToast(page, '社区档案已保存')
    // The sidebar shows the community's name once the profile is saved.
    await expect.poll(() => page.locator('.brand-sub').innerText()).toBe('幸福里社区')

    await addGrid(page, '第一网格', '网格员 王芳')
    await addGrid(page, '第二网格')
    await addBuilding(page, { name: '1号楼', grid: '第一网格', households: 40, residents: 100 })
    await addBuilding(page, { name: '2号楼', grid: '第一网格', households: 60, residents: 150, note: '老旧小区' })
    await addBuilding(page, { name: '3号楼', grid: '第二网格', households: 50, residents: 120 })

    await expectTotals(page, { grids: 2, buildings: 3, households: 150, residents: 370 })
    // A grid's numbers are the sum of its buildings.
    expect((await cellsOf(rowOf(page, 'grid-table', '第一网格'))).slice(0, 5)).toEqual([
      '第一网格',
      '2',
      '100',
      '250',
      '网格员 王芳',
    ])
    expect((await cellsOf(rowOf(page, 'grid-table', '第二网格'))).slice(0, 4)).toEqual(['第二网格', '1', '50', '120'])
    expect((await cellsOf(rowOf(page, 'building-table', '2号楼'))).slice(0, 5)).toEqual([
      '2号楼',
      '第一网格',
      '60',
      '150',
      '老旧小区',
    ])
    await screenshot(page, '02-社区档案-有数据')
    expect(await englishOnScreen(page)).toEqual([])

    await page.reload()
    await page.getByTestId('total-households').waitFor()
    await expectTotals(page, { grids: 2, buildings: 3, households: 150, residents: 370 })
    expect(await page.getByLabel('社区名称').inputValue()).toBe('幸福里社区')
    expect(await page.getByLabel('地址').inputValue()).toBe('和平区幸福路 88 号')
    expect(await page.getByLabel('办公电话').inputValue()).toBe('021-12345678')
    expect(await page.getByRole('radio', { name: '城市社区（居委会）' }).isChecked()).toBe(true)
    expect((await cellsOf(rowOf(page, 'building-table', '3号楼'))).slice(0, 4)).toEqual([
      '3号楼',
      '第二网格',
      '50',
      '120',
    ])

    const community = await database.db.selectFrom('community').selectAll().execute()
    expect(community).toHaveLength(1)
    expect(community[0]).toMatchObject({
      name: '幸福里社区',
      kind: '城市社区',
      address: '和平区幸福路 88 号',
      phone: '021-12345678',
    })
    const grids = await database.db.selectFrom('grids').select(['id', 'name', 'note']).orderBy('id').execute()
    expect(grids.map((g) => [g.name, g.note])).toEqual([
      ['第一网格', '网格员 王芳'],
      ['第二网格', ''],
    ])
    const gridName = new Map(grids.map((g) => [g.id, g.name]))
    const buildings = await database.db.selectFrom('buildings').selectAll().orderBy('name').execute()
    expect(buildings.map((b) => [b.name, gridName.get(b.grid_id!), b.households, b.residents, b.note])).toEqual([
      ['1号楼', '第一网格', 40, 100, ''],
      ['2号楼', '第一网格', 60, 150, '老旧小区'],
      ['3号楼', '第二网格', 50, 120, ''],
    ])

    // The home page adds up the same numbers.
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '首页' }).click()
    await page.getByRole('heading', { name: '幸福里社区' }).waitFor()
    expect(await page.locator('.welcome .hint').innerText()).toContain('居委会')
    expect(app.pageErrors).toEqual([])
  })

  it('选“村”以后，保存到数据库，名称改叫“楼栋/村民小组”', async () => {
    const { page, database } = app
    await openCommunity(page)
    await fillProfile(page, { name: '桃源村', kind: '村', address: '青山镇桃源村' })
    await page.getByRole('button', { name: '保存基本信息' }).click()
    await expectToast(page, '社区档案已保存')
    await page.getByRole('button', { name: '新增楼栋/村民小组' }).waitFor()
    const row = await database.db.selectFrom('community').select(['name', 'kind', 'phone']).executeTakeFirstOrThrow()
    expect(row).toEqual({ name: '桃源村', kind: '村', phone: '' })
  })

  it('修改一个楼栋、删除一个楼栋，合计跟着变', async () => {
    const { page, database } = app
    const ids = await seedThroughApi(page, {
      grids: ['第一网格', '第二网格'],
      buildings: [
        { name: '1号楼', grid: '第一网格', households: 40, residents: 100 },
        { name: '2号楼', grid: '第一网格', households: 60, residents: 150 },
        { name: '3号楼', grid: '第二网格', households: 50, residents: 120 },
      ],
    })
    await openCommunity(page)
    await expectTotals(page, { grids: 2, buildings: 3, households: 150, residents: 370 })

    // Edit 2号楼: more households, and move it to 第二网格.
    await rowOf(page, 'building-table', '2号楼').getByRole('button', { name: '修改' }).click()
    const d = dialog(page, '修改楼栋')
    await d.waitFor()
    expect(await d.getByLabel('楼栋名称').inputValue()).toBe('2号楼')
    expect(await d.getByLabel('户数').inputValue()).toBe('60')
    await fillBuilding(page, d, { name: '2号楼', grid: '第二网格', households: 80, residents: 200 })
    await d.getByRole('button', { name: '保存' }).click()
    await d.waitFor({ state: 'hidden' })
    await expectTotals(page, { grids: 2, buildings: 3, households: 170, residents: 420 })
    await expect
      .poll(async () => (await cellsOf(rowOf(page, 'grid-table', '第二网格'))).slice(1, 4))
      .toEqual(['2', '130', '320'])
    const edited = await database.db
      .selectFrom('buildings')
      .selectAll()
      .where('id', '=', ids.buildings['2号楼']!)
      .executeTakeFirstOrThrow()
    expect(edited).toMatchObject({ name: '2号楼', grid_id: ids.grids['第二网格'], households: 80, residents: 200 })

    // "不删除" keeps it.
    await deleteRow(page, rowOf(page, 'building-table', '3号楼'), '不删除')
    await expectTotals(page, { grids: 2, buildings: 3, households: 170, residents: 420 })

    // "删除" removes it, and the box said which one.
    const question = await deleteRow(page, rowOf(page, 'building-table', '3号楼'), '删除')
    expect(question).toContain('3号楼')
    await expectToast(page, '已删除')
    await expectTotals(page, { grids: 2, buildings: 2, households: 120, residents: 300 })
    expect(await rowOf(page, 'building-table', '3号楼').count()).toBe(0)
    const left = await database.db.selectFrom('buildings').select('name').orderBy('name').execute()
    expect(left.map((b) => b.name)).toEqual(['1号楼', '2号楼'])
    // The deletion is written to the audit log.
    const log = await database.db.selectFrom('audit_log').selectAll().where('action', '=', '删除').execute()
    expect(log.map((l) => [l.entity, l.entity_id])).toEqual([['楼栋', ids.buildings['3号楼']]])
    expect(app.pageErrors).toEqual([])
  })

  it('删除还有楼栋的网格：出现中文提示，什么也没删', async () => {
    const { page, database } = app
    await seedThroughApi(page, {
      grids: ['第一网格', '第二网格'],
      buildings: [
        { name: '1号楼', grid: '第一网格', households: 40, residents: 100 },
        { name: '2号楼', grid: '第一网格', households: 60, residents: 150 },
      ],
    })
    await openCommunity(page)
    await expectTotals(page, { grids: 2, buildings: 2, households: 100, residents: 250 })

    await deleteRow(page, rowOf(page, 'grid-table', '第一网格'), '删除')
    const message = await expectToast(page, '不能删除')
    expect(message).toContain('第一网格')
    expect(message).toContain('2 个楼栋')
    expect(await page.locator('.el-message--error').count()).toBeGreaterThan(0)
    await expectTotals(page, { grids: 2, buildings: 2, households: 100, residents: 250 })
    expect(await database.db.selectFrom('grids').select('name').orderBy('name').execute()).toHaveLength(2)
    expect(await database.db.selectFrom('buildings').select('id').execute()).toHaveLength(2)

    // An empty grid can go.
    await deleteRow(page, rowOf(page, 'grid-table', '第二网格'), '删除')
    await expectToast(page, '网格已删除')
    await expectTotals(page, { grids: 1, buildings: 2, households: 100, residents: 250 })
    const grids = await database.db.selectFrom('grids').select('name').execute()
    expect(grids.map((g) => g.name)).toEqual(['第一网格'])
  })
})
