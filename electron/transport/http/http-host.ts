import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Db } from '../../database/open-database'
import type { LiveDatabase } from '../../database/live-database'
import type { HostContext, Registry } from '../../registry/define'
import { dispatch } from '../../registry/dispatch'
import { fail } from '../../registry/result'
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
}

export interface HttpHost {
  url: string
  port: number
  close(): Promise<void>
}

const MAX_BODY_BYTES = 2 * 1024 * 1024
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
  const server = createServer((req, res) => {
    handle(options, req, res).catch((err) => {
      console.error('[http-host]', err)
      if (!res.headersSent) sendJson(res, 500, fail('INTERNAL', '程序内部出错，数据没有改动。请重试。'))
    })
  })
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

async function handle(options: HttpHostOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  if (url.pathname.startsWith('/api/')) {
    if (req.method !== 'POST') return sendJson(res, 405, fail('METHOD', '只接受 POST 请求'))
    // A page from another origin must not drive the app through the visitor's browser.
    const origin = req.headers.origin
    if (origin && origin !== `http://${req.headers.host}`) {
      return sendJson(res, 403, fail('FORBIDDEN', '拒绝了来自其他网页的请求'))
    }
    const channel = decodeURIComponent(url.pathname.slice('/api/'.length))
    const body = await readBody(req)
    if (body === null) return sendJson(res, 413, fail('TOO_LARGE', '提交的内容太大（超过 2 MB），没有保存。'))
    let input: unknown
    try {
      input = body.length === 0 ? undefined : JSON.parse(body)
    } catch {
      return sendJson(res, 400, fail('INVALID_INPUT', '提交的内容格式不对，请刷新后重试。'))
    }
    return sendJson(res, 200, await dispatch(options.registry, options.db, options.ctx, channel, input))
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, fail('METHOD', '不支持的请求'))
  serveStatic(options.staticDir, url.pathname, res)
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) tooLarge = true
      else chunks.push(chunk)
    })
    req.on('end', () => resolvePromise(tooLarge ? null : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
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
  const wanted = normalize(join(root, decodeURIComponent(pathname)))
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
