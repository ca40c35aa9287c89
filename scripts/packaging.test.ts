import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import type { Configuration } from 'app-builder-lib'

/**
 * The Electron binary cannot be downloaded on the build machines, so `npm run dist` itself runs
 * only where it can. What can be checked here is checked: the configuration passes
 * electron-builder's own schema, and it says what the office needs of the installer.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const load = () => getConfig(ROOT, 'electron-builder.yml', null)

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema check, and the check refuses a misspelt option", async () => {
    const config = await load()
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    const misspelt = { ...config, nsis: { ...config.nsis, oneClik: false } } as unknown as Configuration
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/nsis/)
  })

  it('builds a per-user Chinese NSIS installer that lets the clerk choose the folder and keeps the data', async () => {
    const config = await load()
    const targets = JSON.stringify(config.win?.target)
    expect(targets).toContain('nsis')
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
      deleteAppDataOnUninstall: false,
      language: '2052',
      installerLanguages: ['zh_CN'],
    })
    expect(config.productName).toBe('社区工作台')
  })

  it('unpacks native addons from asar and never rebuilds them', async () => {
    const config = await load()
    expect(config.asarUnpack).toContain('**/*.node')
    expect(config.npmRebuild).toBe(false)
    expect(config.nodeGypRebuild).toBe(false)
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    // No install-time rebuild step: sqlite3 is N-API and loads in Electron as built for Node.
    expect(Object.keys(pkg.scripts)).not.toContain('postinstall')
    expect(pkg.scripts.dist).toContain('electron-builder')
  })

  it("sets Electron's fuses as its security checklist recommends", async () => {
    const config = await load()
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('has the icons it names, and ships the run-time assets', async () => {
    const config = await load()
    for (const icon of [config.win?.icon, config.nsis?.installerIcon, config.nsis?.uninstallerIcon]) {
      expect(icon).toBeTruthy()
      expect(existsSync(join(ROOT, icon!))).toBe(true)
    }
    // A Windows .ico begins with 00 00 01 00.
    expect([...readFileSync(join(ROOT, 'build/icon.ico')).subarray(0, 4)]).toEqual([0, 0, 1, 0])
    expect(JSON.stringify(config.files)).toContain('resources/**')
    expect(existsSync(join(ROOT, 'resources/icon.png'))).toBe(true)
  })
})
