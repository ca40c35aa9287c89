import { existsSync, mkdirSync } from 'node:fs'
import { basename, extname, join } from 'node:path'

/**
 * Where exports go on hosts without a save dialog (the loopback test host, tests): a new name in
 * one folder, never an existing file. A name handed out stays taken until its job ends, so two
 * exports running side by side never aim at the same file.
 */
export function saveToFolder(folder: string) {
  const taken = new Set<string>()
  return {
    async pick(suggestedName: string): Promise<string> {
      mkdirSync(folder, { recursive: true })
      const safe = basename(suggestedName).replace(/[\\/:*?"<>|]/g, '_')
      const ext = extname(safe)
      const stem = safe.slice(0, safe.length - ext.length)
      let target = join(folder, safe)
      for (let i = 2; existsSync(target) || taken.has(target); i++) target = join(folder, `${stem}-${i}${ext}`)
      taken.add(target)
      return target
    },
    release(path: string): void {
      taken.delete(path)
    },
  }
}
