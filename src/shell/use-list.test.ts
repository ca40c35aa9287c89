import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { useList, type List } from './use-list'

type Row = { id: number; status: string }
type Filters = { status: string | null }
type Answer =
  { ok: true; value: { rows: Row[]; total: number; atLeast?: boolean } } | { ok: false; code: string; message: string }

afterEach(() => vi.unstubAllGlobals())

/** A fake window.api whose answers the test releases one by one, in any order. */
function fakeApi() {
  const pending: Array<{ input: unknown; resolve: (a: Answer) => void }> = []
  const list = vi.fn((input: unknown) => new Promise<Answer>((resolve) => pending.push({ input, resolve })))
  vi.stubGlobal('api', { things: { list } })
  return { list, pending }
}

async function mountList(path: string, pageSizes?: number[]) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/things', component: { render: () => null } },
      { path: '/other', component: { render: () => null } },
    ],
  })
  await router.push(path)
  let list!: List<Row, Filters>
  const Host = defineComponent({
    setup() {
      list = useList<Row, Filters>({
        filters: (q) => ({ status: ['逾期', '办理中'].includes(q('status')) ? q('status') : null }),
        fetch: (f, page) =>
          (window.api as unknown as { things: { list: (i: unknown) => Promise<Answer> } }).things.list({
            ...f,
            ...page,
          }),
        pageSize: 10,
        pageSizes,
      })
      return () => h('div')
    },
  })
  mount(Host, { global: { plugins: [router] } })
  return { router, list: () => list }
}

const page = (rows: Row[], total = rows.length): Answer => ({ ok: true, value: { rows, total } })

describe('useList（列表：筛选在地址里，分页，丢掉过时的回答）', () => {
  it('从地址读筛选和页码：只认合法的值，页码换算成 offset', async () => {
    const api = fakeApi()
    const { list } = await mountList('/things?status=逾期&page=3&junk=1')
    expect(api.list).toHaveBeenCalledWith({ status: '逾期', limit: 10, offset: 20 })
    api.pending[0]!.resolve(page([{ id: 1, status: '逾期' }], 21))
    await flushPromises()
    expect(list().rows.value).toEqual([{ id: 1, status: '逾期' }])
    expect(list().total.value).toBe(21)
    expect(list().page.value).toBe(3)
    expect(list().loaded.value).toBe(true)
  })

  it('改筛选回到第 1 页并写进地址；翻页只改 page', async () => {
    const api = fakeApi()
    const { router, list } = await mountList('/things?page=2')
    list().setQuery({ status: '办理中' })
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ status: '办理中' })
    expect(api.list).toHaveBeenLastCalledWith({ status: '办理中', limit: 10, offset: 0 })
    list().setPage(4)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ status: '办理中', page: '4' })
    expect(api.list).toHaveBeenLastCalledWith({ status: '办理中', limit: 10, offset: 30 })
    list().setQuery({ status: null })
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({})
  })

  it('先发的请求后回来：它的结果被丢掉，列表显示最后要的那一页', async () => {
    const api = fakeApi()
    const { list } = await mountList('/things')
    list().setQuery({ status: '逾期' })
    await flushPromises()
    expect(api.pending).toHaveLength(2)
    api.pending[1]!.resolve(page([{ id: 2, status: '逾期' }]))
    await flushPromises()
    api.pending[0]!.resolve(
      page([
        { id: 1, status: '办理中' },
        { id: 3, status: '已办结' },
      ]),
    )
    await flushPromises()
    expect(list().rows.value).toEqual([{ id: 2, status: '逾期' }])
    expect(list().loading.value).toBe(false)
  })

  it('出错时给出主进程的中文原因，保留上次的列表；下次成功后清掉', async () => {
    const api = fakeApi()
    const { list } = await mountList('/things')
    api.pending[0]!.resolve(page([{ id: 1, status: '逾期' }]))
    await flushPromises()
    void list().reload()
    await nextTick()
    api.pending[1]!.resolve({ ok: false, code: 'BUSY', message: '数据文件正忙，请稍后再试。' })
    await flushPromises()
    expect(list().error.value).toBe('数据文件正忙，请稍后再试。')
    expect(list().rows.value).toEqual([{ id: 1, status: '逾期' }])
    void list().reload()
    await nextTick()
    api.pending[2]!.resolve(page([]))
    await flushPromises()
    expect(list().error.value).toBe('')
    expect(list().rows.value).toEqual([])
  })

  it('每页条数可选，写进地址（?size=50，只认给出的几种）；换条数回到第 1 页', async () => {
    const api = fakeApi()
    const { router, list } = await mountList('/things?size=7&page=2', [20, 50])
    expect(api.list).toHaveBeenLastCalledWith({ status: null, limit: 20, offset: 20 })
    list().setPageSize(50)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ size: '50' })
    expect(list().pageSize.value).toBe(50)
    expect(api.list).toHaveBeenLastCalledWith({ status: null, limit: 50, offset: 0 })
    list().setPageSize(20)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({})
  })

  it('翻到末页之后（末页的记录刚被移走）：改为显示最后一页', async () => {
    const api = fakeApi()
    const { router, list } = await mountList('/things?page=5')
    api.pending[0]!.resolve(page([], 23))
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ page: '3' })
    expect(api.list).toHaveBeenLastCalledWith({ status: null, limit: 10, offset: 20 })
    api.pending[1]!.resolve(page([{ id: 21, status: '逾期' }], 23))
    await flushPromises()
    expect(list().page.value).toBe(3)
    expect(list().rows.value).toEqual([{ id: 21, status: '逾期' }])
  })

  it('只数到一定数目的总数（…以上）：标记传给页面；总数多给了一页、那页是空的，就退回前一页，不会原地打转', async () => {
    const api = fakeApi()
    const { router, list } = await mountList('/things?page=3')
    // 说有 30 条 = 3 页，其实只有 20 条：第 3 页是空的。
    api.pending[0]!.resolve({ ok: true, value: { rows: [], total: 30, atLeast: true } })
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ page: '2' })
    api.pending[1]!.resolve({ ok: true, value: { rows: [{ id: 11, status: '逾期' }], total: 30, atLeast: true } })
    await flushPromises()
    expect(list().rows.value).toEqual([{ id: 11, status: '逾期' }])
    expect(list().atLeast.value).toBe(true)
    list().setQuery({ status: '逾期' })
    await flushPromises()
    api.pending[2]!.resolve(page([{ id: 1, status: '逾期' }], 1))
    await flushPromises()
    expect(list().atLeast.value).toBe(false)
  })

  it('离开这个页面时不再按别的页面的地址去查', async () => {
    const api = fakeApi()
    const { router } = await mountList('/things')
    await router.push('/other?status=逾期')
    await flushPromises()
    expect(api.list).toHaveBeenCalledTimes(1)
  })
})
