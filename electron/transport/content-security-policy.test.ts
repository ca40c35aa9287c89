import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CONTENT_SECURITY_POLICY } from './content-security-policy'

const directives = (csp: string) =>
  Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  )

describe('Content-Security-Policy', () => {
  it('allows only our own scripts: no eval, no inline script, no remote hosts', () => {
    const d = directives(CONTENT_SECURITY_POLICY)
    expect(d['default-src']).toEqual(["'none'"])
    expect(d['script-src']).toEqual(["'self'"])
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*|https?:/)
  })

  it('is mirrored by the <meta> tag of src/index.html', () => {
    const html = readFileSync(join(__dirname, '../../src/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBeTruthy()
    const fromMeta = directives(meta!)
    const fromHeader = directives(CONTENT_SECURITY_POLICY)
    // frame-ancestors is ignored in <meta>, so it is only in the header.
    delete fromHeader['frame-ancestors']
    expect(fromMeta).toEqual(fromHeader)
  })
})
