// Prints the renderer's initial load: the JS and CSS that index.html pulls in before the first
// screen shows (entry script, its modulepreloads, stylesheets), gzipped. Budget: 400 KB.
// Module screens are lazy routes and are listed separately. Run after `npm run build`.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const BUDGET_KB = 400
const dir = process.argv[2] ?? 'out/renderer'
const html = readFileSync(join(dir, 'index.html'), 'utf8')
const initial = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1])
const gz = (file) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length
const kb = (n) => (n / 1024).toFixed(1)

let total = 0
console.log('首屏资源（gzip 后）:')
for (const file of initial) {
  const size = gz(file)
  total += size
  console.log(`  ${file.padEnd(60)} ${kb(size).padStart(8)} KB`)
}
const lazy = readdirSync(join(dir, 'assets')).filter((f) => !initial.includes(`assets/${f}`) && /\.(js|css)$/.test(f))
const lazyTotal = lazy.reduce((sum, f) => sum + gz(`assets/${f}`), 0)
console.log(`按需加载的模块页面: ${lazy.length} 个文件, ${kb(lazyTotal)} KB (gzip)`)
console.log(`initial load: ${kb(total)} KB gzipped (budget ${BUDGET_KB} KB)`)
if (total > BUDGET_KB * 1024) {
  console.error(`首屏资源超出预算：${kb(total)} KB > ${BUDGET_KB} KB`)
  process.exit(1)
}
