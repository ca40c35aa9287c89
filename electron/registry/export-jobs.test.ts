import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as XLSX from 'xlsx'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { seedCommunity } from '../testing/test-seed'
import { runExport, waitForExport } from '../testing/export-file'
import { TOPIC_CHANNELS } from '../../shared/followup-values'
import type { Db } from '../database/open-database'
import { dispatch } from './dispatch'
import { registry } from '.'
import { exportJobs, type ExportStatus } from './export-jobs'

/**
 * Export jobs end to end: the registry call asks where to save and starts a worker thread (its
 * own read-only connection), the window polls export.status, export.cancel stops it. What must
 * hold whatever happens: a file appears only complete, under its name; a cancelled or failed job
 * leaves nothing in the folder; the audit log names exactly the files that were saved.
 */
let t: TempDb

beforeEach(async () => {
  t = await openTempDb()
  await seedCommunity(t.db)
})
afterEach(async () => {
  await t.cleanup()
})

const exportDir = () => join(t.dir, 'exports')
const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir) : [])
const exportAudits = () => t.db.selectFrom('audit_log').selectAll().where('action', '=', '导出').execute()

/** Enough topics that the register takes the worker a while (volume only: plain inserts in one transaction). */
async function manyTopics(db: Db, n: number) {
  const category = await db.selectFrom('topic_categories').select('id').executeTakeFirstOrThrow()
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < n; start += 500) {
      const values = Array.from({ length: Math.min(500, n - start) }, (_, k) => {
        const i = start + k
        const day = `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`
        return {
          year: 2026,
          seq: i + 100,
          received_at: `${day}T02:00:00.000Z`,
          received_on: day,
          channel: TOPIC_CHANNELS[i % TOPIC_CHANNELS.length]!,
          resident_id: null,
          grid_id: null,
          building_id: null,
          category_id: category.id,
          urgency: '一般',
          description: `第${i + 1}件：楼道堆放杂物很久没人清理，影响通行，希望尽快处理`,
          status: '征集中' as const,
          created_at: '2026-11-21T02:00:00.000Z',
          updated_at: '2026-11-21T02:00:00.000Z',
        }
      })
      await trx.insertInto('topics').values(values).execute()
    }
  })
}

async function start(channel: string, input: unknown): Promise<ExportStatus> {
  const r = await dispatch(registry, t.db, t.ctx, channel, input)
  if (!r.ok) throw new Error(r.message)
  return r.value as ExportStatus
}

