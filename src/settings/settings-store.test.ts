import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useSettingsStore } from './settings-store'

// The toast's stylesheet cannot load in happy-dom; the store only needs attempt's "undefined on failure".
vi.mock('../api/notify', () => ({
  attempt: async <T>(action: () => Promise<T>) => {
    try {
      return await action()
    } catch {
      return undefined
    }
  },
}))

/**
 * 适老模式 switched on while the window is still loading the settings: the load's answer (read
 * before the switch was saved) must not switch it back off. window.api is a fake whose answers the
 * test releases in order.
 */
beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  vi.unstubAllGlobals()
  document.documentElement.classList.remove('elder-mode')
})

function fakeApi(stored: { elderMode: boolean }) {
  let release: () => void = () => {}
  const loaded = new Promise<void>((r) => (release = r))
  const get = vi.fn(async () => {
    const answer = { ...stored } // what the file held when the read began
    await loaded
    return { ok: true as const, value: answer }
  })
  const save = vi.fn(async (input: { elderMode: boolean }) => {
    stored.elderMode = input.elderMode
    return { ok: true as const, value: { elderMode: input.elderMode } }
  })
  vi.stubGlobal('api', { settings: { get, save } })
  return { release, get, save }
}

describe('适老模式开关', () => {
  it('a load that began before the switch does not switch it back', async () => {
    const api = fakeApi({ elderMode: false })
    const store = useSettingsStore()
    const loading = store.load()
    await store.setElderMode(true)
    api.release()
    await loading
    expect(store.elderMode).toBe(true)
    expect(document.documentElement.classList.contains('elder-mode')).toBe(true)
    expect(api.save).toHaveBeenCalledWith({ elderMode: true })
  })

  it('a load with no switch in between applies what the file holds', async () => {
    const api = fakeApi({ elderMode: true })
    const store = useSettingsStore()
    const loading = store.load()
    api.release()
    await loading
    expect(store.elderMode).toBe(true)
    expect(document.documentElement.classList.contains('elder-mode')).toBe(true)
  })
})
