import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
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

interface RawAnswer {
  status: number
  body: string
  /** Milliseconds from the first byte sent to the connection's end. */
  ms: number
}

/**
 * Speaks HTTP/1.1 on a bare socket, so a test can send any Host, any Origin or none, a target
 * with broken percent-encoding, and a request that stops half way — things fetch() will not do.
 * `parts` are written one after another, `gapMs` apart.
 */
function raw(port: number, parts: string[], gapMs = 0): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    const timers: NodeJS.Timeout[] = []
    socket.on('data', (c) => chunks.push(c))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      timers.forEach(clearTimeout)
      const text = Buffer.concat(chunks).toString('latin1')
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)
      const split = text.indexOf('\r\n\r\n')
      let body = split < 0 ? '' : text.slice(split + 4)
      if (/^transfer-encoding: chunked/im.test(text.slice(0, split))) body = unchunk(body)
      resolve({ status, body: Buffer.from(body, 'latin1').toString('utf8'), ms: Date.now() - started })
    })
    socket.on('connect', () => {
      parts.forEach((p, i) => timers.push(setTimeout(() => !socket.destroyed && socket.write(p), i * gapMs)))
    })
    setTimeout(() => reject(new Error('no answer within 10 s')), 10_000).unref()
  })
}

function unchunk(body: string): string {
  let out = ''
  for (let at = 0; ;) {
    const eol = body.indexOf('\r\n', at)
    const size = parseInt(body.slice(at, eol), 16)
    if (!(size > 0)) return out
    out += body.slice(eol + 2, eol + 2 + size)
    at = eol + 2 + size + 2
  }
}

