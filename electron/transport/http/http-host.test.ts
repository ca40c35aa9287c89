import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
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
  host = await startHttpHost({ db: t.live, ctx: t.ctx, registry, staticDir })
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

  it('writes backups only to its own backup folder and restores only from it, whatever folder a caller names', async () => {
    const elsewhere = join(t.dir, 'elsewhere')
    mkdirSync(elsewhere)
    for (const body of [{ folder: elsewhere }, { folder: '/etc' }, { folder: '/tmp' }]) {
      const r = (await (await post('data.backup', JSON.stringify(body))).json()) as { ok: boolean; code: string }
      expect(r, JSON.stringify(body)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    }
    expect(readdirSync(elsewhere)).toEqual([])
    expect(readdirSync('/etc').filter((n) => n.startsWith('社区工作台备份-'))).toEqual([])
    expect(await t.db.selectFrom('backups').selectAll().execute()).toEqual([])

    const made = (await (await post('data.backup', '')).json()) as { ok: true; value: { path: string } }
    expect(made.ok).toBe(true)
    expect(made.value.path.startsWith(join(t.dir, 'backups') + '/')).toBe(true)
    expect(existsSync(made.value.path)).toBe(true)

    // Restore and check name a file: only a backup in the host's own folder is accepted.
    const outside = join(elsewhere, '社区工作台备份-20260101-000000.sqlite')
    writeFileSync(outside, '')
    for (const path of [outside, '/etc/passwd', t.file, join(t.dir, 'backups', '..', 'test.sqlite')]) {
      for (const channel of ['data.checkBackup', 'data.restore']) {
        const r = await (await post(channel, JSON.stringify({ path }))).json()
        expect(r, `${channel} ${path}`).toMatchObject({ ok: false, code: 'BAD_BACKUP' })
      }
    }
    const listed = (await (await post('data.backups', '')).json()) as { value: { backups: Array<{ path: string }> } }
    expect(listed.value.backups.map((b) => b.path)).toEqual([made.value.path])
  })
})
