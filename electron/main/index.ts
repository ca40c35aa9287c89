import { app, BrowserWindow, dialog, ipcMain, session, shell, utilityProcess } from 'electron'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { AppError } from '../../shared/app-error'
import { LiveDatabase } from '../database/live-database'
import { launchSideProcessesWith } from '../database/side-process'
import { startUpkeep } from '../registry/upkeep'
import { registry, CHANNELS } from '../registry'
import type { HostContext } from '../registry/define'
import { Session } from '../registry/session'
import { registerAppSchemeAsPrivileged, serveRenderer } from './app-protocol'
import { defaultDataFile, resolveDataFile } from './data-file'
import { bindRegistry } from './ipc-binding'
import { denyAllPermissions } from './security'
import { createMainWindow, createProjectionWindow, preloadPathFrom, type WindowDeps } from './windows'
import { APP_ORIGIN } from './window-options'

/**
 * App lifecycle. Everything below the transport (registry, services, database) is Electron-free;
 * this file only wires it to windows and IPC.
 */
app.enableSandbox()
app.setName('社区工作台')

// Two instances would write the same data file: the second one just focuses the first.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  registerAppSchemeAsPrivileged()
  process.on('uncaughtException', (err) => console.error('[main] uncaught', err))
  process.on('unhandledRejection', (err) => console.error('[main] unhandled', err))
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0]
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })
  void app.whenReady().then(start)
}

let database: LiveDatabase | undefined
let stopUpkeep: (() => void) | undefined
let stopHealthChecks: (() => void) | undefined

async function start(): Promise<void> {
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
  const trustedOrigin = devUrl ? new URL(devUrl).origin : APP_ORIGIN
  const isOwnUrl = (url: string) => {
    try {
      return new URL(url).origin === trustedOrigin
    } catch {
      return false
    }
  }
  denyAllPermissions(session.defaultSession)
  app.on('session-created', denyAllPermissions)
  // Backups and integrity checks run in a low-priority process of their own (database/side-process.ts).
  launchSideProcessesWith((file, execArgv) =>
    utilityProcess.fork(file, [], { serviceName: '社区工作台-备份与检查', stdio: 'inherit', execArgv }),
  )

  const file = resolveDataFile(process.argv, process.env, app.getPath('userData'))
  try {
    // The user-data folder may be created on first run; a --db folder that is missing (an
    // unplugged USB drive) is reported instead.
    database = await LiveDatabase.open(file, { createFolder: file === defaultDataFile(app.getPath('userData')) })
  } catch (err) {
    // SQLite's and Node's own words are English: they go to the log, the clerk reads Chinese.
    if (!(err instanceof AppError)) console.error('[main] open database', err)
    const message =
      err instanceof AppError
        ? err.message
        : `无法打开数据文件「${file}」。为保护数据，程序没有改动它。请联系技术人员查看日志。`
    dialog.showErrorBox('社区工作台无法启动', message)
    app.exit(1)
    return
  }

  // Date-driven work (overdue resolutions onto the next agenda) at start and at each new day.
  const live = database
  stopUpkeep = startUpkeep((fn) => live.shared(fn))
  // The full integrity check, once a day in the background (database/health.ts; why not at open: open-check.ts).
  stopHealthChecks = live.health.schedule()

  const deps: WindowDeps = {
    preloadPath: preloadPathFrom(__dirname),
    channels: CHANNELS,
    rendererUrl: devUrl ?? `${APP_ORIGIN}/index.html`,
    isOwnUrl,
    iconPath: join(__dirname, '../../resources/icon.png'),
  }
  let projector: BrowserWindow | undefined
  const ctx: HostContext = {
    database: live,
    dataFile: live.file,
    // Backups go where the user points the dialog; restore offers the recorded ones and a file dialog.
    backupDir: null,
    async pickFolder(title) {
      const win = BrowserWindow.getFocusedWindow()
      const options = {
        title,
        properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'>,
      }
      const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
      return picked.canceled ? null : (picked.filePaths[0] ?? null)
    },
    async pickBackupFile(title) {
      const win = BrowserWindow.getFocusedWindow()
      const options = {
        title,
        properties: ['openFile'] as Array<'openFile'>,
        filters: [{ name: '社区工作台备份', extensions: ['sqlite'] }],
      }
      const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
      return picked.canceled ? null : (picked.filePaths[0] ?? null)
    },
    // Only asks: the export job writes beside the chosen path and renames when the file is complete.
    async pickSaveTarget(suggestedName) {
      const win = BrowserWindow.getFocusedWindow()
      const options = { title: '保存导出文件', defaultPath: join(app.getPath('documents'), suggestedName) }
      const picked = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
      return picked.canceled || !picked.filePath ? null : picked.filePath
    },
    async openFile(suggestedName, data) {
      // A fresh folder per file: the program that opens it may keep it locked, and a name never clashes.
      const folder = await mkdtemp(join(app.getPath('temp'), '社区工作台-打开-'))
      const path = join(folder, basename(suggestedName).replace(/[\\/:*?"<>|]/g, '_'))
      await writeFile(path, data)
      const failed = await shell.openPath(path)
      if (failed) console.error('[main] openPath', failed)
      return failed ? null : path
    },
    async savePdf(suggestedName) {
      const win = BrowserWindow.getFocusedWindow()
      if (!win) return null
      const pdf = await win.webContents.printToPDF({ pageSize: 'A4', preferCSSPageSize: true, printBackground: false })
      const options = { title: '保存为电子文件', defaultPath: join(app.getPath('documents'), suggestedName) }
      const picked = await dialog.showSaveDialog(win, options)
      if (picked.canceled || !picked.filePath) return null
      await writeFile(picked.filePath, pdf)
      return picked.filePath
    },
    async openProjection() {
      if (projector && !projector.isDestroyed()) projector.focus()
      else projector = createProjectionWindow(deps, '/projection')
      return { opened: true, route: '/projection' }
    },
    // One PC, one person at its keyboard: the app's windows (main, projector, print) share one
    // session, decided here in the main process by the session.* calls after the PIN check.
    session: new Session(),
  }
  bindRegistry(ipcMain, registry, live, ctx, (origin) => origin === trustedOrigin)
  if (!devUrl) serveRenderer(join(__dirname, '../renderer'))

  createMainWindow(deps)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(deps)
  })
}

app.on('window-all-closed', () => {
  void (async () => {
    stopUpkeep?.()
    stopHealthChecks?.()
    await database?.close()
    app.quit()
  })()
})
