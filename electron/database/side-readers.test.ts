import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { readdirSync } from 'node:fs'
import { dispatch } from '../registry/dispatch'
import { registry } from '../registry'
import { openTempDb, type TempDb } from '../testing/temp-db'

/**
 * A backup and the full integrity check read the whole file on a read-only side connection: the
 * app's one connection keeps answering meanwhile. Asserted by order, not by time: reads issued
 * after the side connection started reading are answered while it is still reading.
 */
let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
  // ~32 MB, so reading the whole file takes a while.
  await t.db.transaction().execute(async (trx) => {
    for (let i = 0; i < 32; i++) {
      await trx
        .insertInto('audit_log')
        .values({ at: 'a', action: '测试', entity: '填充', entity_id: i, detail: 'x'.repeat(1024 * 1024) })
        .execute()
    }
  })
})
afterEach(async () => t.cleanup())

/** Issues reads one after another while `running` is pending; says for each whether a side read was still going. */
async function readsDuring(running: Promise<unknown>): Promise<Array<{ sideReading: boolean; finished: boolean }>> {
  let finished = false
  void running.then(
    () => (finished = true),
    () => (finished = true),
  )
  await vi.waitFor(() => expect(t.live.opened.readersActive).toBe(1), { timeout: 5000, interval: 1 })
  const seen = []
  for (let i = 0; i < 3; i++) {
    const answer = await dispatch(registry, t.live, t.ctx, 'community.overview', undefined)
    expect(answer.ok, JSON.stringify(answer)).toBe(true)
    seen.push({ sideReading: t.live.opened.readersActive === 1, finished })
  }
  return seen
}

describe('whole-file reads never hold the app’s connection', () => {
  it('a backup runs while reads answer', async () => {
    const backup = dispatch(registry, t.live, t.ctx, 'data.backup', undefined)
    const seen = await readsDuring(backup)
    expect(seen).toEqual(Array(3).fill({ sideReading: true, finished: false }))
    expect(await backup).toMatchObject({ ok: true, value: { integrity: 'ok' } })
    expect(readdirSync(t.ctx.backupDir!)).toHaveLength(1)
  })

  it('the integrity check runs while reads answer', async () => {
    const check = dispatch(registry, t.live, t.ctx, 'data.integrityCheck', undefined)
    const seen = await readsDuring(check)
    expect(seen).toEqual(Array(3).fill({ sideReading: true, finished: false }))
    expect(await check).toMatchObject({ ok: true, value: { ok: true, problems: [] } })
  })

  it('closing the file interrupts a running check, which then reports nothing', async () => {
    const check = t.live.health.checkNow()
    const outcome = check.then(
      () => 'finished',
      (err: { code?: string }) => err.code,
    )
    await vi.waitFor(() => expect(t.live.opened.readersActive).toBe(1), { timeout: 5000, interval: 1 })
    await t.live.close()
    expect(await outcome).toBe('SQLITE_INTERRUPT')
    expect(t.live.opened.readersActive).toBe(0)
    expect(t.live.health.state.status).toBe('unchecked')
  })
})
