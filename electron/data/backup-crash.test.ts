import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { checkFileIntegrity } from '../database/maintenance'
import * as data from './data-service'
import { openTempDb, type TempDb } from '../testing/temp-db'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => t.cleanup())

const IS_BACKUP = /^社区工作台备份-.*\.sqlite$/

/** A child process that backs up the file again and again until it is killed with SIGKILL. */
function backupLoop(file: string, folder: string) {
  const script = `
    const load = async (p) => { const m = await import(p); return m.default ?? m }
    const { openDatabase } = await load(${JSON.stringify(new URL('../database/open-database.ts', import.meta.url).pathname)})
    const { backupNow } = await load(${JSON.stringify(new URL('./data-service.ts', import.meta.url).pathname)})
    const opened = await openDatabase(${JSON.stringify(file)})
    console.log('ready')
    for (;;) await backupNow(opened.db, opened.reader, ${JSON.stringify(folder)})
  `
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const ready = new Promise<void>((done, fail) => {
    child.stdout.on('data', (b: Buffer) => b.toString().includes('ready') && done())
    child.on('exit', (code) => fail(new Error(`child exited ${code}`)))
  })
  const exited = new Promise<void>((done) => child.on('exit', () => done()))
  return { child, ready, exited }
}

describe('a backup killed half-way', () => {
  it(
    'never leaves a file named like a backup that is not one, and the next backup clears the leftovers',
    { timeout: 60_000 },
    async () => {
      // ~16 MB, so a copy takes long enough to be killed in the middle of it.
      await t.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 16; i++) {
          await trx
            .insertInto('audit_log')
            .values({ at: 'a', action: '导出', entity: '测试', entity_id: i, detail: 'x'.repeat(1024 * 1024) })
            .execute()
        }
      })
      const folder = join(t.dir, 'usb')
      mkdirSync(folder)
      let killedMidCopy = 0
      const writing = () => readdirSync(folder).some((n) => n.startsWith('未完成-'))
      // Killed before the copy begins, then at moments after its temporary file appeared (the
      // copy is written by a side process, which ends with the app).
      const kills = [
        { afterCopyBegan: false, delay: 5 },
        { afterCopyBegan: false, delay: 40 },
        ...[0, 10, 30, 60].map((delay) => ({ afterCopyBegan: true, delay })),
      ]
      for (const { afterCopyBegan, delay } of kills) {
        const run = backupLoop(t.file, folder)
        await run.ready
        if (afterCopyBegan) await vi.waitFor(() => expect(writing()).toBe(true), { timeout: 20_000, interval: 1 })
        await new Promise((r) => setTimeout(r, delay))
        run.child.kill('SIGKILL')
        await run.exited
        if (readdirSync(folder).some((n) => n.startsWith('未完成-'))) killedMidCopy++
        // Whatever is named like a backup is a whole, checked backup.
        for (const name of readdirSync(folder).filter((n) => IS_BACKUP.test(n))) {
          expect(statSync(join(folder, name)).size, name).toBeGreaterThan(16 * 1024 * 1024)
          expect((await checkFileIntegrity(join(folder, name))).verdict, name).toBe('ok')
        }
      }
      expect(killedMidCopy).toBeGreaterThan(0)

      const next = await data.backupNow(t.db, t.reader, folder)
      expect(next.integrity).toBe('ok')
      expect(
        readdirSync(folder).filter((n) => !IS_BACKUP.test(n)),
        readdirSync(folder).join(', '),
      ).toEqual([])
    },
  )
})
