import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import GridDialog from './GridDialog.vue'

// The store's toasts (Element Plus's message and its CSS) play no part in the dialog's own red box.
vi.mock('../api/notify', () => ({ attempt: vi.fn() }))

afterEach(() => vi.unstubAllGlobals())

function mountDialog(createGrid: (input: unknown) => Promise<unknown>) {
  vi.stubGlobal('api', { community: { createGrid, updateGrid: createGrid } })
  return mount(GridDialog, {
    props: { modelValue: false, grid: null },
    global: { plugins: [createPinia()] },
    attachTo: document.body,
  })
}

describe('GridDialog', () => {
  it('keeps the dialog open with what was typed and shows the main process’s Chinese message', async () => {
    const createGrid = vi.fn(async () => ({
      ok: false,
      code: 'DUPLICATE',
      message: '已经有名为「第一网格」的网格了，请换一个名称。',
    }))
    const wrapper = mountDialog(createGrid)
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    const input = document.querySelector<HTMLInputElement>('input[name="grid-name"]')!
    input.value = '第一网格'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    const save = [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('保存'))!
    save.click()
    await flushPromises()
    expect(createGrid).toHaveBeenCalledWith({ name: '第一网格', note: '' })
    expect(document.body.textContent).toContain('已经有名为「第一网格」的网格了')
    expect(wrapper.emitted('saved')).toBeUndefined()
    expect(wrapper.emitted('update:modelValue')).toBeUndefined()
    expect(document.querySelector<HTMLInputElement>('input[name="grid-name"]')!.value).toBe('第一网格')
    wrapper.unmount()
  })

  it('closes and reports saved when the call succeeds', async () => {
    const createGrid = vi.fn(async () => ({ ok: true, value: { id: 1 } }))
    const wrapper = mountDialog(createGrid)
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    const save = [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('保存'))!
    save.click()
    await flushPromises()
    expect(wrapper.emitted('saved')).toHaveLength(1)
    expect(wrapper.emitted('update:modelValue')?.[0]).toEqual([false])
    wrapper.unmount()
  })
})
