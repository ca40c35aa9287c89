import type { ExpressionBuilder } from 'kysely'
import { notFound } from '../../shared/app-error'
import { maskAddress } from '../../shared/address'
import { maskIdNumber } from '../../shared/id-number'
import { caseClock, confirmDeadline, type CaseState, type DisputeType } from '../../shared/mediation-values'
import { maskPhone } from '../../shared/phone'
import { nowIso, officeDate } from '../../shared/time'
import { audit } from '../database/audit'
import type { Db } from '../database/open-database'
import type { Database } from '../database/schema'
import { riskyWordHints } from '../../shared/mediation-values'
import { agreementText, gapsOf } from './agreement-service'
import { readinessOf } from './case-service'
import type { HostContext } from '../registry/define'
import { assertMayOpenCase, casesOf, isOwnMediator, OFFICE_VIEWER, viewerOf, type Viewer } from './case-access'
import { prepared } from '../database/prepared'
import { likePattern, likes } from '../database/text-search'

/**
 * Reading the casebook. Every party's ID number, phone and address leaves the main process masked
 * (ID 3 + 4, phone 3 + 4, address cut at the building); the address of a party under 人身安全
 * protection shows only to the case's own mediators (case-access.ts), never on a print. A full value is shown only through `reveal.show`
 * (partyValue), which needs a reason and writes the audit log. Opening a case is logged (`openCase`).
 */

export const SAFETY_HIDDEN = '（人身安全保护，不显示）'

type PartyRow = {
  id: number
  side: string
  kind: string
  name: string
  gender: string
  ethnicity: string
  birth_date: string | null
  occupation: string
  phone: string
  address: string
  id_number: string
  credit_code: string
  legal_rep: string
  claim: string
  safety: number
  agent_for: number | null
  attorney_scope: string
  resident_id: number | null
}

/** A party as every screen, print and export other than the 归档 profile shows it. */
export function maskedParty(p: PartyRow, showProtected = false) {
  return {
    id: p.id,
    side: p.side,
    kind: p.kind,
    name: p.name,
    gender: p.gender,
    ethnicity: p.ethnicity,
    birthDate: p.birth_date,
    occupation: p.occupation,
    phone: p.phone ? maskPhone(p.phone) : '',
    address: p.safety && !showProtected ? SAFETY_HIDDEN : p.address ? maskAddress(p.address) : '',
    idNumber: p.id_number ? maskIdNumber(p.id_number) : '',
    creditCode: p.credit_code,
    legalRep: p.legal_rep,
    claim: p.claim,
    safety: p.safety === 1,
    agentFor: p.agent_for,
    attorneyScope: p.attorney_scope,
    residentId: p.resident_id,
  }
}
export type MaskedParty = ReturnType<typeof maskedParty>

export const ATTENTION = { alerts: '激化苗头未化解', visits: '回访到期', clauses: '协议逾期未履行' } as const
export type Attention = keyof typeof ATTENTION

/** The cases needing attention on `today`: the same condition for the home page's count and the list. */
/** Where a query starts: the connection, or the home page's expression builder (a scalar count of its one statement). */
type From = Pick<ExpressionBuilder<Database, never>, 'selectFrom'>

export function attentionFilter(db: From, attention: Attention, today: string) {
  if (attention === 'alerts') {
    return db.selectFrom('mediation_alerts').select('case_id').where('resolved_on', 'is', null)
  }
  if (attention === 'visits') {
    return db
      .selectFrom('mediation_visits')
      .select('case_id')
      .where('done_on', 'is', null)
      .where('planned_on', '<=', today)
  }
  return db
    .selectFrom('mediation_clauses as cl')
    .innerJoin('mediation_agreements as a', 'a.id', 'cl.agreement_id')
    .select('a.case_id')
    .where('a.signed_on', 'is not', null)
    .where('cl.performed_on', 'is', null)
    .where('cl.due_on', '<', today)
}

export interface CaseQuery {
  year: number | null
  status: CaseState | '进行中' | null
  disputeType: DisputeType | null
  /** A party's name (or part of it), or the case number. */
  search: string
  /** The home page's tiles: cases with an open 激化苗头, a visit due, or a clause overdue. */
  attention?: Attention | null
  limit: number
  offset: number
}

