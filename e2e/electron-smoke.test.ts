import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { _electron as electron } from 'playwright-core'
import { describe, expect, it } from 'vitest'

// Not imported from ./support/app: that module looks for Chromium, which this test does not need.
const ROOT = fileURLToPath(new URL('..', import.meta.url))

/**
 * Finds the Electron binary the way the `electron` package itself records it, without loading
 * that package: `require('electron')` in this Electron version starts a download when the binary
 * is missing (and fails offline). The package writes node_modules/electron/path.txt (the binary's
 * path inside dist/) only after a successful download; with ELECTRON_SKIP_BINARY_DOWNLOAD=1 there
 * is neither path.txt nor dist/, and this smoke test is skipped — the browser e2e tests above cover
 * the same renderer and registry through the loopback host.
 */
function findElectron(): string | null {
  const pkg = join(ROOT, 'node_modules/electron')
  const pathTxt = join(pkg, 'path.txt')
  if (!existsSync(pathTxt)) return null
  const binary = join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const electronPath = findElectron()
const hasElectron = electronPath !== null
if (!hasElectron) {
  console.log(
    '跳过：本机没有 Electron 可执行文件（安装时用了 ELECTRON_SKIP_BINARY_DOWNLOAD=1），Electron 冒烟测试未运行',
  )
}

describe('Electron 冒烟测试', () => {
  it.skipIf(!hasElectron)('真 Electron 启动后，窗口标题是社区工作台，首页显示出来', async () => {
    // Needs the app bundle (out/main, out/preload, out/renderer): `npm run build`.
    expect(existsSync(join(ROOT, 'out/main/index.js')), '请先运行 npm run build').toBe(true)
    const dir = mkdtempSync(join(tmpdir(), 'community-desk-electron-'))
    const app = await electron.launch({
      executablePath: electronPath!,
      // Chromium's sandbox refuses to run as root (as in most containers).
      args: ['.', '--db', join(dir, '社区工作台.sqlite'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      cwd: ROOT,
      timeout: 30_000,
    })
    try {
      const win = await app.firstWindow()
      await win.getByRole('navigation', { name: '主菜单' }).waitFor()
      expect(await win.title()).toContain('社区工作台')
      const nativeTitle = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle() ?? '')
      expect(nativeTitle).toContain('社区工作台')
      // The preload's bridge answers through IPC.
      const overview = await win.evaluate(() => window.api.community.overview())
      expect(overview).toMatchObject({ ok: true, value: { totals: { buildings: 0 } } })
      expect(existsSync(join(dir, '社区工作台.sqlite'))).toBe(true)
    } finally {
      await app.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
