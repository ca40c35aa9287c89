import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { LiveDatabase } from '../../electron/database/live-database'
import { registry } from '../../electron/registry'
import { folderHostContext } from '../../electron/transport/folder-host'
import { saveIdleSeconds, saveOperator } from '../../electron/settings'
import type { Role } from '../../shared/operators'
import { startHttpHost, type HttpHost } from '../../electron/transport/http/http-host'

/**
 * End-to-end support: the real renderer (out/renderer, built by `npm run build:web`) in Debian's
 * Chromium, talking to the real registry and a fresh SQLite file through the loopback test host.
 * Each test gets its own temp folder, data file and browser context; each test file shares one
 * Chromium process (module state is per file, files run one after another).
 */

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
// DESK_RENDERER_DIR lets several people build and test their own copy of the UI side by side.
export const STATIC_DIR = process.env.DESK_RENDERER_DIR
  ? join(ROOT, process.env.DESK_RENDERER_DIR)
  : join(ROOT, 'out/renderer')
export const SCREENSHOT_DIR = join(ROOT, 'screenshots')

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/**
 * Path of the Chromium to drive, or null when there is none (the tests are then skipped with a
 * message). In CI a missing browser is a broken machine, not a reason to skip: it throws.
 */
export function findChromium(): string | null {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
  if (existsSync(path)) return path
  const why = `找不到 Chromium（${path}）。请安装 Debian 的 chromium 软件包，或用 CHROMIUM_PATH 指定浏览器路径。`
  if (process.env.CI) throw new Error(`端到端测试无法运行：${why}`)
  console.log(`跳过：${why}端到端测试未运行。`)
  return null
}

/** Evaluated once per test file; use as `describe.skipIf(!chromiumPath)(...)`. */
export const chromiumPath = findChromium()

let browserPromise: Promise<Browser> | null = null

/** The one Chromium of this test file, launched on first use. */
export function sharedBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error('没有 Chromium，不能启动浏览器')
  browserPromise ??= chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS })
  return browserPromise
}

/** Closes the shared Chromium; call from the file's afterAll. */
export async function closeBrowser(): Promise<void> {
  const pending = browserPromise
  browserPromise = null
  if (pending) await (await pending).close()
}

export interface TestApp {
  page: Page
  context: BrowserContext
  url: string
  dbFile: string
  backupDir: string
  /** Where exports land (the test host's stand-in for a save dialog). */
  exportDir: string
  dir: string
  /** The data file as the host holds it: `database.db` is the current handle (a restore swaps it). */
  database: LiveDatabase
  /** Uncaught page errors and console errors seen so far: a healthy page leaves this empty. */
  pageErrors: string[]
  close(): Promise<void>
}

function assertRendererBuilt(): void {
  if (!existsSync(join(STATIC_DIR, 'index.html')) || !existsSync(join(STATIC_DIR, 'assets'))) {
    throw new Error(`没有找到构建好的界面（${STATIC_DIR}）：请先运行 npm run build:web`)
  }
}

/** A person the office has named, put in the data file before the page opens. */
export interface OperatorSeed {
  name: string
  roles?: Role[]
  /** 4–12 digits, or none. */
  pin?: string
}

export interface StartOptions {
  /**
   * People named before the page opens. Left out, the office has named nobody and the app opens
   * straight onto 首页 (as every test that is not about operators expects).
   */
  operators?: OperatorSeed[]
  /** The one of `operators` the harness chooses on the start screen (by clicking, with the PIN). */
  signInAs?: string
  /** The lock time in seconds (the 设置 screen offers whole minutes; a test needs seconds). */
  idleSeconds?: number
}

/**
 * A fresh data file, a test host on a free port, and a new page showing the app's home screen —
 * or, given operators and no `signInAs`, the start screen (请选择操作人).
 */
export async function startApp(options: StartOptions = {}): Promise<TestApp> {
  assertRendererBuilt()
  const dir = mkdtempSync(join(tmpdir(), 'community-desk-e2e-'))
  const backupDir = join(dir, 'backups')
  const exportDir = join(dir, 'exports')
  mkdirSync(backupDir)
  let database: LiveDatabase | undefined
  let host: HttpHost | undefined
  let context: BrowserContext | undefined
  const cleanup = async () => {
    await context?.close().catch(() => undefined)
    await host?.close()
    await database?.close()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    database = await LiveDatabase.open(join(dir, '社区工作台.sqlite'))
    const db = database
    for (const op of options.operators ?? []) {
      await saveOperator(db.db, null, { name: op.name, roles: op.roles ?? [], pin: op.pin ?? null })
    }
    if (options.idleSeconds !== undefined) await saveIdleSeconds(db.db, options.idleSeconds)
    host = await startHttpHost({
      db,
      registry,
      staticDir: STATIC_DIR,
      port: 0,
      ctx: folderHostContext({ database: db, backupDir, exportDir }),
    })
    const browser = await sharedBrowser()
    context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1280, height: 820 },
    })
    context.setDefaultTimeout(10_000)
    const page = await context.newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`))
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(`console: ${msg.text()}`)
    })
    await page.goto(host.url)
    if (options.operators?.length) {
      await page.getByRole('heading', { name: '社区工作台' }).waitFor()
      const who = options.operators.find((o) => o.name === options.signInAs)
      if (who) await signIn(page, who.name, who.pin)
    }
    if (!options.operators?.length || options.signInAs) {
      await page.getByRole('navigation', { name: '主菜单' }).waitFor()
    }
    return {
      page,
      context,
      url: host.url,
      dbFile: db.file,
      backupDir,
      exportDir,
      dir,
      database: db,
      pageErrors,
      close: cleanup,
    }
  } catch (err) {
    await cleanup()
    throw err
  }
}

/** Chooses a person on the start screen (请选择操作人) and types their password, by clicking. */
export async function signIn(page: Page, name: string, pin?: string): Promise<void> {
  await page.getByRole('list', { name: '操作人' }).getByRole('button', { name, exact: true }).click()
  if (pin) {
    await page.getByLabel(`${name}的密码`).fill(pin)
    await page.getByRole('button', { name: '进入' }).click()
  }
}

/**
 * Saves a PNG of the whole screen to screenshots/<name>.png (git-ignored) and returns its path.
 * The app scrolls inside <main>, so the viewport is stretched for the shot to show all of it.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  const viewport = page.viewportSize()
  const overflow = await page.evaluate(() => {
    const main = document.querySelector('#main')
    return main ? Math.max(0, main.scrollHeight - main.clientHeight) : 0
  })
  if (viewport && overflow > 0) await page.setViewportSize({ ...viewport, height: viewport.height + overflow })
  try {
    await page.screenshot({ path, animations: 'disabled' })
  } finally {
    if (viewport && overflow > 0) await page.setViewportSize(viewport)
  }
  return path
}

/** The text of every visible Element Plus toast, newest last. */
export async function toastTexts(page: Page): Promise<string[]> {
  return page.locator('.el-message').allInnerTexts()
}

/**
 * English words a clerk would see or hear on the screen: visible text plus aria-label, title and
 * placeholder attributes. Paths and numbers do not count; three letters or more do.
 */
export async function englishOnScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts = [document.body.innerText]
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      texts.push(
        el.getAttribute('aria-label') ?? '',
        el.getAttribute('title') ?? '',
        el.getAttribute('placeholder') ?? '',
      )
    }
    return texts.join('\n').match(/[A-Za-z]{3,}/g) ?? []
  })
}
