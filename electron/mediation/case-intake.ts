import { AppError, notFound } from '../../shared/app-error'
import { committeeName } from '../../shared/committee'
import { isValidCreditCode, normalizeCreditCode } from '../../shared/credit-code'
import { idGender, idNumberConflicts, idNumberProblem, parseIdNumber } from '../../shared/id-number'
import {
  caseNumber,
  disputeTypeOf,
  isDisputeCategory,
  type CaseSource,
  type Difficulty,
  type DisputeType,
  type PartyKind,
  type PartySide,
} from '../../shared/mediation-values'
import { nowIso, officeDate } from '../../shared/time'
import { audit } from '../database/audit'
import { nextNumber } from '../database/numbering'
import type { Db } from '../database/open-database'
import { inTransaction } from '../database/unit-of-work'
import { householdLabel } from '../people'
import { topicForMediation } from '../topics'
import { liveCase, refuseIfClosed } from './case-state'

/**
 * 受理: a case, its number and its parties — from the intake form or from a resident's topic of a
 * dispute category — and the parties and agents added later. Every party's details are checked
 * here (ID number, credit code, the resident it is), with a Chinese message naming the party.
 *
 * The case number 〔2026〕X人调字第N号 is drawn from the per-year counter in the transaction that
 * inserts the case, so it is gap-free and never reused.
 */

export interface PartyInput {
  side: PartySide
  kind: PartyKind
  /** A resident of the roster: name, phone and household are taken from it when left empty. */
  residentId: number | null
  name: string
  gender: string
  ethnicity: string
  /** 'YYYY-MM-DD' or null; taken from the ID number when there is one. */
  birthDate: string | null
  occupation: string
  phone: string
  address: string
  idNumber: string
  creditCode: string
  legalRep: string
  /** What this party asks for (申请事项). */
  claim: string
  /** 人身安全: the address is hidden from everyone but the case's mediators. */
  safety: boolean
}

export interface AgentInput extends Omit<PartyInput, 'side' | 'claim' | 'safety'> {
  /** The party the agent acts for. */
  agentFor: number
  /** 代理权限 as written on the power of attorney. */
  attorneyScope: string
}

export interface CaseInput {
  source: CaseSource
  disputeType: DisputeType
  difficulty: Difficulty
  title: string
  facts: string
  /** Office-local 'YYYY-MM-DD'; null = today. */
  acceptedOn: string | null
  council: string
  parties: PartyInput[]
  topicId: number | null
}

const PROFILE_ENDINGS = ['社区居民委员会', '居民委员会', '村民委员会', '居委会', '村委会', '社区', '村']

/** The 字号 in 〔2026〕幸福里人调字第N号: the community's name without its committee or 社区/村 ending. */
async function committeeOf(db: Db): Promise<{ committee: string; prefix: string }> {
  const p = await db.selectFrom('community').select(['name', 'kind']).where('id', '=', 1).executeTakeFirst()
  let prefix = (p?.name ?? '').trim()
  for (const e of PROFILE_ENDINGS) {
    if (prefix.endsWith(e) && prefix.length > e.length) {
      prefix = prefix.slice(0, -e.length)
      break
    }
  }
  return { committee: `${committeeName(p)}人民调解委员会`, prefix: prefix || '社区' }
}

