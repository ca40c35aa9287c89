import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { registry } from '../registry'
import { dispatch } from '../registry/dispatch'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { storeDir } from '../database/attachment-store'
import { signAgreement } from '../partners/agreement-service'
import { getAgreement } from '../partners/agreement-reads'
import { createSubfund, postEntry } from '../fund/ledger-service'

/**
 * The one file store beside the data file, used by the partner ledger and the fund alike: one copy
 * per content, the files of before still reachable, 打开/另存 only after the hash is checked, and
 * backups that carry the files with them and bring them back on restore — against real files.
 */
let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(() => t.cleanup())

async function call<T = unknown>(channel: string, input: unknown): Promise<T> {
  const r = await dispatch(registry, t.live, t.ctx, channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.message}`)
  return r.value as T
}
async function refused(channel: string, input: unknown): Promise<string> {
  const r = await dispatch(registry, t.live, t.ctx, channel, input)
  expect(r.ok).toBe(false)
  return r.ok ? '' : r.message
}
const NOW = '2026-06-15T04:00:00Z'
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const b64 = (b: Buffer) => b.toString('base64')

/** A partner period and a fund entry to hang files on. */
async function records() {
  const partner = await call<{ id: number }>('partners.create', {
    kind: '个体工商户',
    name: '幸福里咖啡',
    creditCode: '91350100M000100Y43',
    contactName: '',
    contactPhone: '',
    address: '',
    note: '',
  })
  const a = await call<{ id: number }>('partners.createAgreement', {
    partnerId: partner.id,
    kind: '共建',
    title: '共建',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    communitySignatory: '王芳',
    partnerSignatory: '李会长',
  })
  const c = await call<{ id: number }>('partners.addCommitment', {
    agreementId: a.id,
    side: '合伙人承诺',
    kind: '每期次数',
    title: '志愿服务',
    periodUnit: '月',
    quantity: 2,
  })
  await signAgreement(t.live.db, a.id, '2025-12-20', NOW)
  const periodId = (await getAgreement(t.live.db, a.id, NOW)).commitments.find((x) => x.id === c.id)!.periods[0]!.id
  const subfund = (await createSubfund(t.live.db, { name: '综合', restriction: '非限定性', purpose: '' }, NOW)).id
  const entry = await postEntry(
    t.live.db,
    {
      subfundId: subfund,
      kind: '捐赠',
      entryDate: '2026-03-02',
      amount: 100_000,
      counterparty: '王建国',
      partyType: '个人',
      partyNamed: false,
      voucherNo: '',
      summary: '',
    },
    { now: NOW },
  )
  return { periodId, entryId: entry.id }
}

describe('one evidence store for every module', () => {
  it('keeps one copy per content beside the data file, whichever module keeps it, and hands it out checked', async () => {
    const { periodId, entryId } = await records()
    const scan = Buffer.from('签到表 2026年1月 —— 扫描件')
    const p = await call<{ id: number; sha256: string }>('partners.addEvidence', {
      periodId,
      kind: '签到表',
      fileName: '签到表.PDF',
      dataBase64: b64(scan),
    })
    const f = await call<{ id: number; sha256: string }>('fund.addEvidence', {
      entryId,
      fileName: '回单.pdf',
      contentBase64: b64(scan),
    })
    expect(p.sha256).toBe(sha(scan))
    expect(f.sha256).toBe(p.sha256)
    const store = storeDir(t.ctx.dataFile)
    expect(basename(store)).toBe('test-附件')
    expect(dirname(store)).toBe(dirname(t.ctx.dataFile))
    expect(readdirSync(store)).toEqual([`${sha(scan)}.pdf`])
    expect(existsSync(join(dirname(t.ctx.dataFile), '附件'))).toBe(false)

    // 另存 and 打开 (the test host writes into its export folder) give the same bytes, under the clerk's name.
    const saved = await call<{ path: string }>('partners.openEvidence', { id: p.id, how: 'save' })
    expect(basename(saved.path)).toBe('签到表.PDF')
    expect(readFileSync(saved.path)).toEqual(scan)
    const opened = await call<{ path: string }>('fund.openEvidence', { id: f.id, how: 'open' })
    expect(readFileSync(opened.path)).toEqual(scan)

    // A copy changed outside the app is reported in Chinese and not handed out; so is a missing one.
    writeFileSync(join(store, `${sha(scan)}.pdf`), '被改过的内容')
    expect(await refused('partners.openEvidence', { id: p.id, how: 'open' })).toBe(
      '文件「签到表.PDF」和保存时不一样了（校验码不符），可能在程序以外被改动或损坏，没有打开。请从备份恢复这个文件。',
    )
    expect(await refused('fund.openEvidence', { id: f.id, how: 'save' })).toContain('校验码不符')
    rmSync(join(store, `${sha(scan)}.pdf`))
    expect(await refused('fund.openEvidence', { id: f.id, how: 'open' })).toContain('找不到保存的文件「回单.pdf」')
  })

  it('still finds the files kept before the one store (合伙人 and 公益基金 folders)', async () => {
    const { periodId, entryId } = await records()
    const photo = Buffer.from('旧照片')
    const voucher = Buffer.from('旧回单')
    const oldPartner = join(storeDir(t.ctx.dataFile), '合伙人')
    const oldFund = join(dirname(t.ctx.dataFile), '附件', '公益基金')
    mkdirSync(oldPartner, { recursive: true })
    mkdirSync(oldFund, { recursive: true })
    writeFileSync(join(oldPartner, `${sha(photo)}.jpg`), photo)
    writeFileSync(join(oldFund, `${sha(voucher)}.png`), voucher)
    const pe = await t.live.db
      .insertInto('partner_evidence')
      .values({
        period_id: periodId,
        kind: '照片',
        file_name: '活动照片.jpg',
        stored_name: `${sha(photo)}.jpg`,
        sha256: sha(photo),
        size: photo.length,
        added_at: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const fe = await t.live.db
      .insertInto('fund_evidence')
      .values({
        entry_id: entryId,
        file_name: '回单.png',
        stored_path: `附件/公益基金/${sha(voucher)}.png`,
        sha256: sha(voucher),
        size: voucher.length,
        added_at: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    expect(
      readFileSync((await call<{ path: string }>('partners.openEvidence', { id: pe.id, how: 'open' })).path),
    ).toEqual(photo)
    expect(await call('fund.evidence', { id: fe.id })).toMatchObject({ contentBase64: b64(voucher), intact: true })

    // A backup carries them into its own store, in the one layout.
    const backup = await call<{ path: string; attachments: { files: number } }>('data.backup', undefined)
    expect(backup.attachments.files).toBe(2)
    expect(readdirSync(storeDir(backup.path)).sort()).toEqual([`${sha(photo)}.jpg`, `${sha(voucher)}.png`].sort())
  })
})

describe('backups carry the attachments', () => {
  it('copies the store beside the backup, and a restore brings back files lost or damaged since', async () => {
    const { periodId, entryId } = await records()
    const minutes = Buffer.from('纪要 2026年1月')
    const receipt = Buffer.from('银行回单 ¥1,000.00')
    const p = await call<{ id: number }>('partners.addEvidence', {
      periodId,
      kind: '纪要',
      fileName: '纪要.docx',
      dataBase64: b64(minutes),
    })
    const f = await call<{ id: number }>('fund.addEvidence', {
      entryId,
      fileName: '回单.jpg',
      contentBase64: b64(receipt),
    })
    const backup = await call<{ path: string; attachments: { folder: string; files: number; damaged: string[] } }>(
      'data.backup',
      undefined,
    )
    expect(backup.attachments).toEqual({ folder: storeDir(backup.path), files: 2, damaged: [] })
    expect(readFileSync(join(storeDir(backup.path), `${sha(minutes)}.docx`))).toEqual(minutes)
    expect(readFileSync(join(storeDir(backup.path), `${sha(receipt)}.jpg`))).toEqual(receipt)
    // The backup list shows backups only, not their attachment folders.
    const list = await call<{ backups: Array<{ path: string }> }>('data.backups', undefined)
    expect(list.backups.map((b) => b.path)).toEqual([backup.path])

    // Since then: one file lost, one changed outside the app.
    const store = storeDir(t.ctx.dataFile)
    rmSync(join(store, `${sha(minutes)}.docx`))
    writeFileSync(join(store, `${sha(receipt)}.jpg`), '被改过')
    const restored = await call<{ attachments: { files: number; damaged: string[] } }>('data.restore', {
      path: backup.path,
    })
    expect(restored.attachments).toEqual({ files: 2, damaged: [] })
    expect(
      readFileSync((await call<{ path: string }>('partners.openEvidence', { id: p.id, how: 'open' })).path),
    ).toEqual(minutes)
    expect(readFileSync((await call<{ path: string }>('fund.openEvidence', { id: f.id, how: 'save' })).path)).toEqual(
      receipt,
    )
  })

  it('names a damaged file in the result instead of copying it into the backup', async () => {
    const { entryId } = await records()
    const receipt = Buffer.from('回单')
    await call('fund.addEvidence', { entryId, fileName: '回单.png', contentBase64: b64(receipt) })
    writeFileSync(join(storeDir(t.ctx.dataFile), `${sha(receipt)}.png`), '坏了')
    const backup = await call<{ path: string; attachments: { files: number; damaged: string[] } }>(
      'data.backup',
      undefined,
    )
    expect(backup.attachments).toMatchObject({ files: 0, damaged: [`${sha(receipt)}.png`] })
    expect(existsSync(join(storeDir(backup.path), `${sha(receipt)}.png`))).toBe(false)
  })
})
