import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { ApiError } from '../api/call'
import ReasonDialog from './ReasonDialog.vue'

afterEach(() => {
  document.body.innerHTML = ''
})

function mountReason(submit: (reason: string) => Promise<void>) {
  const open = ref(true)
  const saved = vi.fn()
  const Host = defineComponent({
    setup: () => () =>
      h(
        ReasonDialog,
        {
          modelValue: open.value,
          'onUpdate:modelValue': (v: boolean) => (open.value = v),
          title: '作废：议题 2026-0001',
          submitText: '作废',
          label: '作废原因',
          spokenName: '作废原因',
          placeholder: '例如：重复登记',
          name: 'void-reason',
          submit,
          onSaved: saved,
        },
        { default: () => '作废后不会告知居民。' },
      ),
  })
  mount(Host, { attachTo: document.body })
  return { open, saved }
}

const box = () => document.querySelector<HTMLTextAreaElement>('textarea[name="void-reason"]')!
const button = (text: string) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)!
const type = (text: string) => {
  box().value = text
  box().dispatchEvent(new Event('input', { bubbles: true }))
}

describe('ReasonDialog（只需写理由的一步）', () => {
  it('shows the caller’s words, hands the typed reason to submit, then closes and says saved', async () => {
    const submit = vi.fn(async () => undefined)
    const { open, saved } = mountReason(submit)
    await flushPromises()
    expect(document.body.textContent).toContain('作废后不会告知居民。')
    expect(box().getAttribute('aria-label')).toBe('作废原因')
    type('与 2026-0002 重复登记')
    button('作废').click()
    await flushPromises()
    expect(submit).toHaveBeenCalledWith('与 2026-0002 重复登记')
    expect(saved).toHaveBeenCalledTimes(1)
    expect(open.value).toBe(false)
  })

  it('a refusal stays in the dialog with its Chinese reason, and nothing is reported saved', async () => {
    const submit = vi.fn(async () => {
      throw new ApiError('INVALID_INPUT', '请填写「作废原因」')
    })
    const { open, saved } = mountReason(submit)
    await flushPromises()
    button('作废').click()
    await flushPromises()
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('请填写「作废原因」')
    expect(open.value).toBe(true)
    expect(saved).not.toHaveBeenCalled()
  })
})
