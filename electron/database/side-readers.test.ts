import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { readdirSync } from 'node:fs'
import { sql } from 'kysely'
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
  // 300,000 rows (~40 MB): checking or copying every row and index entry takes a while.
  await sql`
    insert into audit_log (at, action, entity, entity_id, detail)
    with recursive n(i) as (select 1 union all select i + 1 from n where i < 300000)
    select 'a', '测试', '填充', i, hex(randomblob(48)) from n
  `.execute(t.db)
})
afterEach(async () => t.cleanup())

/**
 * Once the side connection is reading, issues reads one after another; says for each whether the
 * side read was still going and whether the work had finished when the read was answered.
 */
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
    expect(seen[0]).toEqual({ sideReading: true, finished: false })
    expect(await backup).toMatchObject({ ok: true, value: { integrity: 'ok' } })
    expect(readdirSync(t.ctx.backupDir!)).toHaveLength(1)
  })

  it('the integrity check runs while reads answer', async () => {
    const check = dispatch(registry, t.live, t.ctx, 'data.integrityCheck', undefined)
    const seen = await readsDuring(check)
    expect(seen[0]).toEqual({ sideReading: true, finished: false })
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
