import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, reactive, ref } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { ApiError, call } from '../api/call'
import FormDialog from './FormDialog.vue'

type Answer = { ok: true; value: { id: number } } | { ok: false; code: string; message: string }

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

/** A form with one field that saves through a fake window.api. */
/** With `outcome`, the dialog reports what was saved in its `done` slot (as the series dialog does). */
function mountForm(
  save: (input: { name: string }) => Promise<Answer>,
  check?: () => void,
  outcome?: { value: string | null },
) {
  vi.stubGlobal('api', { things: { save } })
  const open = ref(true)
  const form = reactive({ name: '' })
  const Host = defineComponent({
    setup() {
      return () =>
        h(
          FormDialog,
          {
            modelValue: open.value,
            'onUpdate:modelValue': (v: boolean) => (open.value = v),
            title: '新增场地',
            model: form,
            done: outcome ? outcome.value !== null : false,
            submit: async () => {
              check?.()
              const saved = await call(things().save({ ...form }))
              if (outcome) outcome.value = `已保存，编号 ${saved.id}`
            },
          },
          {
            ...(outcome ? { done: () => h('p', { class: 'outcome' }, outcome.value ?? '') } : {}),
            default: () =>
              h('input', {
                name: 'thing-name',
                value: form.name,
                onInput: (e: Event) => (form.name = (e.target as HTMLInputElement).value),
              }),
          },
        )
    },
  })
  const wrapper = mount(Host, { attachTo: document.body })
  return { wrapper, open, form }
}

/** The fake api of this test only. */
const things = () =>
  (window.api as unknown as { things: { save: (input: { name: string }) => Promise<Answer> } }).things

const button = (text: string) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)!

describe('FormDialog（表单对话框）', () => {
  it('保存失败：红框里是主进程的中文原因，对话框不关，填的内容还在；一改内容红框就消失', async () => {
    const save = vi.fn(
      async () => ({ ok: false, code: 'DUPLICATE', message: '已经有名为「一楼会议室」的场地了。' }) as Answer,
    )
    const { open, form } = mountForm(save)
    await flushPromises()
    const input = document.querySelector<HTMLInputElement>('input[name="thing-name"]')!
    input.value = '一楼会议室'
    input.dispatchEvent(new Event('input', { bubbles: true }))
    button('保存').click()
    await flushPromises()
    expect(save).toHaveBeenCalledWith({ name: '一楼会议室' })
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('已经有名为「一楼会议室」的场地了。')
    expect(open.value).toBe(true)
    expect(form.name).toBe('一楼会议室')

    form.name = '二楼会议室'
    await flushPromises()
    expect(document.querySelector('[role="alert"]')).toBeNull()
  })

  it('保存成功：对话框关上；再打开时没有旧的红框', async () => {
    const answers: Answer[] = [
      { ok: false, code: 'INVALID', message: '请填写名称。' },
      { ok: true, value: { id: 7 } },
    ]
    const save = vi.fn(async () => answers.shift()!)
    const { open } = mountForm(save)
    await flushPromises()
    button('保存').click()
    await flushPromises()
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('请填写名称。')
    button('保存').click()
    await flushPromises()
    expect(open.value).toBe(false)
    expect(save).toHaveBeenCalledTimes(2)
  })

  it('“取消”关上对话框，什么也不保存', async () => {
    const save = vi.fn(async () => ({ ok: true, value: { id: 1 } }) as Answer)
    const { open } = mountForm(save)
    await flushPromises()
    button('取消').click()
    await flushPromises()
    expect(open.value).toBe(false)
    expect(save).not.toHaveBeenCalled()
  })

  it('保存前的检查抛出 ApiError：它的中文原因进红框，不调用保存', async () => {
    const save = vi.fn(async () => ({ ok: true, value: { id: 1 } }) as Answer)
    const { open } = mountForm(save, () => {
      throw new ApiError('INVALID', '请先在「居民」一栏选一位居民。')
    })
    await flushPromises()
    button('保存').click()
    await flushPromises()
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('请先在「居民」一栏选一位居民。')
    expect(save).not.toHaveBeenCalled()
    expect(open.value).toBe(true)
  })

  it('有 done 一栏的对话框：保存成功后不关，表单换成保存的结果，底下只剩“关闭”', async () => {
    const save = vi.fn(async () => ({ ok: true, value: { id: 12 } }) as Answer)
    const outcome = ref<string | null>(null)
    const { open } = mountForm(save, undefined, outcome)
    await flushPromises()
    button('保存').click()
    await flushPromises()
    expect(open.value).toBe(true)
    expect(document.querySelector('.outcome')?.textContent).toBe('已保存，编号 12')
    expect(document.querySelector('input[name="thing-name"]')).toBeNull()
    expect(button('保存')).toBeUndefined()
    button('关闭').click()
    await flushPromises()
    expect(open.value).toBe(false)
  })
})
