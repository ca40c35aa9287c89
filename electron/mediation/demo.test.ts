import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isIdNumber } from '../../shared/id-number'
import { demoContext } from '../demo/context'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { agreementGaps } from './agreement-service'
import { createCase } from './case-service'
import { dossier } from './dossier-service'

/** The casebook's demo part: lawful data the services accept, numbers that continue without a gap. */
let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(() => t.cleanup())

describe('mediation demo', () => {
  it('makes cases whose ID numbers, agreements and archived dossiers pass the services’ own checks', async () => {
    const today = '2026-06-20'
    const ctx = demoContext({ mediationCases: 400, mediationYears: 3, today }, () => undefined)
    const { mediationDemo } = await import('./demo')
    await mediationDemo(t.db, ctx)
    expect(ctx.summary.mediation.cases).toBe(400)

    const parties = await t.db
      .selectFrom('mediation_parties')
      .select('id_number')
      .where('id_number', '!=', '')
      .execute()
    expect(parties.length).toBeGreaterThan(0)
    for (const p of parties) expect(isIdNumber(p.id_number)).toBe(true)

    const states = await t.db
      .selectFrom('mediation_cases')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute()
    const seen = new Set(states.map((s) => s.status))
    for (const s of ['受理', '调解中', '履行中', '归档', '终止']) expect(seen.has(s as never)).toBe(true)

    // Every signed written agreement is complete; every archived case's dossier has its required documents.
    const signed = await t.db
      .selectFrom('mediation_agreements')
      .select('case_id')
      .where('form', '=', '书面')
      .where('signed_on', 'is not', null)
      .limit(40)
      .execute()
    for (const a of signed) expect(await agreementGaps(t.db, a.case_id)).toEqual([])
    const archived = await t.db
      .selectFrom('mediation_cases')
      .select('id')
      .where('status', '=', '归档')
      .limit(20)
      .execute()
    for (const c of archived) expect((await dossier(t.db, c.id, `${today}T02:00:00.000Z`)).missing).toEqual([])

    // A case typed in after the demo takes the next number of its year.
    const last = await t.db
      .selectFrom('mediation_cases')
      .select((eb) => eb.fn.max('seq').as('m'))
      .where('year', '=', 2026)
      .executeTakeFirstOrThrow()
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
    const made = await createCase(
      t.db,
      {
        source: '当事人申请',
        disputeType: '邻里',
        difficulty: '简单',
        title: '噪音',
        facts: '夜间噪音',
        acceptedOn: today,
        council: '',
        parties: [
          { ...person, side: '申请人', name: '甲' },
          { ...person, side: '被申请人', name: '乙' },
        ],
        topicId: null,
      },
      `${today}T02:00:00.000Z`,
    )
    expect(made.caseNo).toMatch(new RegExp(`第${Number(last.m) + 1}号$`))
  })
})
