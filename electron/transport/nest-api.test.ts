import { describe, expect, it } from 'vitest'
import { CHANNELS_ARG, channelsFromArgv, nestApi } from './nest-api'
import { CHANNELS } from '../registry'

describe('nestApi', () => {
  it('builds api.<module>.<action> for every registry channel, forwarding channel and input', async () => {
    const calls: Array<[string, unknown]> = []
    const api = nestApi(CHANNELS, async (channel, input) => {
      calls.push([channel, input])
      return channel
    })
    for (const channel of CHANNELS) {
      const [m, a] = channel.split('.') as [string, string]
      expect(typeof api[m]?.[a]).toBe('function')
    }
    await api.community!.saveProfile!({ name: 'x' })
    expect(calls).toEqual([['community.saveProfile', { name: 'x' }]])
  })

  it('reads the channel list that main passes in additionalArguments', () => {
    const argv = ['electron', '--foo', CHANNELS_ARG + CHANNELS.join(',')]
    expect(channelsFromArgv(argv)).toEqual(CHANNELS)
    expect(channelsFromArgv(['electron'])).toEqual([])
  })
})
