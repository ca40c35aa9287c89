import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { registry } from '../../registry'
import { openTempDb, type TempDb } from '../../testing/temp-db'
import { startHttpHost, type HttpHost } from './http-host'

let t: TempDb
let host: HttpHost
beforeAll(async () => {
  t = await openTempDb()
  const staticDir = join(t.dir, 'renderer')
  mkdirSync(staticDir)
  writeFileSync(join(staticDir, 'index.html'), '<p>界面</p>')
  writeFileSync(join(t.dir, 'secret.txt'), '不该被读到')
  host = await startHttpHost({ db: t.db, ctx: t.ctx, registry, staticDir })
})
afterAll(async () => {
  await host.close()
  await t.cleanup()
})

const post = (channel: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${host.url}/api/${channel}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  })

describe('loopback test host', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('answers registry calls with the same Result shape as IPC', async () => {
    const created = await (await post('community.createGrid', JSON.stringify({ name: '一网格', note: '' }))).json()
    expect(created).toEqual({ ok: true, value: { id: 1 } })
    const overview = (await (await post('community.overview', '')).json()) as {
      value: { grids: Array<{ name: string }> }
    }
    expect(overview.value.grids[0]?.name).toBe('一网格')
  })

  it('refuses bad JSON, oversized bodies and other origins in Chinese', async () => {
    expect(await (await post('community.createGrid', '{not json')).json()).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    })
    const big = await post('community.createGrid', JSON.stringify({ name: 'x'.repeat(3 * 1024 * 1024) }))
    expect(big.status).toBe(413)
    expect(((await big.json()) as { message: string }).message).toContain('太大')
    const foreign = await post('community.overview', '', { origin: 'http://evil.example' })
    expect(foreign.status).toBe(403)
    expect(await t.db.selectFrom('grids').selectAll().execute()).toHaveLength(1)
  })

  it('serves the renderer with the CSP header, and nothing outside its folder', async () => {
    const page = await fetch(`${host.url}/`)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await page.text()).toContain('界面')
    const escape = await fetch(`${host.url}/..%2fsecret.txt`)
    expect(await escape.text()).not.toContain('不该被读到')
  })
})
