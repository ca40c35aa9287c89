import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Db } from '../../database/open-database'
import type { LiveDatabase } from '../../database/live-database'
import type { HostContext, Registry } from '../../registry/define'
import { dispatch } from '../../registry/dispatch'
import { fail } from '../../registry/result'
import { Session } from '../../registry/session'
import { CONTENT_SECURITY_POLICY } from '../content-security-policy'

/**
 * The loopback test host: the same registry as the Electron IPC binding, over HTTP on 127.0.0.1,
 * plus the built renderer as static files. It lets the real UI run in a plain browser (e2e tests,
 * machines without Electron). The packaged app never starts it.
 */
export interface HttpHostOptions {
  /** The LiveDatabase (so a restore can swap the file under it); tests may pass a plain handle. */
  db: Db | LiveDatabase
  ctx: HostContext
  registry: Registry
  /** Folder with the built renderer (index.html and assets). */
  staticDir?: string
  /** 0 picks a free port. */
  port?: number
  /**
   * How long a client may take to send a request's headers, and its whole request (headers and
   * body). A connection that trickles bytes is cut off instead of holding a socket open for good.
   * Tests shorten them; the defaults suit a browser on the same machine.
   */
  headersTimeoutMs?: number
  requestTimeoutMs?: number
}

export interface HttpHost {
  url: string
  port: number
  close(): Promise<void>
}

const MAX_BODY_BYTES = 2 * 1024 * 1024
/** At most this many browsers' sessions are kept; the oldest is forgotten first. */
const MAX_SESSIONS = 50
const SESSION_COOKIE = 'desk_session'
const HEADERS_TIMEOUT_MS = 10_000
const REQUEST_TIMEOUT_MS = 30_000
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json; charset=utf-8',
}

export function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const sessions = new Sessions()
  const headersTimeout = options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS
  const requestTimeout = Math.max(options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS, headersTimeout)
  // Node checks both limits on this interval, so it must be finer than the shortest of them.
  const server = createServer(
    { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.min(1000, headersTimeout / 4) },
    (req, res) => {
      handle(options, sessions, ownNames(server), requestTimeout, req, res).catch((err) => {
        console.error('[http-host]', err)
        if (!res.headersSent) sendJson(res, 500, fail('INTERNAL', '程序内部出错，数据没有改动。请重试。'))
      })
    },
  )
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject)
    // Loopback only: this host must never be reachable from another machine.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolvePromise({
        port,
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}

/**
 * The only names this host answers to: `127.0.0.1:<port>` and `localhost:<port>`. Checking the
 * Host header is what stops DNS rebinding — a page on evil.example whose name is made to resolve
 * to 127.0.0.1 reaches this port with `Host: evil.example:<port>`, and with a matching Origin, so
 * comparing Origin with Host alone proves nothing.
 */
