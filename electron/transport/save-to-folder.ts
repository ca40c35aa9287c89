import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { basename, extname, join } from 'node:path'

/**
 * `HostContext.saveFile` for hosts without a save dialog (the loopback test host, tests): writes
 * into one folder, never over an existing file.
 */
export function saveToFolder(folder: string) {
  return async (suggestedName: string, data: Uint8Array | string): Promise<string> => {
    mkdirSync(folder, { recursive: true })
    const safe = basename(suggestedName).replace(/[\\/:*?"<>|]/g, '_')
    const ext = extname(safe)
    const stem = safe.slice(0, safe.length - ext.length)
    let target = join(folder, safe)
    for (let i = 2; existsSync(target); i++) target = join(folder, `${stem}-${i}${ext}`)
    writeFileSync(target, data)
    return target
  }
}
