import { describe, expect, it, vi } from 'vitest'
import { CHANNELS } from '../registry'
import { CHANNELS_ARG } from '../transport/nest-api'

const exposed: Record<string, unknown> = {}
const invoked: Array<[string, unknown]> = []
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: { invoke: async (channel: string, input: unknown) => invoked.push([channel, input]) },
}))

describe('preload', () => {
  it('exposes exactly window.api: one async function per registry channel, nothing else', async () => {
    process.argv.push(CHANNELS_ARG + CHANNELS.join(','))
    await import('./index')
    expect(Object.keys(exposed)).toEqual(['api'])
    const api = exposed.api as Record<string, Record<string, (i?: unknown) => Promise<unknown>>>
    const flat = Object.entries(api).flatMap(([m, actions]) => Object.keys(actions).map((a) => `${m}.${a}`))
    expect(flat.sort()).toEqual([...CHANNELS].sort())
    for (const actions of Object.values(api))
      for (const fn of Object.values(actions)) expect(typeof fn).toBe('function')
    await api.community!.overview!()
    expect(invoked).toEqual([['community.overview', undefined]])
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipcRenderer|invoke|send/)
  })
})
