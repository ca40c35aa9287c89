import { beforeEach, describe, expect, it, vi } from 'vitest'

// The shell is the only code that touches Electron, and the Electron binary is not installed on
// build machines, so these tests mock the module (and only these do).
const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>()
const created: Array<Record<string, unknown>> = []
vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { on: vi.fn(), setWindowOpenHandler: vi.fn() }
    constructor(options: Record<string, unknown>) {
      created.push(options)
    }
    once = vi.fn()
    loadURL = vi.fn(async () => undefined)
  }
  return {
    ipcMain: {
      handle: (channel: string, fn: (e: unknown, i: unknown) => Promise<unknown>) => handlers.set(channel, fn),
    },
    BrowserWindow,
    screen: {
      getAllDisplays: () => [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }],
      getPrimaryDisplay: () => ({ id: 1 }),
    },
  }
})

const { ipcMain } = await import('electron')
const { bindRegistry } = await import('./ipc-binding')
const { createMainWindow } = await import('./windows')
const { HARDENED_WEB_PREFERENCES } = await import('./window-options')
const { denyAllPermissions, lockNavigation } = await import('./security')
const { resolveDataFile } = await import('./data-file')
const { registry, CHANNELS } = await import('../registry')
const { openTempDb } = await import('../testing/temp-db')

describe('webPreferences', () => {
  it('is the hardened set, frozen', () => {
    expect(HARDENED_WEB_PREFERENCES).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    })
    expect(Object.isFrozen(HARDENED_WEB_PREFERENCES)).toBe(true)
  })

  it('is what the main window is created with, plus the preload and the channel list', () => {
    createMainWindow({
      preloadPath: '/app/preload/index.js',
      channels: CHANNELS,
      rendererUrl: 'app://desk/index.html',
      isOwnUrl: () => true,
    })
    const prefs = created.at(-1)!.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject(HARDENED_WEB_PREFERENCES)
    expect(prefs.preload).toBe('/app/preload/index.js')
    expect(prefs.additionalArguments).toEqual([`--community-desk-channels=${CHANNELS.join(',')}`])
  })
})

describe('ipc binding', () => {
  beforeEach(() => handlers.clear())

  const frame = (origin: string) => ({ origin })
  const event = (origin: string, main = true) => {
    const f = frame(origin)
    return { senderFrame: f, sender: { mainFrame: main ? f : frame(origin) } }
  }

  it('binds every registry channel and refuses callers that are not our window', async () => {
    const t = await openTempDb()
    bindRegistry(ipcMain, registry, t.db, t.ctx, (o) => o === 'app://desk')
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort())
    const create = handlers.get('community.createGrid')!
    const foreign = await create(event('https://evil.example'), { name: '网格', note: '' })
    expect(foreign).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const subframe = await create(event('app://desk', false), { name: '网格', note: '' })
    expect(subframe).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await t.db.selectFrom('grids').selectAll().execute()).toEqual([])
    expect(await create(event('app://desk'), { name: '网格', note: '' })).toEqual({ ok: true, value: { id: 1 } })
    expect(await create(event('app://desk'), { name: 5 })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    await t.cleanup()
  })
})

describe('security handlers', () => {
  it('denies every permission request and check', () => {
    let requestHandler: (wc: unknown, p: string, cb: (granted: boolean) => void) => void = () => undefined
    let checkHandler: () => boolean = () => true
    denyAllPermissions({
      setPermissionRequestHandler: (h: typeof requestHandler) => (requestHandler = h),
      setPermissionCheckHandler: (h: typeof checkHandler) => (checkHandler = h),
    } as never)
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn()
      requestHandler({}, p, cb)
      expect(cb).toHaveBeenCalledWith(false)
    }
    expect(checkHandler()).toBe(false)
  })

  it('blocks navigation away from our origin and every window.open', () => {
    const listeners: Record<string, (e: { preventDefault(): void }, url: string) => void> = {}
    let openHandler: () => { action: string } = () => ({ action: 'allow' })
    lockNavigation(
      {
        on: (name: string, fn: (typeof listeners)[string]) => (listeners[name] = fn),
        setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
      } as never,
      (url) => url.startsWith('app://desk/'),
    )
    const away = { preventDefault: vi.fn() }
    listeners['will-navigate']!(away, 'https://example.com')
    expect(away.preventDefault).toHaveBeenCalled()
    const home = { preventDefault: vi.fn() }
    listeners['will-navigate']!(home, 'app://desk/index.html#/data')
    expect(home.preventDefault).not.toHaveBeenCalled()
    expect(openHandler()).toEqual({ action: 'deny' })
  })
})

describe('data file location', () => {
  it('prefers --db, then the environment, then the user data folder', () => {
    expect(resolveDataFile(['electron', '.', '--db', '/d/a.sqlite'], {}, '/u')).toBe('/d/a.sqlite')
    expect(resolveDataFile(['electron', '--db=/d/b.sqlite'], { COMMUNITY_DESK_DB: '/e.sqlite' }, '/u')).toBe(
      '/d/b.sqlite',
    )
    expect(resolveDataFile(['electron'], { COMMUNITY_DESK_DB: '/e.sqlite' }, '/u')).toBe('/e.sqlite')
    expect(resolveDataFile(['electron'], {}, '/u')).toMatch(/^[/\\]u[/\\]community-desk\.sqlite$/)
  })
})
