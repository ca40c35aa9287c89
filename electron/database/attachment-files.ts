import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'

/**
 * Where the attachment store's files are on disk, and the copy of a whole store (a backup's, a
 * restore's): node builtins only, so the low-priority side process (side-task.ts) runs the copy —
 * reading and hashing every file is seconds of CPU for a store of scanned vouchers. The rules of
 * the store are in attachment-store.ts.
 */
export const STORE_SUFFIX = '-附件'

export function storeDir(dataFile: string): string {
  return join(dirname(dataFile), `${basename(dataFile, extname(dataFile))}${STORE_SUFFIX}`)
}

/** The folders of the time before the one store, newest first. */
export function legacyDirs(dataFile: string): string[] {
  return [join(storeDir(dataFile), '合伙人'), join(dirname(dataFile), '附件', '公益基金')]
}

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** A stored name is a hash and an extension, nothing else (never a path). */
export const STORED = /^([0-9a-f]{64})(\.[a-z0-9]{1,9})?$/

/** Every file the store holds, with the folders of before (the store's copy wins a name). */
export function storedFiles(dataFile: string): Map<string, string> {
  const files = new Map<string, string>()
  for (const dir of [storeDir(dataFile), ...legacyDirs(dataFile)]) {
    if (!existsSync(dir)) continue
    for (const name of readdirSync(dir)) {
      if (STORED.test(name) && !files.has(name)) files.set(name, join(dir, name))
    }
  }
  return files
}

/**
 * Copies the files of one data file's store into another's (a backup into its own store, a
 * restore back into the live one): each file whose content has the hash its name says, that the
 * target lacks or holds damaged. Returns how many files the target now holds from the source, and
 * the names of the source's damaged files (not copied).
 */
export function copyStore(fromDataFile: string, toDataFile: string): { files: number; damaged: string[] } {
  const target = storeDir(toDataFile)
  let files = 0
  const damaged: string[] = []
  for (const [name, path] of storedFiles(fromDataFile)) {
    const bytes = readFileSync(path)
    if (sha256Of(bytes) !== STORED.exec(name)![1]) {
      damaged.push(name)
      continue
    }
    const to = join(target, name)
    if (existsSync(to) && sha256Of(readFileSync(to)) !== STORED.exec(name)![1]) rmSync(to)
    if (!existsSync(to)) {
      mkdirSync(target, { recursive: true })
      const partial = `${to}.未完成`
      copyFileSync(path, partial)
      renameSync(partial, to)
    }
    files++
  }
  return { files, damaged }
}
