import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import * as XLSX from 'xlsx'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/temp-db'
import { WORKER_BUNDLE } from './export-jobs'

/**
 * The packaged app runs the electron-vite build, not these sources: the export worker must be an
 * entry of its own there (electron.vite.config.ts), and the built main code must find it and run a
 * whole export with it. This builds the main bundle as `npm run build` does (into a temp folder),
 * then runs an export through the built code in plain Node — the worker thread and all.
 */
const root = resolve(__dirname, '../..')
// Inside the checkout, as out/ is: the built code requires its dependencies from node_modules.
mkdirSync(join(root, '.tmp'), { recursive: true })
const out = mkdtempSync(join(root, '.tmp', 'bundle-test-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

describe('the built main bundle', () => {
  it(
    'has the export worker as its own file, and the built code finds it and exports with it',
    { timeout: 120_000 },
    async () => {
      const { resolveConfig } = await import('electron-vite')
      const { build } = await import('vite')
      const resolved = await resolveConfig(
        { configFile: join(root, 'electron.vite.config.ts'), root },
        'build',
        'production',
      )
      const main = resolved.config!.main!
      await build({ ...main, logLevel: 'silent', build: { ...main.build, outDir: out, emptyOutDir: true } })

      expect(existsSync(join(out, 'index.js'))).toBe(true)
      expect(existsSync(join(out, WORKER_BUNDLE))).toBe(true)
      const js = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? js(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
        )
      // The code that starts the worker (in index.js or a shared chunk) names the worker's file.
      const starters = js(out).filter((f) => readFileSync(f, 'utf8').includes(`"${WORKER_BUNDLE}"`))
      expect(starters.length).toBeGreaterThan(0)
      // The shared code is a CommonJS chunk that exports what index.js uses (exportJobs among it).
      const chunk = js(out).find((f) => readFileSync(f, 'utf8').includes('exports, "exportJobs"'))
      expect(chunk).toBeDefined()

      // Plain Node, the built CommonJS: an empty data file, its meeting ledger exported through a job.
      const dir = tempDir('desk-bundle-run-')
      try {
        const script = `
        const chunk = require(${JSON.stringify(chunk)})
        const { openDatabase, exportJobs, MODULES } = chunk
        ;(async () => {
          const opened = await openDatabase(${JSON.stringify(join(dir, 'data.sqlite'))})
          const live = { file: opened.file, onRelease: () => () => {}, shared: (fn) => fn(opened.db) }
          const ctx = { database: live, pickSaveTarget: async (name) => ${JSON.stringify(dir)} + '/' + name }
          const ledger = MODULES.flatMap((m) => m.exporters ?? []).find((e) => e.key === 'meetings.ledger')
          const jobs = exportJobs(live)
          const started = await jobs.start(opened.db, ctx, ledger, { from: '2026-01-01', to: '2026-12-31' }, {})
          let s = started
          while (s.state === 'waiting' || s.state === 'running') {
            await new Promise((r) => setTimeout(r, 20))
            s = jobs.status(started.job)
          }
          await opened.close()
          console.log(JSON.stringify(s))
        })()
      `
        const stdout = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 })
        const status = JSON.parse(stdout.trim().split('\n').pop()!)
        expect(status).toMatchObject({ state: 'done', count: 0, fileName: '议事会台账-2026-01-01至2026-12-31.xlsx' })
        expect(XLSX.read(readFileSync(status.path)).SheetNames).toEqual(['会议台账', '出席明细', '表决记录'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  )
})
