import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/**
 * Architecture invariant 1: only electron/main and electron/preload import `electron`, so every
 * other layer runs (and is tested) in plain Node. The renderer imports from electron/ types only.
 */
const root = join(__dirname, '..')
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? files(p) : /\.(ts|vue)$/.test(name) ? [p] : []
  })
}
const IMPORTS_ELECTRON = /from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\)/

describe('layer boundaries', () => {
  it('only electron/main and electron/preload import electron', () => {
    const offenders = files(join(root, 'electron'))
      .map((f) => relative(root, f).replaceAll('\\', '/'))
      .filter((f) => !/^electron\/(main|preload)\//.test(f))
      .filter((f) => IMPORTS_ELECTRON.test(readFileSync(join(root, f), 'utf8')))
    expect(offenders).toEqual([])
  })

  it('the renderer imports nothing from electron/ except types, and the plain-TS electron/common', () => {
    const offenders = files(join(root, 'src')).filter((f) => {
      const text = readFileSync(f, 'utf8')
      const valueImports = [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*from\s+['"]([^'"]+)['"]/gm)].map(
        (m) => m[1]!,
      )
      return valueImports.some(
        (spec) => spec === 'electron' || (/(^|\/)electron\//.test(spec) && !/(^|\/)electron\/common\//.test(spec)),
      )
    })
    expect(offenders.map((f) => relative(root, f))).toEqual([])
  })

  it('shared/ is plain TypeScript both sides can import: no Node, no DOM, no Electron, no library', () => {
    const shared = join(root, 'shared')
    const sources = files(shared).filter((f) => !f.endsWith('.test.ts'))
    expect(sources.map((f) => relative(shared, f))).toContain('phone.ts')
    const offenders = sources.flatMap((f) => {
      const text = readFileSync(f, 'utf8')
      const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!)
      const globals = text.match(/\b(?:window|document|process|require|Buffer|localStorage)\b/g) ?? []
      return [...specs.filter((s) => !s.startsWith('./')), ...globals].map((what) => `${relative(shared, f)}: ${what}`)
    })
    expect(offenders).toEqual([])
  })

  it('electron/common, which both sides import by value, imports no Node, DOM or electron module', () => {
    const offenders = files(join(root, 'electron/common'))
      .filter((f) => !f.endsWith('.test.ts'))
      .filter((f) =>
        [...readFileSync(f, 'utf8').matchAll(/^(?:import|export)\s+(?!type\b)[^;]*from\s+['"]([^'"]+)['"]/gm)].some(
          (m) => !m[1]!.startsWith('./'),
        ),
      )
    expect(offenders.map((f) => relative(root, f))).toEqual([])
  })
})