describe('export jobs', () => {
  it('starts waiting or running, counts rows, and ends with the file under its name and one audit entry', async () => {
    const started = await start('export.meetingsXlsx', { from: '2026-01-01', to: '2026-12-31' })
    expect(started).toMatchObject({
      what: '议事会台账',
      fileName: '议事会台账-2026-01-01至2026-12-31.xlsx',
      path: null,
    })
    expect(['waiting', 'running']).toContain(started.state)
    const end = await waitForExport(t.ctx, started.job)
    expect(end).toMatchObject({ state: 'done', count: 4, message: null })
    // 4 meetings + 6 attendance rows + 2 votes.
    expect(end.total).toBe(12)
    expect(end.done).toBe(12)
    expect(filesIn(exportDir())).toEqual(['议事会台账-2026-01-01至2026-12-31.xlsx'])
    expect(XLSX.read(readFileSync(end.path!)).SheetNames).toEqual(['会议台账', '出席明细', '表决记录'])
    const log = await exportAudits()
    expect(log).toHaveLength(1)
    expect(JSON.parse(log[0]!.detail)).toMatchObject({ count: 4, path: end.path })
    // The window polls the same status through the registry.
    expect(await dispatch(registry, t.db, t.ctx, 'export.status', { job: started.job })).toEqual({
      ok: true,
      value: end,
    })
  })

  it('取消 mid-way: the job stops, no file and no unfinished temp file is left, nothing is audited', async () => {
    await manyTopics(t.db, 20_000)
    const started = await start('export.topicsXlsx', { from: '2026-01-01', to: '2026-12-31' })
    // Wait until the worker is writing rows: progress is visible while it runs.
    let seen: ExportStatus = started
    while (seen.state !== 'running' || seen.done === 0) {
      expect(['waiting', 'running']).toContain(seen.state)
      await new Promise((r) => setTimeout(r, 10))
      seen = exportJobs(t.live).status(started.job)
    }
    expect(seen.total).toBe(20_000)
    expect(seen.done).toBeLessThan(20_000)
    const r = await dispatch(registry, t.db, t.ctx, 'export.cancel', { job: started.job })
    expect(r).toMatchObject({ ok: true, value: { state: 'cancelled', path: null } })
    expect(filesIn(exportDir())).toEqual([])
    expect(await exportAudits()).toEqual([])
  })

  it('a folder that is gone fails in Chinese, leaving nothing and auditing nothing', async () => {
    const gone = join(t.dir, '拔出的U盘', '议事会台账.xlsx')
    const ctx = { ...t.ctx, pickSaveTarget: async () => gone }
    const r = await runExport(t.db, ctx, 'export.meetingsXlsx', { from: '2026-01-01', to: '2026-12-31' })
    expect(r).toMatchObject({ ok: true, value: { state: 'failed', path: null } })
    const message = (r.ok && r.value?.message) || ''
    expect(message).toBe('导出没有完成：保存文件的文件夹找不到了（U盘可能已经拔出）。请插好U盘或换一个位置后重新导出。')
    expect(existsSync(join(t.dir, '拔出的U盘'))).toBe(false)
    expect(await exportAudits()).toEqual([])
  })

  it('refuses before the save dialog what it cannot export, and a closed dialog starts no job', async () => {
    let asked = 0
    const ctx = {
      ...t.ctx,
      pickSaveTarget: async () => {
        asked++
        return null
      },
    }
    expect(await runExport(t.db, ctx, 'export.meetingsIcs', { from: '2030-01-01', to: '2030-12-31' })).toMatchObject({
      ok: false,
      code: 'NOTHING_TO_EXPORT',
      message: '2030年1月1日至2030年12月31日没有会议，没有可导出的日程。',
    })
    expect(await runExport(t.db, ctx, 'export.meetingXlsx', { meetingId: 99999 })).toMatchObject({ ok: false })
    expect(asked).toBe(0)
    expect(await runExport(t.db, ctx, 'export.meetingsXlsx', { from: '2026-01-01', to: '2026-12-31' })).toEqual({
      ok: true,
      value: null,
    })
    expect(asked).toBe(1)
    expect(await dispatch(registry, t.db, t.ctx, 'export.status', { job: 987654 })).toMatchObject({
      ok: false,
      message: '找不到这次导出（可能程序已经重新打开过）。请重新导出。',
    })
  })

  it('closing the data file (or restoring a backup) first stops the exports reading it', async () => {
    await manyTopics(t.db, 20_000)
    const started = await start('export.topicsXlsx', { from: '2026-01-01', to: '2026-12-31' })
    while (exportJobs(t.live).status(started.job).done === 0) await new Promise((r) => setTimeout(r, 10))
    await t.live.close()
    expect(exportJobs(t.live).status(started.job)).toMatchObject({ state: 'cancelled' })
    expect(filesIn(exportDir())).toEqual([])
  })

  it('a restore (the file swapped under the app) first stops the exports; exports work again after it', async () => {
    await manyTopics(t.db, 20_000)
    const started = await start('export.topicsXlsx', { from: '2026-01-01', to: '2026-12-31' })
    while (exportJobs(t.live).status(started.job).done === 0) await new Promise((r) => setTimeout(r, 10))
    // What restoreBackup does, with the file left as it was: close, change the file, open again.
    await t.live.exclusive(() =>
      t.live.replaceFile(
        async () => undefined,
        async () => undefined,
      ),
    )
    expect(exportJobs(t.live).status(started.job)).toMatchObject({ state: 'cancelled' })
    expect(filesIn(exportDir())).toEqual([])
    const again = await runExport(t.live.db, t.ctx, 'export.meetingsIcs', { from: '2026-01-01', to: '2026-12-31' })
    expect(again).toMatchObject({ ok: true, value: { state: 'done', count: 4 } })
  })

  it('a restore that begins as an export finishes does not wait for it forever: the finished file is kept and audited', async () => {
    const started = await start('export.meetingsXlsx', { from: '2026-01-01', to: '2026-12-31' })
    // The restore holds the app's connection alone while the worker finishes: the job's audit entry
    // must wait for the restore, and the restore must not wait for the job.
    await t.live.exclusive(async () => {
      for (;;) {
        const s = exportJobs(t.live).status(started.job)
        if (s.total && s.done === s.total) break
        await new Promise((r) => setTimeout(r, 10))
      }
      await new Promise((r) => setTimeout(r, 200))
      await t.live.replaceFile(
        async () => undefined,
        async () => undefined,
      )
    })
    const end = await waitForExport(t.ctx, started.job)
    expect(end).toMatchObject({ state: 'done', count: 4 })
    expect(filesIn(exportDir())).toEqual(['议事会台账-2026-01-01至2026-12-31.xlsx'])
    expect(await t.live.db.selectFrom('audit_log').select('entity').where('action', '=', '导出').execute()).toEqual([
      { entity: '议事会台账' },
    ])
  })

  it('runs two at a time; a third waits its turn and can be cancelled while waiting', async () => {
    const range = { from: '2026-01-01', to: '2026-12-31' }
    const jobs = [
      await start('export.meetingsIcs', range),
      await start('export.meetingsXlsx', range),
      await start('export.topicsXlsx', range),
    ]
    expect(jobs[2]!.state).toBe('waiting')
    expect(await exportJobs(t.live).cancel(jobs[2]!.job)).toMatchObject({ state: 'cancelled' })
    const ends = await Promise.all(jobs.slice(0, 2).map((j) => waitForExport(t.ctx, j.job)))
    expect(ends.map((e) => e.state)).toEqual(['done', 'done'])
    expect(filesIn(exportDir()).sort()).toEqual([
      '议事会台账-2026-01-01至2026-12-31.xlsx',
      '议事会日程-2026-01-01至2026-12-31.ics',
    ])
  })
})