/** A case filter as its statements take it (prepared.ts): 进行中 is a choice, not a status. */
type CaseValues = {
  /** An elder's name: only the cases they take part in. */
  elder: string | null
  attention: Attention | null
  /** The office's today, for the attention filters. */
  today: string | null
  year: number | null
  active: boolean
  status: CaseState | null
  disputeType: DisputeType | null
  /** The search's LIKE pattern (a party's name or the case number), or '' for none. */
  pattern: string
}

function caseFilter(db: Db, v: CaseValues) {
  let base = db.selectFrom('mediation_cases as c')
  // An elder's list (and search) holds only the cases they take part in.
  if (v.elder !== null) base = base.where('c.id', 'in', casesOf(db, v.elder))
  if (v.attention) base = base.where('c.id', 'in', attentionFilter(db, v.attention, v.today!))
  if (v.year !== null) base = base.where('c.year', '=', v.year)
  if (v.active) base = base.where('c.status', 'in', ['受理', '调解中', '达成协议', '履行中'])
  else if (v.status !== null) base = base.where('c.status', '=', v.status)
  if (v.disputeType !== null) base = base.where('c.dispute_type', '=', v.disputeType)
  if (v.pattern) {
    const p = v.pattern
    base = base.where((eb) =>
      eb.or([
        likes('c.case_no', p),
        eb('c.id', 'in', eb.selectFrom('mediation_parties as sp').select('sp.case_id').where(likes('sp.name', p))),
      ]),
    )
  }
  return base
}

// Compiled once per filter combination (a search is a value: its LIKE pattern); a home tile's
// attention filter (which subquery it is) is built per call.
const CASE_PER_CALL = { perCall: ['attention'] } as const
const casePage = prepared(
  (db, v: CaseValues & { limit: number; offset: number }) =>
    caseFilter(db, v)
      .select([
        'c.id',
        'c.case_no as caseNo',
        'c.title',
        'c.dispute_type as disputeType',
        'c.difficulty',
        'c.source',
        'c.status',
        'c.accepted_on as acceptedOn',
        'c.extended_until as extendedUntil',
      ])
      .select((eb) =>
        eb
          .selectFrom('mediation_alerts as al')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('al.case_id', '=', 'c.id')
          .where('al.resolved_on', 'is', null)
          .as('openAlerts'),
      )
      .orderBy('c.accepted_on', 'desc')
      .orderBy('c.id', 'desc')
      .limit(v.limit)
      .offset(v.offset),
  CASE_PER_CALL,
)
const caseCount = prepared(
  (db, v: CaseValues) => caseFilter(db, v).select((eb) => eb.fn.countAll<number>().as('n')),
  CASE_PER_CALL,
)
const namedParties = prepared((db, v: { ids: readonly number[] }) =>
  db
    .selectFrom('mediation_parties')
    .select(['case_id', 'side', 'name'])
    .where('case_id', 'in', v.ids)
    .where('side', 'in', ['申请人', '被申请人'])
    .orderBy('id'),
)

/** The case list: filtered, paged, searched by a party's name or the number, newest first. */
export async function listCases(db: Db, q: CaseQuery, now = nowIso(), viewer: Viewer = OFFICE_VIEWER) {
  const today = officeDate(now)
  const values: CaseValues = {
    elder: viewer.elderOnly ? (viewer.name ?? '') : null,
    attention: q.attention || null,
    today: q.attention ? today : null,
    year: q.year,
    active: q.status === '进行中',
    status: q.status === '进行中' ? null : q.status,
    disputeType: q.disputeType,
    pattern: q.search.trim() ? likePattern(q.search.trim()) : '',
  }
  const [rows, [total]] = await Promise.all([
    casePage(db, { ...values, limit: q.limit, offset: q.offset }),
    caseCount(db, values),
  ])
  const ids = rows.map((r) => r.id)
  const parties = ids.length ? await namedParties(db, { ids }) : []
  return {
    total: Number(total!.n),
    rows: rows.map((r) => ({
      ...r,
      openAlerts: Number(r.openAlerts ?? 0),
      applicants: parties.filter((p) => p.case_id === r.id && p.side === '申请人').map((p) => p.name),
      respondents: parties.filter((p) => p.case_id === r.id && p.side === '被申请人').map((p) => p.name),
      clock: caseClock(r.status, r.acceptedOn, r.extendedUntil, today),
    })),
  }
}