/** Checks a party's details and gives the row to store (Chinese message naming the party on error). */
async function partyRow(db: Db, p: PartyInput | AgentInput, who: string, today: string) {
  let name = p.name.trim()
  let phone = p.phone.trim()
  let address = p.address.trim()
  if (p.residentId !== null) {
    const r = await db
      .selectFrom('residents as r')
      .leftJoin('buildings as b', 'b.id', 'r.building_id')
      .select(['r.name', 'r.phone', 'r.unit', 'r.room', 'b.name as buildingName'])
      .where('r.id', '=', p.residentId)
      .where('r.deleted_at', 'is', null)
      .executeTakeFirst()
    if (!r) throw notFound('居民')
    name ||= r.name
    phone ||= r.phone
    address ||= householdLabel(r)
  }
  if (!name) throw new AppError('VALIDATION', `请填写${who}的${p.kind === '单位' ? '名称' : '姓名'}`)
  let birthDate = p.birthDate
  let gender = p.gender
  let idNumber = ''
  let creditCode = ''
  if (p.kind === '个人') {
    if (p.idNumber.trim()) {
      // The roster's rule and words (shared/id-number.ts), naming the party: a form has several.
      const parsed = parseIdNumber(p.idNumber, today)
      if (!parsed) throw new AppError('VALIDATION', `${who}“${name}”：${idNumberProblem(p.idNumber, today)}`)
      const conflicts = idNumberConflicts(parsed, { gender, birthDate })
      if (conflicts.length) throw new AppError('VALIDATION', `${who}“${name}”：${conflicts.join('；')}`)
      idNumber = parsed.number
      gender = idGender(parsed)
      birthDate = parsed.birthDate
    }
    if (birthDate && birthDate > today) throw new AppError('VALIDATION', `${who}“${name}”的出生日期不能晚于今天。`)
  } else {
    if (p.creditCode.trim()) {
      if (!isValidCreditCode(p.creditCode)) {
        throw new AppError(
          'VALIDATION',
          `${who}“${name}”的统一社会信用代码不对：应当是 18 位，请核对后再填（最后一位是校验码）。`,
        )
      }
      creditCode = normalizeCreditCode(p.creditCode)
    }
    gender = ''
    birthDate = null
  }
  return {
    kind: p.kind,
    resident_id: p.residentId,
    name,
    gender,
    ethnicity: p.ethnicity.trim(),
    birth_date: birthDate,
    occupation: p.occupation.trim(),
    phone,
    address,
    id_number: idNumber,
    credit_code: creditCode,
    legal_rep: p.legalRep.trim(),
  }
}

