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

  it('the renderer imports nothing from electron/ except types (shared/ holds what both sides use)', () => {
    const offenders = files(join(root, 'src')).filter((f) => {
      const text = readFileSync(f, 'utf8')
      const valueImports = [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gm)].map(
        (m) => m[1]!,
      )
      return valueImports.some((spec) => spec === 'electron' || /(^|\/)electron\//.test(spec))
    })
    expect(offenders.map((f) => relative(root, f))).toEqual([])
  })

  it('shared/ is plain TypeScript both sides can import: no Node, no DOM, no Electron, no library', () => {
    const shared = join(root, 'shared')
    const sources = files(shared).filter((f) => !f.endsWith('.test.ts'))
    expect(sources.map((f) => relative(shared, f))).toContain('phone.ts')
    const offenders = sources.flatMap((f) => {
      // Comments may speak of documents and processes; only the code counts.
      const text = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
      const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!)
      const globals = text.match(/\b(?:window|document|process|require|Buffer|localStorage)\b/g) ?? []
      return [...specs.filter((s) => !s.startsWith('./')), ...globals].map((what) => `${relative(shared, f)}: ${what}`)
    })
    expect(offenders).toEqual([])
  })
})

/**
 * Modules (a folder on each side, electron/<name>/ and src/<name>/) use each other only through
 * the other's entry file (index.ts), and never in a circle. Tests may reach into any module to
 * build their fixtures; the rule is about the product's code.
 */
const MODULE_SIDES = ['electron', 'src'] as const
const NOT_MODULES = new Set([
  'main',
  'preload',
  'transport',
  'registry',
  'database',
  'testing',
  'demo',
  'shell',
  'api',
  'styles',
])
const RELATIVE_IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g

function moduleGraph(side: (typeof MODULE_SIDES)[number]) {
  const base = join(root, side)
  const modules = readdirSync(base).filter((n) => statSync(join(base, n)).isDirectory() && !NOT_MODULES.has(n))
  const edges = new Map<string, Set<string>>(modules.map((m) => [m, new Set<string>()]))
  const internals: string[] = []
  for (const mod of modules) {
    for (const file of files(join(base, mod)).filter((f) => !/\.test\.ts$/.test(f))) {
      for (const m of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
        const target = relative(base, join(file, '..', m[1]!)).replaceAll('\\', '/')
        const [other, ...rest] = target.split('/')
        if (!other || other === mod || !edges.has(other)) continue
        edges.get(mod)!.add(other)
        const entry = rest.length === 0 || (rest.length === 1 && /^index(\.ts)?$/.test(rest[0]!))
        if (!entry) internals.push(`${relative(root, file)} → ${side}/${target}`)
      }
    }
  }
  return { modules, edges, internals }
}

function cycles(edges: Map<string, Set<string>>): string[] {
  const found: string[] = []
  const visit = (node: string, path: string[]) => {
    for (const next of edges.get(node) ?? []) {
      if (next === path[0]) found.push([...path, next].join(' → '))
      else if (!path.includes(next) && next > path[0]!) visit(next, [...path, next])
    }
  }
  for (const start of edges.keys()) visit(start, [start])
  return found
}

describe('one way for the renderer', () => {
  it('screens call stores or composables; only those .ts files call window.api', () => {
    const offenders = files(join(root, 'src'))
      .filter((f) => f.endsWith('.vue'))
      .filter((f) => /\bwindow\.api\b/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f))
    expect(offenders).toEqual([])
  })
})

describe('module boundaries', () => {
  for (const side of MODULE_SIDES) {
    it(`${side}: a module imports another only through its entry file`, () => {
      const { modules, internals } = moduleGraph(side)
      expect(modules.length).toBeGreaterThan(5)
      expect(internals).toEqual([])
    })

    it(`${side}: no two modules import each other, directly or round a circle`, () => {
      expect(cycles(moduleGraph(side).edges)).toEqual([])
    })
  }

  it('the cycle check finds a circle when there is one', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ])
    expect(cycles(edges)).toEqual(['a → b → c → a'])
  })
})

describe('value lists live once, in shared/', () => {
  it('no file in src/ or electron/ spells out a list that shared/ declares', async () => {
    const lists = (
      await Promise.all(['followup-values', 'meeting-values', 'council-values'].map((m) => import(`../shared/${m}.ts`)))
    ).flatMap((mod: Record<string, unknown>) =>
      Object.entries(mod).flatMap(([name, v]) => {
        const words = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []
        return words.length >= 3 && words.every((w) => typeof w === 'string')
          ? [{ name, words: words as string[] }]
          : []
      }),
    )
    expect(lists.map((l) => l.name)).toEqual(
      expect.arrayContaining(['MEETING_KINDS', 'TOPIC_CHANNELS', 'MEMBER_ROLES']),
    )
    const sources = [...files(join(root, 'src')), ...files(join(root, 'electron'))].filter(
      (f) => !/\.test\.ts$|[\\/](demo|migrations|testing)[\\/]/.test(f),
    )
    const copies = sources.flatMap((f) => {
      const text = readFileSync(f, 'utf8')
      return lists
        .filter(({ words }) => new RegExp(words.map((w) => `['"]${w}['"]`).join('\\s*,\\s*')).test(text))
        .map(({ name }) => `${relative(root, f)}: ${name}`)
    })
    expect(copies).toEqual([])
  })
})
