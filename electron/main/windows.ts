import { BrowserWindow, screen } from 'electron'
import { join } from 'node:path'
import { CHANNELS_ARG } from '../transport/nest-api'
import { HARDENED_WEB_PREFERENCES } from './window-options'
import { lockNavigation } from './security'

export interface WindowDeps {
  preloadPath: string
  channels: readonly string[]
  /** URL of the renderer's index (app://desk/index.html, or the dev server). */
  rendererUrl: string
  isOwnUrl(url: string): boolean
  /** The window icon (resources/icon.png; Windows takes the taskbar icon from the .exe). */
  iconPath?: string
}

export function webPreferencesFor(deps: WindowDeps) {
  return {
    ...HARDENED_WEB_PREFERENCES,
    preload: deps.preloadPath,
    // The preload is sandboxed and cannot import the registry; main hands it the channel list.
    additionalArguments: [CHANNELS_ARG + deps.channels.join(',')],
  }
}

export function createMainWindow(deps: WindowDeps): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 1024,
    minHeight: 680,
    show: false,
    title: '社区工作台',
    icon: deps.iconPath,
    autoHideMenuBar: true,
    webPreferences: webPreferencesFor(deps),
  })
  lockNavigation(win.webContents, deps.isOwnUrl)
  win.once('ready-to-show', () => win.show())
  void win.loadURL(deps.rendererUrl)
  return win
}

/** The projector window: fullscreen on the external display when there is one. */
export function createProjectionWindow(deps: WindowDeps, route: string): BrowserWindow {
  const displays = screen.getAllDisplays()
  const primary = screen.getPrimaryDisplay()
  const external = displays.find((d) => d.id !== primary.id)
  const target = external ?? primary
  const win = new BrowserWindow({
    x: target.bounds.x,
    y: target.bounds.y,
    width: target.bounds.width,
    height: target.bounds.height,
    fullscreen: !!external,
    title: '社区工作台 · 投屏',
    icon: deps.iconPath,
    autoHideMenuBar: true,
    backgroundColor: '#000000',
    webPreferences: webPreferencesFor(deps),
  })
  lockNavigation(win.webContents, deps.isOwnUrl)
  void win.loadURL(`${deps.rendererUrl}#${route}`)
  return win
}

export const preloadPathFrom = (mainDir: string) => join(mainDir, '../preload/index.js')
