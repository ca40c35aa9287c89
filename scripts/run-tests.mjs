// `npm test`: builds the renderer (the e2e tests drive the built UI), runs every Vitest project
// (unit, component, e2e), and ends with one line "N passed, N failed[, N skipped]" summing them all.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const bin = (name) => join('node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name)
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' })

const build = run(bin('vite'), ['build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'])
if (build.status !== 0) process.exit(build.status ?? 1)

mkdirSync('.tmp', { recursive: true })
const report = join('.tmp', 'vitest-report.json')
rmSync(report, { force: true })
const tests = run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
])

if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`)
} else {
  console.log('0 passed, 1 failed')
}
process.exit(tests.status ?? 1)