function request(
  port: number,
  o: { method?: string; path: string; host?: string; origin?: string | null; body?: string },
): Promise<RawAnswer> {
  const body = o.body ?? ''
  const lines = [
    `${o.method ?? 'POST'} ${o.path} HTTP/1.1`,
    `Host: ${o.host ?? `127.0.0.1:${port}`}`,
    ...(o.origin === null ? [] : [`Origin: ${o.origin ?? `http://127.0.0.1:${port}`}`]),
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    '',
  ]
  return raw(port, [lines.join('\r\n') + body])
}

const post = (channel: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${host.url}/api/${channel}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', origin: host.url, ...headers },
  })

const gridCount = async () => (await t.db.selectFrom('grids').selectAll().execute()).length

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
    expect(await gridCount()).toBe(1)
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

describe('DNS rebinding: only its own name and origin', () => {
  const grid = JSON.stringify({ name: '外来网格', note: '' })

  it('refuses a page whose name was made to resolve to 127.0.0.1, even with a matching Origin', async () => {
    const before = await gridCount()
    for (const name of ['evil.example', 'attacker.localhost', '127.0.0.1.evil.example', '0.0.0.0', '[::1]']) {
      const h = `${name}:${host.port}`
      const write = await request(host.port, {
        path: '/api/community.createGrid',
        host: h,
        origin: `http://${h}`,
        body: grid,
      })
      expect(write.status, h).toBe(403)
      expect(JSON.parse(write.body), h).toMatchObject({ ok: false, code: 'FORBIDDEN' })
      expect(JSON.parse(write.body).message).toMatch(/[\u4e00-\u9fa5]/)
      expect(JSON.parse(write.body).message).not.toMatch(/[A-Za-z]{2,}/)
      const read = await request(host.port, { path: '/api/people.list', host: h, origin: `http://${h}`, body: '{}' })
      expect(read.status, h).toBe(403)
      expect(read.body).not.toContain('"rows"')
      // The static files too: a rebinding page must not even load the app.
      const page = await request(host.port, { method: 'GET', path: '/', host: h, origin: null })
      expect(page.status, h).toBe(403)
      expect(page.body).not.toContain('界面')
    }
    // The right name on another port is someone else's host.
    const otherPort = await request(host.port, {
      path: '/api/community.createGrid',
      host: `127.0.0.1:${host.port + 1}`,
      origin: `http://127.0.0.1:${host.port + 1}`,
      body: grid,
    })
    expect(otherPort.status).toBe(403)
    const noHost = await raw(host.port, ['GET / HTTP/1.0\r\n\r\n'])
    expect(noHost.status).toBe(403)
    expect(await gridCount()).toBe(before)
  })

  it('accepts 127.0.0.1:<port> and localhost:<port>, as Host and as Origin', async () => {
    for (const name of ['127.0.0.1', 'localhost', 'LOCALHOST']) {
      const h = `${name}:${host.port}`
      const r = await request(host.port, { path: '/api/community.overview', host: h, origin: `http://${h}` })
      expect(r.status, h).toBe(200)
      expect(JSON.parse(r.body)).toMatchObject({ ok: true })
      const page = await request(host.port, { method: 'GET', path: '/', host: h, origin: null })
      expect(page.status, h).toBe(200)
      expect(page.body).toContain('界面')
    }
  })

  it('refuses an /api call with no Origin, a foreign one, or "null"', async () => {
    const before = await gridCount()
    for (const origin of [
      null,
      'null',
      'http://evil.example',
      `https://127.0.0.1:${host.port}`,
      `http://127.0.0.1:1`,
    ]) {
      const r = await request(host.port, { path: '/api/community.createGrid', origin, body: grid })
      expect(r.status, String(origin)).toBe(403)
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    }
    expect(await gridCount()).toBe(before)
  })
})

describe('broken requests get a clean answer', () => {
  it('answers malformed percent-encoding with 400 in Chinese, on /api and on static paths', async () => {
    for (const path of ['/api/community.%E4%B8', '/api/%zz', '/%E0%A4%A', '/assets/%', '/%C0%AF', '/a%2']) {
      const r = await request(host.port, { method: path.startsWith('/api/') ? 'POST' : 'GET', path })
      expect(r.status, path).toBe(400)
      const answer = JSON.parse(r.body) as { ok: boolean; message: string }
      expect(answer.ok).toBe(false)
      expect(answer.message).toMatch(/[\u4e00-\u9fa5]/)
      expect(answer.message).not.toMatch(/[A-Za-z]{2,}/)
    }
    // An absolute-form target is not a path of this host.
    const absolute = await request(host.port, { method: 'GET', path: 'http://[oops/' })
    expect(absolute.status).toBe(400)
    // The host still answers.
    expect((await request(host.port, { path: '/api/community.overview' })).status).toBe(200)
  })

  it('cuts off a client that trickles its headers or its body', async () => {
    const slow = await startHttpHost({
      db: t.db,
      ctx: t.ctx,
      registry,
      headersTimeoutMs: 300,
      requestTimeoutMs: 600,
    })
    try {
      const before = await gridCount()
      // Headers that never finish: the connection is closed soon after the limit.
      const headers = await raw(slow.port, ['POST /api/community.createGrid HTTP/1.1\r\n', 'Host: 127.0.0'], 100)
      expect(headers.ms).toBeLessThan(3000)
      // A body that stops half way: answered 408 and closed, nothing written.
      const body = JSON.stringify({ name: '慢慢来', note: '' })
      const head = [
        'POST /api/community.createGrid HTTP/1.1',
        `Host: 127.0.0.1:${slow.port}`,
        `Origin: http://127.0.0.1:${slow.port}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        '',
        '',
      ].join('\r\n')
      const trickle = await raw(slow.port, [head + body.slice(0, 5)])
      expect(trickle.status).toBe(408)
      expect(trickle.ms).toBeGreaterThanOrEqual(500)
      expect(trickle.ms).toBeLessThan(3000)
      expect(await gridCount()).toBe(before)
    } finally {
      await slow.close()
    }
  })
})

describe('sessions: the operator is the host’s, never the page’s', () => {
  it('gives each browser an HttpOnly SameSite=Strict cookie, and one browser’s sign-in is not another’s', async () => {
    const { removeOperator, saveOperator } = await import('../../settings/operators-service')
    const op = await saveOperator(t.db, null, { name: '测试管理员', roles: ['管理员'], pin: '2468' })
    const origin = host.url
    const post = (channel: string, body: unknown, cookie?: string) =>
      fetch(`${host.url}/api/${channel}`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      })
    try {
      const page = await fetch(`${host.url}/`)
      const setCookie = page.headers.get('set-cookie') ?? ''
      expect(setCookie).toMatch(/^desk_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Strict$/)
      const cookie = setCookie.split(';')[0]!
      expect(await (await post('people.list', {}, cookie)).json()).toMatchObject({ ok: false, code: 'SIGN_IN' })
      expect(await (await post('session.signIn', { operatorId: op.id, pin: '2468' }, cookie)).json()).toMatchObject({
        ok: true,
      })
      expect(await (await post('people.list', {}, cookie)).json()).toMatchObject({ ok: true })
      // Another browser (no cookie, or a made-up one) is nobody, whatever its body says.
      expect(await (await post('people.list', { operatorId: op.id })).json()).toMatchObject({ ok: false })
      const forged = await post('people.list', {}, 'desk_session=made-up')
      expect(await forged.json()).toMatchObject({ ok: false, code: 'SIGN_IN' })
      expect(forged.headers.get('set-cookie')).not.toContain('made-up')
    } finally {
      await removeOperator(t.db, op.id)
    }
  })
})