function ownNames(server: Server): ReadonlySet<string> {
  const { port } = server.address() as AddressInfo
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`])
}

/**
 * Who is at each browser's keyboard. A browser is known by an HttpOnly, SameSite=Strict cookie the
 * host sets: the page's script cannot read or forge it, another site's page cannot send it, and
 * the session itself (the operator, the lock) lives only here, changed by the session.* calls.
 */
class Sessions {
  private readonly byToken = new Map<string, Session>()

  /** The caller's session, or a new one whose cookie `res` will set. */
  of(req: IncomingMessage, res: ServerResponse): Session {
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE)
    const known = token ? this.byToken.get(token) : undefined
    if (known) return known
    const fresh = randomBytes(32).toString('base64url')
    const session = new Session()
    if (this.byToken.size >= MAX_SESSIONS) this.byToken.delete(this.byToken.keys().next().value!)
    this.byToken.set(fresh, session)
    res.setHeader('set-cookie', `${SESSION_COOKIE}=${fresh}; Path=/; HttpOnly; SameSite=Strict`)
    return session
  }
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of header?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return null
}

async function handle(
  options: HttpHostOptions,
  sessions: Sessions,
  hosts: ReadonlySet<string>,
  requestTimeout: number,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const host = req.headers.host?.toLowerCase()
  if (!host || !hosts.has(host)) {
    return sendJson(res, 403, fail('FORBIDDEN', '拒绝了这个请求：只接受从本机地址打开的社区工作台。'))
  }
  const pathname = pathOf(req.url)
  if (pathname === null) return sendJson(res, 400, fail('BAD_REQUEST', '网址格式不对，请检查后重试。'))
  if (pathname.startsWith('/api/')) {
    if (req.method !== 'POST') return sendJson(res, 405, fail('METHOD', '这个地址只接受社区工作台页面提交的请求'))
    // A page from another origin must not drive the app through the visitor's browser. Browsers
    // send Origin with every POST, same-origin ones included, so a call without one is refused.
    const origin = req.headers.origin?.toLowerCase()
    if (!origin || !origin.startsWith('http://') || !hosts.has(origin.slice('http://'.length))) {
      return sendJson(res, 403, fail('FORBIDDEN', '拒绝了来自其他网页的请求'))
    }
    const channel = pathname.slice('/api/'.length)
    const body = await readBody(req, requestTimeout)
    if (body === 'timeout') {
      res.setHeader('connection', 'close')
      sendJson(res, 408, fail('TIMEOUT', '提交的内容没有及时传完，没有保存。请重试。'))
      return void req.destroy()
    }
    if (body === null) return sendJson(res, 413, fail('TOO_LARGE', '提交的内容太大（超过 2 兆），没有保存。'))
    let input: unknown
    try {
      input = body.length === 0 ? undefined : JSON.parse(body)
    } catch {
      return sendJson(res, 400, fail('INVALID_INPUT', '提交的内容格式不对，请刷新后重试。'))
    }
    const ctx: HostContext = Object.create(options.ctx, { session: { value: sessions.of(req, res) } })
    return sendJson(res, 200, await dispatch(options.registry, options.db, ctx, channel, input))
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, fail('METHOD', '不支持的请求'))
  // The page gets its session cookie with the page itself, before its first call.
  sessions.of(req, res)
  serveStatic(options.staticDir, pathname, res)
}

/**
 * The decoded path of a request target, or null when it is not an origin-form path ("/…") or its
 * percent-encoding is broken (`/%E4%B8`, `/%zz`): those are the client's mistake, answered 400.
 */
function pathOf(target: string | undefined): string | null {
  if (!target?.startsWith('/')) return null
  const raw = target.split(/[?#]/, 1)[0]!
  try {
    return decodeURIComponent(raw)
  } catch {
    return null
  }
}

/**
 * The body as text; null when it is over the size limit; 'timeout' when it has not all arrived
 * within `timeoutMs` (a client sending one byte a minute must not hold the host).
 */
function readBody(req: IncomingMessage, timeoutMs: number): Promise<string | null | 'timeout'> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    const timer = setTimeout(() => resolvePromise('timeout'), timeoutMs)
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) tooLarge = true
      else chunks.push(chunk)
    })
    req.on('end', () => {
      clearTimeout(timer)
      resolvePromise(tooLarge ? null : Buffer.concat(chunks).toString('utf8'))
    })
    req.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    req.on('close', () => clearTimeout(timer))
  })
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(body)
}

function serveStatic(staticDir: string | undefined, pathname: string, res: ServerResponse): void {
  if (!staticDir) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    return void res.end('没有界面文件：请先运行 npm run build')
  }
  const root = resolve(staticDir)
  const wanted = normalize(join(root, pathname))
  const inside = wanted === root || wanted.startsWith(root + sep)
  const file = inside && existsSync(wanted) && statSync(wanted).isFile() ? wanted : join(root, 'index.html')
  if (!existsSync(file)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    return void res.end('没有界面文件：请先运行 npm run build')
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
  })
  res.end(readFileSync(file))
}
