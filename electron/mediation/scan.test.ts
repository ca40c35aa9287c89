import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { dispatch } from '../registry/dispatch'
import { registry } from '../registry'
import { createCase } from './case-service'
import { dossier } from './dossier-service'
import { addScan } from './scan-service'

/** A scan of a signed original attaches to its dossier document: the contents count its pages. */
let t: TempDb
const NOW = '2026-06-20T02:00:00.000Z'
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(() => t.cleanup())

describe('scans of signed originals', () => {
  it('fill the document they belong to, with their pages, and refuse what is not a scan', async () => {
    const person = {
      kind: '个人' as const,
      residentId: null,
      gender: '',
      ethnicity: '',
      birthDate: null,
      occupation: '',
      phone: '',
      address: '',
      idNumber: '',
      creditCode: '',
      legalRep: '',
      claim: '',
      safety: false,
    }
    const c = await createCase(
      t.db,
      {
        source: '当事人申请',
        disputeType: '邻里',
        difficulty: '简单',
        title: '漏水',
        facts: '漏水',
        acceptedOn: '2026-06-19',
        council: '',
        parties: [
          { ...person, side: '申请人', name: '甲' },
          { ...person, side: '被申请人', name: '乙' },
        ],
        topicId: null,
      },
      NOW,
    )
    const before = await dossier(t.db, c.id, NOW)
    expect(before.missing).toContain('当事人身份证明')
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64')
    await expect(
      addScan(
        t.db,
        t.ctx.dataFile,
        { caseId: c.id, document: 'identity', fileName: '身份证.exe', pages: 1, contentBase64: png },
        NOW,
      ),
    ).rejects.toThrow(/扫描件只能是/)
    const res = await dispatch(registry, t.db, t.ctx, 'mediation.addScan', {
      caseId: c.id,
      document: 'back',
      fileName: 'a.png',
      contentBase64: png,
    })
    expect(res).toMatchObject({ ok: false })
    expect(await t.db.selectFrom('mediation_scans').select('id').execute()).toEqual([])

    await addScan(
      t.db,
      t.ctx.dataFile,
      { caseId: c.id, document: 'identity', fileName: '身份证复印件.png', pages: 2, contentBase64: png },
      NOW,
    )
    const after = await dossier(t.db, c.id, NOW)
    expect(after.missing).not.toContain('当事人身份证明')
    expect(after.contents.find((e) => e.key === 'identity')).toMatchObject({ present: true, pages: 2, range: '4-5' })
    const row = await t.db.selectFrom('mediation_scans').selectAll().executeTakeFirstOrThrow()
    expect(existsSync(join(dirname(t.ctx.dataFile), ...row.stored_path.split('/')))).toBe(true)
  })
})