type ById = { id: number }
// One case's page: each statement compiled once (prepared.ts).
const caseRecord = {
  case: prepared((db, v: ById) => db.selectFrom('mediation_cases').selectAll().where('id', '=', v.id)),
  parties: prepared((db, v: ById) =>
    db.selectFrom('mediation_parties').selectAll().where('case_id', '=', v.id).orderBy('id'),
  ),
  staff: prepared((db, v: ById) =>
    db.selectFrom('mediation_staff').selectAll().where('case_id', '=', v.id).orderBy('id'),
  ),
  sessions: prepared((db, v: ById) =>
    db.selectFrom('mediation_sessions').selectAll().where('case_id', '=', v.id).orderBy('held_at').orderBy('id'),
  ),
  agreement: prepared((db, v: ById) => db.selectFrom('mediation_agreements').selectAll().where('case_id', '=', v.id)),
  visits: prepared((db, v: ById) =>
    db.selectFrom('mediation_visits').selectAll().where('case_id', '=', v.id).orderBy('planned_on').orderBy('id'),
  ),
  alerts: prepared((db, v: ById) =>
    db.selectFrom('mediation_alerts').selectAll().where('case_id', '=', v.id).orderBy('found_on'),
  ),
  scans: prepared((db, v: ById) =>
    db
      .selectFrom('mediation_scans')
      .select(['id', 'document', 'file_name as fileName', 'pages'])
      .where('case_id', '=', v.id),
  ),
  // The clauses by case (one indexed join), read with the rest instead of after the agreement.
  clauses: prepared((db, v: ById) =>
    db
      .selectFrom('mediation_clauses as cl')
      .innerJoin('mediation_agreements as a', 'a.id', 'cl.agreement_id')
      .selectAll('cl')
      .where('a.case_id', '=', v.id)
      .orderBy('cl.position'),
  ),
}

/**
 * One case's page, every personal value masked. Pure read: `openCase` is the logged way in. A
 * protected (人身安全) address shows, masked, only when the viewer is one of the case's mediators.
 */
