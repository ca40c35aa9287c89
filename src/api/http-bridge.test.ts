import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHttpApi } from './http-bridge'
import { call, ApiError, messageOf } from './call'

afterEach(() => vi.unstubAllGlobals())

describe('HTTP bridge', () => {
  it('turns api.<module>.<action>(input) into POST /api/<module>.<action> with a JSON body', async () => {
    const requests: Array<[string, RequestInit]> = []
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      requests.push([url, init])
      return new Response(JSON.stringify({ ok: true, value: { id: 7 } }))
    })
    const api = createHttpApi('http://127.0.0.1:1')
    const result = await api.community.createGrid({ name: '一网格', note: '' })
    expect(result).toEqual({ ok: true, value: { id: 7 } })
    expect(requests[0]![0]).toBe('http://127.0.0.1:1/api/community.createGrid')
    expect(requests[0]![1]).toMatchObject({ method: 'POST', body: JSON.stringify({ name: '一网格', note: '' }) })
    await api.community.overview()
    expect(requests[1]![1].body).toBe('')
  })

  it('answers with a Chinese failure when the host cannot be reached', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch')
    })
    const result = await createHttpApi().data.info()
    expect(result).toMatchObject({ ok: false, code: 'OFFLINE' })
    await expect(call(createHttpApi().data.info())).rejects.toBeInstanceOf(ApiError)
    await expect(call(createHttpApi().data.info())).rejects.toThrow(/连接不上/)
  })

  it('is not mistaken for a promise (no "then" property)', () => {
    const api = createHttpApi() as unknown as Record<string, unknown>
    expect(api.then).toBeUndefined()
    expect((api.community as Record<string, unknown>).then).toBeUndefined()
  })

  it('never shows an English message for an unexpected error', () => {
    expect(messageOf(new Error('Cannot read properties of undefined'))).toBe('操作没有完成，请重试。')
  })
})