/** 受理: the case, its number and its parties in one transaction. */
export async function createCase(db: Db, input: CaseInput, now = nowIso()): Promise<{ id: number; caseNo: string }> {
  const today = officeDate(now)
  const acceptedOn = input.acceptedOn ?? today
  if (acceptedOn > today) throw new AppError('VALIDATION', '受理日期不能晚于今天。')
  const applicants = input.parties.filter((p) => p.side === '申请人')
  const respondents = input.parties.filter((p) => p.side === '被申请人')
  if (applicants.length === 0 || respondents.length === 0) {
    throw new AppError('VALIDATION', '请至少填写一位申请人和一位被申请人（纠纷的双方）。')
  }
  const rows: (Awaited<ReturnType<typeof partyRow>> & { p: PartyInput })[] = []
  for (const [i, p] of input.parties.entries())
    rows.push({ ...(await partyRow(db, p, `第 ${i + 1} 位当事人`, today)), p })
  if (input.topicId !== null) {
    const t = await topicForMediation(db, input.topicId)
    if (!isDisputeCategory(t.categoryName)) {
      throw new AppError('NOT_DISPUTE', `议题分类“${t.categoryName}”不是纠纷类，不能转为调解案件。`)
    }
  }
  return inTransaction(db, async (trx) => {
    if (input.topicId !== null) {
      const taken = await trx
        .selectFrom('mediation_cases')
        .select('case_no')
        .where('topic_id', '=', input.topicId)
        .executeTakeFirst()
      if (taken) throw new AppError('TAKEN', `这条议题已经立了调解案件 ${taken.case_no}。`)
    }
    const { committee, prefix } = await committeeOf(trx)
    const year = Number(acceptedOn.slice(0, 4))
    const seq = await nextNumber(trx, 'mediation', year)
    const caseNo = caseNumber(prefix, year, seq)
    const { id } = await trx
      .insertInto('mediation_cases')
      .values({
        year,
        seq,
        case_no: caseNo,
        title: input.title.trim(),
        source: input.source,
        dispute_type: input.disputeType,
        difficulty: input.difficulty,
        facts: input.facts.trim(),
        committee,
        council: input.council.trim(),
        accepted_on: acceptedOn,
        status: '受理',
        rights_notified_on: null,
        extended_until: null,
        ended_on: null,
        archived_on: null,
        topic_id: input.topicId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const { p, ...row } of rows) {
      await trx
        .insertInto('mediation_parties')
        .values({
          ...row,
          case_id: id,
          side: p.side,
          claim: p.claim.trim(),
          safety: p.safety ? 1 : 0,
          agent_for: null,
          created_at: now,
        })
        .execute()
    }
    await audit(trx, '新增', 'mediation_case', id, { caseNo, parties: rows.length })
    return { id, caseNo }
  })
}

/**
 * A resident's topic of a dispute category opens a case with one action: the resident is the
 * applicant, the topic's description the facts; the other side is named by the clerk.
 */
export async function caseFromTopic(
  db: Db,
  input: { topicId: number; respondent: PartyInput; difficulty: Difficulty },
  now = nowIso(),
): Promise<{ id: number; caseNo: string }> {
  const t = await topicForMediation(db, input.topicId)
  if (t.residentId === null) throw new AppError('NO_RESIDENT', '这条议题没有登记反映人，请先在议题里选择反映的居民。')
  const applicant: PartyInput = {
    side: '申请人',
    kind: '个人',
    residentId: t.residentId,
    name: '',
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
  const type = disputeTypeOf(t.categoryName)
  return createCase(
    db,
    {
      source: '当事人申请',
      disputeType: type,
      difficulty: input.difficulty,
      title: `${t.description.slice(0, 20)}纠纷`.replace(/纠纷纠纷$/, '纠纷'),
      facts: t.description,
      acceptedOn: null,
      council: '',
      parties: [applicant, { ...input.respondent, side: '被申请人' }],
      topicId: t.id,
    },
    now,
  )
}

export async function addParty(db: Db, caseId: number, p: PartyInput, now = nowIso()): Promise<{ id: number }> {
  const c = await liveCase(db, caseId)
  refuseIfClosed(c.status, '添加当事人')
  const row = await partyRow(db, p, p.side, officeDate(now))
  const { id } = await db
    .insertInto('mediation_parties')
    .values({
      ...row,
      case_id: caseId,
      side: p.side,
      claim: p.claim.trim(),
      safety: p.safety ? 1 : 0,
      agent_for: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await audit(db, '新增', 'mediation_party', id, { caseId, side: p.side })
  return { id }
}

/** 委托代理人: acts for one party of the case, within the scope the power of attorney states. */
export async function addAgent(db: Db, caseId: number, a: AgentInput, now = nowIso()): Promise<{ id: number }> {
  const c = await liveCase(db, caseId)
  refuseIfClosed(c.status, '添加代理人')
  const principal = await db
    .selectFrom('mediation_parties')
    .select(['id', 'side'])
    .where('id', '=', a.agentFor)
    .where('case_id', '=', caseId)
    .executeTakeFirst()
  if (!principal || principal.side === '委托代理人') throw new AppError('VALIDATION', '请选择代理人所代理的当事人。')
  if (!a.attorneyScope.trim())
    throw new AppError('VALIDATION', '请填写授权委托书写明的代理权限（如：一般代理、特别授权）。')
  const row = await partyRow(db, a, '委托代理人', officeDate(now))
  const { id } = await db
    .insertInto('mediation_parties')
    .values({
      ...row,
      case_id: caseId,
      side: '委托代理人',
      agent_for: a.agentFor,
      attorney_scope: a.attorneyScope.trim(),
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await audit(db, '新增', 'mediation_party', id, { caseId, side: '委托代理人' })
  return { id }
}

/** Residents' topics of a dispute category that have no case yet, newest first: the intake's "from a topic". */
export async function disputeTopics(db: Db) {
  const categories = (await db.selectFrom('topic_categories').select(['id', 'name']).execute()).filter((c) =>
    isDisputeCategory(c.name),
  )
  if (categories.length === 0) return []
  const rows = await db
    .selectFrom('topics as t')
    .innerJoin('topic_categories as c', 'c.id', 't.category_id')
    .leftJoin('residents as r', 'r.id', 't.resident_id')
    .select([
      't.id',
      't.year',
      't.seq',
      't.description',
      't.received_on as receivedOn',
      't.resident_id as residentId',
      'r.name as residentName',
      'c.name as categoryName',
    ])
    .where(
      't.category_id',
      'in',
      categories.map((c) => c.id),
    )
    .where('t.voided_at', 'is', null)
    .where('t.resident_id', 'is not', null)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('mediation_cases as m').select('m.id').whereRef('m.topic_id', '=', 't.id'))),
    )
    .orderBy('t.received_on', 'desc')
    .orderBy('t.id', 'desc')
    .limit(50)
    .execute()
  return rows.map((r) => ({ ...r, disputeType: disputeTypeOf(r.categoryName) }))
}
