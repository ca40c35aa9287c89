import { protocol } from 'electron'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { CONTENT_SECURITY_POLICY } from '../transport/content-security-policy'
import { APP_SCHEME } from './window-options'

/**
 * Serves the built renderer as app://desk/… instead of file:// (Electron checklist 18), with the
 * CSP as a header. Paths outside the renderer folder are refused.
 */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

export function serveRenderer(rendererDir: string): void {
  const root = resolve(rendererDir)
  protocol.handle(APP_SCHEME, (request) => {
    const { pathname } = new URL(request.url)
    const wanted = normalize(join(root, decodeURIComponent(pathname)))
    const inside = wanted.startsWith(root + sep)
    const file = inside && existsSync(wanted) && statSync(wanted).isFile() ? wanted : join(root, 'index.html')
    return new Response(readFileSync(file), {
      headers: {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
      },
    })
  })
}
