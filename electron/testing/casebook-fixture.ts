import { afterEach, beforeEach } from 'vitest'
import { idCheckChar } from '../../shared/id-number'
import type { Role } from '../../shared/operators'
import { openTempDb, type TempDb } from './temp-db'
import { saveProfile } from '../community/community-service'
import { createResident } from '../people/roster-service'
import { createTopic } from '../topics/topic-service'
import { dispatch } from '../registry/dispatch'
import { registry } from '../registry'
import { Session } from '../registry/session'
import type { HostContext } from '../registry/define'
import { saveOperator } from '../settings/operators-service'
import {
  addSession,
  addStaff,
  caseFromTopic,
  declare,
  recordRightsNotice,
  type CaseInput,
  type PartyInput,
} from '../mediation/case-service'
import { caseDetail } from '../mediation/case-reads'

/**
 * What the casebook's service tests share: a fresh SQLite file per test with a community, the
 * resident 王秀英 and her dispute topic (the leaking pipe), a party's input, the case opened from the
 * topic and made ready to sign, and a caller signed in as a named operator.
 */
export let t: TempDb
export const NOW = '2026-06-20T02:00:00.000Z' // 2026-06-20 10:00 office time
export const ID_A = (() => {
  const f = '11010519600312002' // born 1960-03-12, woman (even sequence)
  return f + idCheckChar(f)
})()
export const ID_B = (() => {
  const f = '11010519550101001' // man
  return f + idCheckChar(f)
})()

export function person(over: Partial<PartyInput> = {}): PartyInput {
  return {
    side: '被申请人',
    kind: '个人',
    residentId: null,
    name: '李建国',
    gender: '',
    ethnicity: '汉族',
    birthDate: null,
    occupation: '退休',
    phone: '13912345678',
    address: '幸福路 8 号 3号楼2单元501室',
    idNumber: ID_B,
    creditCode: '',
    legalRep: '',
    claim: '',
    safety: false,
    ...over,
  }
}

/** A neighbours' noise case between 甲 (or `applicant`) and 乙, neither with an ID number. */
export function noiseCase(acceptedOn: string, applicant = '甲'): CaseInput {
  return {
    source: '当事人申请',
    disputeType: '邻里',
    difficulty: '简单',
    title: '噪音',
    facts: '夜间噪音',
    acceptedOn,
    council: '',
    parties: [person({ side: '申请人', name: applicant, idNumber: '' }), person({ name: '乙', idNumber: '' })],
    topicId: null,
  }
}

export let residentId: number
export let topicId: number

/** Registers the per-test database; `t`, `residentId` and `topicId` then hold the current test's. */
export function useCasebookDb(): void {
  beforeEach(async () => {
    t = await openTempDb()
    await saveProfile(t.db, { name: '幸福里社区', kind: '城市社区', address: '幸福路 88 号', phone: '' })
    residentId = (
      await createResident(t.db, {
        name: '王秀英',
        buildingId: null,
        unit: '',
        room: '401',
        phone: '13800001234',
        tags: [],
        note: '',
      })
    ).id
    const cat = await t.db
      .selectFrom('topic_categories')
      .select('id')
      .where('name', '=', '邻里纠纷')
      .executeTakeFirstOrThrow()
    topicId = (
      await createTopic(
        t.db,
        {
          receivedAt: '2026-06-01T09:00',
          channel: '走访',
          residentId,
          gridId: null,
          buildingId: null,
          categoryId: cat.id,
          urgency: '一般',
          description: '楼上卫生间水管漏水，渗到我家天花板，找楼上几次都不管',
          duplicateOfId: null,
        },
        NOW,
      )
    ).id
  })
  afterEach(() => t.cleanup())
}

export async function count(
  table: 'mediation_cases' | 'mediation_parties' | 'mediation_sessions' | 'mediation_clauses',
) {
  const r = await t.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** The leaking-pipe case up to a signed, complete agreement. */
export async function pipeCase() {
  const c = await caseFromTopic(t.db, { topicId, respondent: person(), difficulty: '简单' }, NOW)
  return c
}

/** The leaking-pipe case with its mediators declared, rights told and one session held. */
export async function readyPipe() {
  const c = await pipeCase()
  const m = await addStaff(t.db, c.id, { role: '人民调解员', name: '王德明', presiding: true }, NOW)
  await declare(t.db, { staffId: m.id, tie: '', objection: '' }, NOW)
  await addStaff(t.db, c.id, { role: '记录人', name: '刘晓燕', presiding: false }, NOW)
  await recordRightsNotice(t.db, c.id, '2026-06-20', NOW)
  await addSession(
    t.db,
    {
      caseId: c.id,
      kind: '调解记录',
      heldAt: '2026-06-20T09:00',
      place: '社区调解室',
      attendees: '王德明',
      applicantSays: '漏水',
      respondentSays: '愿意修',
      riskWarning: '告知诉讼成本',
      result: '达成协议',
    },
    NOW,
  )
  const d = await caseDetail(t.db, c.id, NOW)
  return {
    c,
    d,
    a: d.parties.find((p) => p.side === '申请人')!.id,
    b: d.parties.find((p) => p.side === '被申请人')!.id,
  }
}

/** A caller signed in as a named operator (as a transport holds a session). */
export async function as(name: string, roles: Role[]) {
  const op = await saveOperator(t.db, null, { name, roles, pin: null })
  const session = new Session()
  session.signIn({ id: op.id, name, roles, unnamed: false, hasPin: false }, 0)
  const ctx: HostContext = Object.create(t.ctx, { session: { value: session } })
  return (channel: string, input?: unknown) => dispatch(registry, t.live, ctx, channel, input)
}
