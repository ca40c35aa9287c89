import { AppError, notFound } from '../../shared/app-error'
import { addDays } from '../../shared/dates'
import { committeeName } from '../../shared/committee'
import { isValidCreditCode, normalizeCreditCode } from '../../shared/credit-code'
import { parseIdNumber } from '../../shared/id-number'
import {
  caseNumber,
  disputeTypeOf,
  isDisputeCategory,
  ENDED_STATES,
  MEDIATING_STATES,
  type CaseSource,
  type CaseState,
  type Difficulty,
  type DisputeType,
  type PartyKind,
  type PartySide,
  type SessionKind,
  type StaffRole,
} from '../../shared/mediation-values'
import { nowIso, officeDate } from '../../shared/time'
import { audit } from '../database/audit'
import { nextNumber } from '../database/numbering'
import type { Db } from '../database/open-database'
import { inTransaction, type Trx } from '../database/unit-of-work'
import { householdLabel } from '../people'
import { topicForMediation } from '../topics'

/**
 * 乡贤调解案卷: intake (受理), the parties and their agents, the people of the case in their lawful
 * roles with their declarations and recusals, the states, the extension and the sessions.
 *
 *   受理 → 调解中 → 达成协议 → 履行中 → 履行完毕 → 结案 → 归档
 *   受理 → 不予受理 (reason);  受理 / 调解中 → 终止 (reason; the parties were told of the other routes)
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
      const parsed = parseIdNumber(p.idNumber, today)
      if (!parsed) {
        throw new AppError(
          'VALIDATION',
          `${who}“${name}”的身份证号不对：请核对位数、出生日期和最后一位校验码（最后一位可能是 X）。`,
        )
      }
      idNumber = parsed.number
      const fromId = parsed.sex === 'male' ? '男' : '女'
      if (gender && gender !== fromId) {
        throw new AppError('VALIDATION', `${who}“${name}”的性别与身份证号不一致（身份证号是${fromId}性）。`)
      }
      gender = fromId
      if (birthDate && birthDate !== parsed.birthDate) {
        throw new AppError(
          'VALIDATION',
          `${who}“${name}”的出生日期与身份证号不一致（身份证号是 ${parsed.birthDate}）。`,
        )
      }
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

async function liveCase(db: Db, id: number) {
  const c = await db.selectFrom('mediation_cases').selectAll().where('id', '=', id).executeTakeFirst()
  if (!c) throw notFound('调解案件')
  return c
}

function refuseIfClosed(state: CaseState, what: string) {
  if (state === '归档') throw new AppError('ARCHIVED', `案件已归档，不能再${what}。`)
  if (ENDED_STATES.includes(state)) throw new AppError('ENDED', `案件已${state}，不能再${what}。`)
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

/** A person of the case in a lawful role. One 人民调解员 presides (the first one, unless another is named). */
export async function addStaff(
  db: Db,
  caseId: number,
  input: { role: StaffRole; name: string; presiding: boolean },
  now = nowIso(),
): Promise<{ id: number }> {
  const c = await liveCase(db, caseId)
  refuseIfClosed(c.status, '添加人员')
  if (input.presiding && input.role !== '人民调解员') {
    throw new AppError('VALIDATION', '只有人民调解员可以主持调解；乡贤以邀请参加人的身份参加。')
  }
  return inTransaction(db, async (trx) => {
    const presiding = await presidingOf(trx, caseId)
    const makePresiding = input.role === '人民调解员' && (input.presiding || !presiding)
    if (makePresiding && presiding) {
      await trx.updateTable('mediation_staff').set({ presiding: 0 }).where('id', '=', presiding.id).execute()
    }
    const { id } = await trx
      .insertInto('mediation_staff')
      .values({
        case_id: caseId,
        role: input.role,
        name: input.name.trim(),
        presiding: makePresiding ? 1 : 0,
        declared_tie: null,
        declared_at: null,
        recused_at: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', 'mediation_staff', id, { caseId, role: input.role })
    return { id }
  })
}

function presidingOf(db: Db, caseId: number) {
  return db
    .selectFrom('mediation_staff')
    .select(['id', 'name'])
    .where('case_id', '=', caseId)
    .where('presiding', '=', 1)
    .where('recused_at', 'is', null)
    .executeTakeFirst()
}

/**
 * 有无亲属或利害关系: a mediator's or an elder's declaration. A declared tie, or a party's objection,
 * records a recusal (回避) and removes the person from the case; the presiding role passes to the
 * next 人民调解员 still on the case.
 */
export async function declare(
  db: Db,
  input: { staffId: number; tie: string; objection: string },
  now = nowIso(),
): Promise<{ recused: boolean }> {
  return inTransaction(db, async (trx) => {
    const s = await trx.selectFrom('mediation_staff').selectAll().where('id', '=', input.staffId).executeTakeFirst()
    if (!s) throw notFound('调解人员')
    if (s.recused_at) throw new AppError('RECUSED', `${s.name}已经回避，不在本案中。`)
    const c = await liveCase(trx, s.case_id)
    refuseIfClosed(c.status, '登记声明')
    const tie = input.tie.trim()
    const objection = input.objection.trim()
    const recused = tie !== '' || objection !== ''
    const reason = [tie && `本人声明：${tie}`, objection && `当事人提出回避：${objection}`].filter(Boolean).join('；')
    await trx
      .updateTable('mediation_staff')
      .set({
        declared_tie: tie,
        declared_at: now,
        objection,
        recused_at: recused ? now : null,
        recusal_reason: reason,
        presiding: recused ? 0 : s.presiding,
      })
      .where('id', '=', s.id)
      .execute()
    if (recused && s.presiding) {
      const next = await trx
        .selectFrom('mediation_staff')
        .select('id')
        .where('case_id', '=', s.case_id)
        .where('role', '=', '人民调解员')
        .where('recused_at', 'is', null)
        .orderBy('id')
        .executeTakeFirst()
      if (next) await trx.updateTable('mediation_staff').set({ presiding: 1 }).where('id', '=', next.id).execute()
    }
    await audit(trx, '修改', 'mediation_staff', s.id, { declared: tie || '无', objection, recused })
    return { recused }
  })
}

/** What still stops the case from proceeding to a session: no presiding mediator, or an undeclared person. */
export function readinessOf(
  staff: { name: string; role: string; presiding: number; declared_tie: string | null; recused_at: string | null }[],
): string[] {
  const on = staff.filter((s) => s.recused_at === null)
  const problems: string[] = []
  if (!on.some((s) => s.presiding)) problems.push('还没有主持调解的人民调解员')
  for (const s of on) {
    if (s.role !== '记录人' && s.declared_tie === null) problems.push(`${s.name}还没有声明有无亲属或利害关系`)
  }
  return problems
}

export async function readinessProblems(db: Db, caseId: number): Promise<string[]> {
  return readinessOf(
    await db
      .selectFrom('mediation_staff')
      .select(['name', 'role', 'presiding', 'declared_tie', 'recused_at'])
      .where('case_id', '=', caseId)
      .execute(),
  )
}

/** 权利义务告知书 given to the parties (the dossier's second document). */
export async function recordRightsNotice(db: Db, caseId: number, on: string, now = nowIso()): Promise<void> {
  const c = await liveCase(db, caseId)
  refuseIfClosed(c.status, '修改')
  if (on < c.accepted_on) throw new AppError('VALIDATION', `告知日期不能早于受理日期 ${c.accepted_on}。`)
  if (on > officeDate(now)) throw new AppError('VALIDATION', '告知日期不能晚于今天。')
  await db
    .updateTable('mediation_cases')
    .set({ rights_notified_on: on, updated_at: now })
    .where('id', '=', caseId)
    .execute()
  await audit(db, '修改', 'mediation_case', caseId, { rightsNotifiedOn: on })
}

export interface SessionInput {
  caseId: number
  kind: SessionKind
  /** Office-local 'YYYY-MM-DDTHH:mm'. */
  heldAt: string
  place: string
  attendees: string
  applicantSays: string
  respondentSays: string
  riskWarning: string
  result: string
}

/** 调查记录 / 调解记录. A 调解记录 needs the case ready (declarations done) and a risk warning. */
export async function addSession(db: Db, input: SessionInput, now = nowIso()): Promise<{ id: number }> {
  return inTransaction(db, async (trx) => {
    const c = await liveCase(trx, input.caseId)
    refuseIfClosed(c.status, '记录调解')
    const day = input.heldAt.slice(0, 10)
    if (day < c.accepted_on) {
      throw new AppError('VALIDATION', `记录时间不能早于受理日期 ${c.accepted_on}：案件受理以后才能调查或调解。`)
    }
    if (day > officeDate(now)) throw new AppError('VALIDATION', '记录时间不能晚于今天：请在调解以后再记录。')
    if (input.kind === '调解记录') {
      const problems = await readinessProblems(trx, c.id)
      if (problems.length) throw new AppError('NOT_READY', `还不能开始调解：${problems.join('；')}。`)
      if (!input.riskWarning.trim()) {
        throw new AppError('VALIDATION', '请填写“风险告知”：调解记录要写明向当事人告知了哪些风险。')
      }
    }
    const { id } = await trx
      .insertInto('mediation_sessions')
      .values({
        case_id: c.id,
        kind: input.kind,
        held_at: input.heldAt,
        place: input.place.trim(),
        attendees: input.attendees.trim(),
        applicant_says: input.applicantSays.trim(),
        respondent_says: input.respondentSays.trim(),
        risk_warning: input.riskWarning.trim(),
        result: input.result,
        read_back_at: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (c.status === '受理' && input.kind === '调解记录') {
      await trx
        .updateTable('mediation_cases')
        .set({ status: '调解中', updated_at: now })
        .where('id', '=', c.id)
        .execute()
    }
    await audit(trx, '新增', 'mediation_session', id, { caseId: c.id, kind: input.kind })
    return { id }
  })
}

/** The read-back step: the record was shown (in large type) or read to the parties before they signed. */
export async function confirmReadBack(db: Db, sessionId: number, now = nowIso()): Promise<void> {
  const s = await db
    .selectFrom('mediation_sessions')
    .select(['id', 'case_id'])
    .where('id', '=', sessionId)
    .executeTakeFirst()
  if (!s) throw notFound('调解记录')
  await db.updateTable('mediation_sessions').set({ read_back_at: now }).where('id', '=', s.id).execute()
  await audit(db, '修改', 'mediation_session', s.id, { readBack: true })
}

/** 延期: only while mediating, only with both parties' recorded consent, to a date after the current one. */
export async function extend(
  db: Db,
  input: { caseId: number; until: string; applicantConsent: string; respondentConsent: string },
  now = nowIso(),
): Promise<void> {
  const c = await liveCase(db, input.caseId)
  if (!MEDIATING_STATES.includes(c.status)) throw new AppError('STATE', `案件${c.status}，不需要延期。`)
  const a = input.applicantConsent.trim()
  const r = input.respondentConsent.trim()
  if (!a || !r) {
    throw new AppError(
      'VALIDATION',
      '延期要有双方当事人的同意：请写明申请人和被申请人各自怎样表示同意（如：当面签字同意）。',
    )
  }
  const current = c.extended_until ?? addDays(c.accepted_on, 30)
  if (input.until <= current) throw new AppError('VALIDATION', `延期后的期限应晚于现在的期限 ${current}。`)
  await db
    .updateTable('mediation_cases')
    .set({
      extended_until: input.until,
      extension_consent: JSON.stringify({ applicant: a, respondent: r }),
      updated_at: now,
    })
    .where('id', '=', c.id)
    .execute()
  await audit(db, '修改', 'mediation_case', c.id, { extendedUntil: input.until })
}

/** 不予受理 (from 受理) or 终止 (while mediating): a reason; 终止 records that the other routes were told. */
export async function endCase(
  db: Db,
  input: { caseId: number; as: '不予受理' | '终止'; reason: string; routesTold: boolean; on: string | null },
  now = nowIso(),
): Promise<void> {
  const c = await liveCase(db, input.caseId)
  const on = input.on ?? officeDate(now)
  if (input.as === '不予受理' && c.status !== '受理')
    throw new AppError('STATE', '已经开始调解的案件不能再“不予受理”，请用“终止调解”。')
  if (input.as === '终止' && !MEDIATING_STATES.includes(c.status))
    throw new AppError('STATE', `案件${c.status}，不能终止调解。`)
  if (!input.reason.trim()) throw new AppError('VALIDATION', `请写明${input.as}的理由。`)
  if (input.as === '终止' && !input.routesTold) {
    throw new AppError('VALIDATION', '终止调解前，要告知当事人可以通过仲裁、行政、司法等途径解决，请确认已经告知。')
  }
  if (on < c.accepted_on) throw new AppError('VALIDATION', `日期不能早于受理日期 ${c.accepted_on}。`)
  await db
    .updateTable('mediation_cases')
    .set({
      status: input.as,
      end_reason: input.reason.trim(),
      routes_told: input.routesTold ? 1 : 0,
      ended_on: on,
      updated_at: now,
    })
    .where('id', '=', c.id)
    .execute()
  await audit(db, '修改', 'mediation_case', c.id, { status: input.as, reason: input.reason })
}

export async function setStatus(trx: Trx | Db, caseId: number, status: CaseState, now: string): Promise<void> {
  await trx.updateTable('mediation_cases').set({ status, updated_at: now }).where('id', '=', caseId).execute()
}

export { liveCase, refuseIfClosed }

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

export { disputeTypeOf, isDisputeCategory }