export async function caseDetail(db: Db, id: number, now = nowIso(), viewer: Viewer = OFFICE_VIEWER) {
  const [c] = await caseRecord.case(db, { id })
  if (!c) throw notFound('调解案件')
  const [parties, staff, sessions, [agreement], visits, alerts, scans, clauses] = await Promise.all([
    caseRecord.parties(db, { id }),
    caseRecord.staff(db, { id }),
    caseRecord.sessions(db, { id }),
    caseRecord.agreement(db, { id }),
    caseRecord.visits(db, { id }),
    caseRecord.alerts(db, { id }),
    caseRecord.scans(db, { id }),
    caseRecord.clauses(db, { id }),
  ])
  const today = officeDate(now)
  const own = isOwnMediator(viewer, staff)
  const masked = parties.map((p) => maskedParty(p, own))
  const nameOf = (pid: number | null) => masked.find((p) => p.id === pid)?.name ?? ''
  return {
    id: c.id,
    caseNo: c.case_no,
    title: c.title,
    source: c.source,
    disputeType: c.dispute_type,
    difficulty: c.difficulty,
    facts: c.facts,
    committee: c.committee,
    council: c.council,
    acceptedOn: c.accepted_on,
    status: c.status,
    endReason: c.end_reason,
    routesTold: c.routes_told === 1,
    rightsNotifiedOn: c.rights_notified_on,
    extendedUntil: c.extended_until,
    extensionConsent: c.extension_consent
      ? (JSON.parse(c.extension_consent) as { applicant: string; respondent: string })
      : null,
    endedOn: c.ended_on,
    archivedOn: c.archived_on,
    archivedBy: c.archived_by,
    retention: c.retention,
    explanation: c.explanation,
    topicId: c.topic_id,
    clock: caseClock(c.status, c.accepted_on, c.extended_until, today),
    parties: masked,
    staff: staff.map((s) => ({
      id: s.id,
      role: s.role,
      name: s.name,
      presiding: s.presiding === 1,
      declared: s.declared_tie !== null,
      tie: s.declared_tie ?? '',
      objection: s.objection,
      recused: s.recused_at !== null,
      recusalReason: s.recusal_reason,
    })),
    readiness: readinessOf(staff),
    sessions: sessions.map((s) => ({
      id: s.id,
      kind: s.kind,
      heldAt: s.held_at,
      place: s.place,
      attendees: s.attendees,
      applicantSays: s.applicant_says,
      respondentSays: s.respondent_says,
      riskWarning: s.risk_warning,
      result: s.result,
      readBack: s.read_back_at !== null,
    })),
    agreement: agreement
      ? {
          id: agreement.id,
          form: agreement.form,
          facts: agreement.facts,
          issues: agreement.issues,
          responsibility: agreement.responsibility,
          signedOn: agreement.signed_on,
          effectiveOn: agreement.effective_on,
          confirmDeadline: agreement.effective_on ? confirmDeadline(agreement.effective_on) : null,
          confirmDaysLeft:
            agreement.effective_on && agreement.form === '书面' && !agreement.confirm_applied_on
              ? Math.max(0, daysFrom(today, confirmDeadline(agreement.effective_on)))
              : null,
          confirmAppliedOn: agreement.confirm_applied_on,
          confirmCourt: agreement.confirm_court,
          confirmResult: agreement.confirm_result,
          copies: masked.filter((p) => p.side !== '委托代理人').length + 1,
          amountTotal: clauses.reduce((s, cl) => s + cl.amount, 0),
          gaps: gapsOf(parties, agreement, clauses),
          hints: riskyWordHints(agreementText(agreement, clauses)),
          clauses: clauses.map((cl) => ({
            id: cl.id,
            position: cl.position,
            obligorId: cl.obligor_id,
            obligor: nameOf(cl.obligor_id),
            obligeeId: cl.obligee_id,
            obligee: nameOf(cl.obligee_id),
            content: cl.content,
            amount: cl.amount,
            manner: cl.manner,
            place: cl.place,
            dueOn: cl.due_on,
            performedOn: cl.performed_on,
            proof: cl.proof,
            overdue:
              cl.performed_on === null && cl.due_on !== null && cl.due_on < today && agreement.signed_on !== null,
          })),
        }
      : null,
    visits: visits.map((v) => ({
      id: v.id,
      plannedOn: v.planned_on,
      reason: v.reason,
      doneOn: v.done_on,
      visitor: v.visitor,
      party: nameOf(v.party_id),
      performance: v.performance,
      satisfaction: v.satisfaction,
      lawsuit: v.lawsuit,
      escalationSigns: v.escalation_signs,
      measures: v.measures,
    })),
    alerts: alerts.map((a) => ({
      id: a.id,
      foundOn: a.found_on,
      signs: a.signs,
      measures: a.measures,
      people: a.people,
      resolvedOn: a.resolved_on,
      resolution: a.resolution,
    })),
    scans,
  }
}
export type CaseDetail = Awaited<ReturnType<typeof caseDetail>>

function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** Opening a case's page: checked (an elder's own cases only), logged (who saw a party's data, PIPL), then the masked page. */
export async function openCase(db: Db, id: number, now = nowIso(), viewer: Viewer = OFFICE_VIEWER) {
  await assertMayOpenCase(db, viewer, id)
  const detail = await caseDetail(db, id, now, viewer)
  await audit(db, '查看', 'mediation_case', id, { caseNo: detail.caseNo })
  return detail
}

export const REVEAL_FIELDS = { idNumber: '身份证号', phone: '电话', address: '住址' } as const
export type RevealField = keyof typeof REVEAL_FIELDS

/**
 * A party's full value for `reveal.show` (the one mechanism: reason required, audited with the
 * operator): checked like opening the party's case. An empty value says so in words.
 */
export function partyValue(field: RevealField) {
  return async (db: Db, partyId: number, ctx: Pick<HostContext, 'session'>): Promise<string> => {
    const p = await db.selectFrom('mediation_parties').selectAll().where('id', '=', partyId).executeTakeFirst()
    if (!p) throw notFound('当事人')
    await assertMayOpenCase(db, viewerOf(ctx), p.case_id)
    const value = field === 'idNumber' ? p.id_number : field === 'phone' ? p.phone : p.address
    return value || '（没有登记）'
  }
}
