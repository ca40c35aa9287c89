import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils'
import PrintPage from './PrintPage.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

function mountPage(props: { ready: boolean } & Record<string, unknown>) {
  return mount(PrintPage, {
    props: { back: '/meetings/3', ...props },
    slots: { default: '<h1 class="doc-title">关于召开三月议事会例会的通知</h1>' },
    global: { stubs: { RouterLink: RouterLinkStub } },
    attachTo: document.body,
  })
}

const buttons = (w: ReturnType<typeof mountPage>) =>
  Object.fromEntries(w.findAll('button').map((b) => [b.text(), b] as const))

describe('PrintPage（打印页外壳）', () => {
  it('加载中：只有“正在加载…”，没有纸，两个按钮都不能点', () => {
    const w = mountPage({ ready: false, loading: true })
    expect(w.text()).toContain('正在加载…')
    expect(w.find('[data-testid="print-sheet"]').exists()).toBe(false)
    const b = buttons(w)
    expect(Object.keys(b)).toEqual(['打印', '保存为电子文件'])
    for (const button of Object.values(b)) expect(button.attributes('disabled')).toBeDefined()
  })

  it('出错：显示中文原因（role=alert），不显示纸', () => {
    const w = mountPage({ ready: false, error: '没有找到这次会议。' })
    expect(w.get('[role="alert"]').text()).toBe('没有找到这次会议。')
    expect(w.find('[data-testid="print-sheet"]').exists()).toBe(false)
  })

  it('就绪：纸上是这份文件，返回指向来处，窗口标题是存盘时的文件名，提醒只在屏幕上', () => {
    const w = mountPage({
      ready: true,
      name: '会议通知',
      fileName: '会议通知-三月议事会例会',
      warning: '纪要还是草稿，确认后再打印存档。',
      doc: 'notice',
    })
    const sheet = w.get('[data-testid="print-sheet"]')
    expect(sheet.classes()).toContain('print-sheet')
    expect(sheet.attributes('data-doc')).toBe('notice')
    expect(sheet.text()).toBe('关于召开三月议事会例会的通知')
    expect(w.getComponent(RouterLinkStub).props('to')).toBe('/meetings/3')
    expect(w.get('.print-toolbar').text()).toContain('会议通知')
    expect(document.title).toBe('会议通知-三月议事会例会')
    const warning = w.get('.print-warning')
    expect(warning.text()).toBe('纪要还是草稿，确认后再打印存档。')
    // Toolbar and warning never reach the paper.
    expect(warning.classes()).toContain('print-no-print')
    expect(w.get('.print-toolbar').classes()).toContain('print-no-print')
  })

  it('“打印”打开打印对话框；“保存为电子文件”在浏览器版（主机做不了 PDF）也打开打印对话框', async () => {
    const print = vi.fn()
    vi.stubGlobal('print', print)
    const savePdf = vi.fn(async () => ({ ok: true, value: { supported: false, path: null } }))
    vi.stubGlobal('api', { print: { savePdf } })
    const w = mountPage({ ready: true, fileName: '会议通知-三月议事会例会' })
    const b = buttons(w)
    await b['打印']!.trigger('click')
    await b['保存为电子文件']!.trigger('click')
    await flushPromises()
    expect(savePdf).toHaveBeenCalledWith({ fileName: '会议通知-三月议事会例会' })
    expect(print).toHaveBeenCalledTimes(2)
  })

  it('桌面版：“保存为电子文件”由主机存成 PDF，不再弹打印对话框', async () => {
    const print = vi.fn()
    vi.stubGlobal('print', print)
    const savePdf = vi.fn(async () => ({ ok: true, value: { supported: true, path: 'D:/文档/会议通知.pdf' } }))
    vi.stubGlobal('api', { print: { savePdf } })
    const w = mountPage({ ready: true, fileName: '会议通知' })
    await buttons(w)['保存为电子文件']!.trigger('click')
    await flushPromises()
    expect(savePdf).toHaveBeenCalledTimes(1)
    expect(print).not.toHaveBeenCalled()
  })

  it('外壳的全局样式只用 print- 开头的类名，不会碰到应用里的 .state、.warning', () => {
    const css = readFileSync(join(__dirname, 'print.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')
    const classes = [...new Set([...css.matchAll(/\.([a-zA-Z][\w-]*)/g)].map((m) => m[1]!))]
    expect(classes.length).toBeGreaterThan(5)
    const foreign = classes.filter((c) => !c.startsWith('print-') && !c.startsWith('el-') && c !== 'current')
    expect(foreign).toEqual([])
  })
})
