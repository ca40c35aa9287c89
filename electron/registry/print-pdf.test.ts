import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { dispatch } from './dispatch'
import { registry } from '.'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(() => t.cleanup())

describe('print.savePdf (保存为电子文件)', () => {
  it('says "not here" where the host cannot make a PDF, so the page opens the print dialog', async () => {
    const r = await dispatch(registry, t.db, t.ctx, 'print.savePdf', { fileName: '会议通知-三月例会' })
    expect(r).toEqual({ ok: true, value: { supported: false, path: null } })
  })

  it('hands a safe file name to the host, and writes where the paper went to the audit log', async () => {
    const asked: string[] = []
    const ctx = { ...t.ctx, savePdf: async (name: string) => (asked.push(name), `/文档/${name}`) }
    const r = await dispatch(registry, t.db, ctx, 'print.savePdf', { fileName: '督办单/〔2026〕议字第3号' })
    expect(asked).toEqual(['督办单_〔2026〕议字第3号.pdf'])
    expect(r).toEqual({ ok: true, value: { supported: true, path: '/文档/督办单_〔2026〕议字第3号.pdf' } })
    const log = await t.db.selectFrom('audit_log').selectAll().where('action', '=', '导出').execute()
    expect(log.map((l) => l.entity)).toEqual(['打印文件'])
  })

  it('writes nothing when the clerk cancels the save dialog', async () => {
    const ctx = { ...t.ctx, savePdf: async () => null }
    const r = await dispatch(registry, t.db, ctx, 'print.savePdf', { fileName: '纪要' })
    expect(r).toEqual({ ok: true, value: { supported: true, path: null } })
    expect(await t.db.selectFrom('audit_log').selectAll().where('action', '=', '导出').execute()).toEqual([])
  })
})
