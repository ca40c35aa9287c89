import type { ExpressionBuilder } from 'kysely'
import { AppError, notFound } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import { maskName } from '../../shared/names'
import { INELIGIBLE_REASONS, type Eligibility, type IneligibleReason } from '../../shared/contest-values'
import type { Db } from '../database/open-database'
import type { Database } from '../database/schema'
import { audit } from '../database/audit'
import { inTransaction } from '../database/unit-of-work'
import { getTopic } from '../topics'
import { assertNotOpened, contestRow } from './contest-service'
import { prepared } from '../database/prepared'
import { likePattern, likes } from '../database/text-search'

/**
 * Proposals: who proposes (a resident from the roster, or a resident group), the problem, the plan,
 * who benefits, the budget by line items with a minimum viable amount. A resident's topic becomes
 * a proposal with one action. 资格审查 keeps an ineligible proposal's reason code, and the
 * proposer is owed that answer (toTell, gathered by the 待告知居民 list).
 */

export interface BudgetLine {
  item: string
  /** Fen. */
  amount: number
}

export interface ProposalInput {
  proposerResidentId: number | null
  proposerGroup: string
  organisation: string
  draftedBy: string
  title: string
  problem: string
  plan: string
  beneficiaries: string
  beneficiaryCount: number
  budgetLines: BudgetLine[]
  minViable: number
  photo: string
}

const total = (lines: BudgetLine[]) => lines.reduce((s, l) => s + l.amount, 0)

async function checkInput(db: Db, input: ProposalInput) {
  if (input.proposerResidentId === null && !input.proposerGroup.trim()) {
    throw new AppError('INVALID_INPUT', '请选择提案人（名册里的居民），或填写提案的居民小组名称。')
  }
  if (input.proposerResidentId !== null) {
    const r = await db
      .selectFrom('residents')
      .select('id')
      .where('id', '=', input.proposerResidentId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    if (!r) throw notFound('居民')
  }
  const request = total(input.budgetLines)
  if (input.minViable > request) {
    throw new AppError('INVALID_INPUT', '「最低可行金额」不能超过预算合计。')
  }
  return request
}

async function nextSeq(db: Db, contestId: number) {
  const row = await db
    .selectFrom('contest_proposals')
    .select((eb) => eb.fn.max<number>('seq').as('m'))
    .where('contest_id', '=', contestId)
    .executeTakeFirst()
  return Number(row?.m ?? 0) + 1
}

export async function createProposal(
  db: Db,
  contestId: number,
  input: ProposalInput & { topicId?: number | null },
  now = nowIso(),
): Promise<{ id: number; seq: number }> {
  return inTransaction(db, async (trx) => {
    await assertNotOpened(trx, contestId, '新增提案')
    const request = await checkInput(trx, input)
    const seq = await nextSeq(trx, contestId)
    const row = await trx
      .insertInto('contest_proposals')
      .values({
        contest_id: contestId,
        seq,
        proposer_resident_id: input.proposerResidentId,
        proposer_group: input.proposerGroup.trim(),
        organisation: input.organisation.trim(),
        drafted_by: input.draftedBy.trim(),
        title: input.title.trim(),
        problem: input.problem,
        plan: input.plan,
        beneficiaries: input.beneficiaries,
        beneficiary_count: input.beneficiaryCount,
        budget_lines: JSON.stringify(input.budgetLines),
        request,
        min_viable: input.minViable,
        topic_id: input.topicId ?? null,
        photo: input.photo,
        ineligible_code: null,
        reviewed_at: null,
        told_at: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', '提案', row.id, { contestId, title: input.title })
    return { id: row.id, seq }
  })
}

export async function updateProposal(db: Db, id: number, input: ProposalInput): Promise<void> {
  await inTransaction(db, async (trx) => {
    const p = await proposalRow(trx, id)
    await assertNotOpened(trx, p.contest_id, '修改提案')
    const request = await checkInput(trx, input)
    await trx
      .updateTable('contest_proposals')
      .set({
        proposer_resident_id: input.proposerResidentId,
        proposer_group: input.proposerGroup.trim(),
        organisation: input.organisation.trim(),
        drafted_by: input.draftedBy.trim(),
        title: input.title.trim(),
        problem: input.problem,
        plan: input.plan,
        beneficiaries: input.beneficiaries,
        beneficiary_count: input.beneficiaryCount,
        budget_lines: JSON.stringify(input.budgetLines),
        request,
        min_viable: input.minViable,
        photo: input.photo,
      })
      .where('id', '=', id)
      .execute()
    await audit(trx, '修改', '提案', id, { title: input.title })
  })
}

/** A resident's topic becomes a proposal: the proposer, the problem and the place come with it; the budget is filled in afterwards. */
export async function proposalFromTopic(db: Db, contestId: number, topicId: number, now = nowIso()) {
  return inTransaction(db, async (trx) => {
    const { topic } = await getTopic(trx, topicId, now)
    if (topic.voided) throw new AppError('INVALID_INPUT', '这条议题已作废，不能转为提案。')
    const taken = await trx
      .selectFrom('contest_proposals')
      .select(['contest_id', 'seq'])
      .where('topic_id', '=', topicId)
      .executeTakeFirst()
    if (taken) throw new AppError('DUPLICATE', `议题 ${topic.number} 已经转为提案了（第 ${taken.seq} 号）。`)
    const chars = [...topic.description.replace(/\s+/g, ' ').trim()]
    const title = chars.length > 30 ? `${chars.slice(0, 30).join('')}…` : chars.join('')
    if (topic.residentId === null) {
      throw new AppError('INVALID_INPUT', '这条议题是匿名反映的，没有提案人，请先在议题里登记反映人，或直接新建提案。')
    }
    return createProposal(
      trx,
      contestId,
      {
        proposerResidentId: topic.residentId,
        proposerGroup: '',
        organisation: '',
        draftedBy: '',
        title,
        problem: `${topic.description}（来自议题 ${topic.number}）`,
        plan: '',
        beneficiaries: topic.buildingName ?? topic.gridName ?? '',
        beneficiaryCount: 0,
        budgetLines: [],
        minViable: 0,
        photo: '',
        topicId,
      },
      now,
    )
  })
}

export async function proposalRow(db: Db, id: number) {
  const p = await db.selectFrom('contest_proposals').selectAll().where('id', '=', id).executeTakeFirst()
  if (!p) throw notFound('提案')
  return p
}

/** 资格审查: eligible, or ineligible with a reason code (and a note for 其他). */
export async function reviewProposal(
  db: Db,
  id: number,
  decision: { eligible: boolean; code: IneligibleReason | null; note: string },
  now = nowIso(),
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const p = await proposalRow(trx, id)
    await assertNotOpened(trx, p.contest_id, '改资格审查结果')
    if (decision.eligible && p.request <= 0) {
      throw new AppError('INVALID_INPUT', '这个提案还没有填预算，预算明细填好后才能审查为合格。')
    }
    if (!decision.eligible && !decision.code) throw new AppError('INVALID_INPUT', '不合格要选择原因。')
    if (!decision.eligible && decision.code === 'other' && !decision.note.trim()) {
      throw new AppError('INVALID_INPUT', '原因选了「其他」，请写明具体原因。')
    }
    const eligibility: Eligibility = decision.eligible ? '合格' : '不合格'
    await trx
      .updateTable('contest_proposals')
      .set({
        eligibility,
        ineligible_code: decision.eligible ? null : decision.code,
        ineligible_note: decision.eligible ? '' : decision.note.trim(),
        reviewed_at: now,
        // A new decision is a new answer: the proposer has not been told this one yet.
        told_at: null,
      })
      .where('id', '=', id)
      .execute()
    await audit(trx, '修改', '提案资格审查', id, decision)
  })
}

export const proposalNumber = (year: number, seq: number) => `${year}-T${String(seq).padStart(3, '0')}`

export interface ProposalListRow {
  id: number
  number: string
  title: string
  proposer: string
  proposerMasked: string
  request: number
  minViable: number
  eligibility: Eligibility
  reason: string
  fromTopic: boolean
}

// Compiled once per filter combination (prepared.ts); a search is a value (its LIKE pattern).
const proposalRows = prepared((db, v: { contestId: number; eligibility: Eligibility | null; pattern: string }) => {
  let query = db
    .selectFrom('contest_proposals as p')
    .leftJoin('residents as r', 'r.id', 'p.proposer_resident_id')
    .select([
      'p.id',
      'p.seq',
      'p.title',
      'p.proposer_group',
      'p.request',
      'p.min_viable',
      'p.eligibility',
      'p.ineligible_code',
      'p.ineligible_note',
      'p.topic_id',
      'r.name',
    ])
    .where('p.contest_id', '=', v.contestId)
  if (v.eligibility !== null) query = query.where('p.eligibility', '=', v.eligibility)
  if (v.pattern) {
    const p = v.pattern
    query = query.where((eb) => eb.or([likes('p.title', p), likes('r.name', p), likes('p.proposer_group', p)]))
  }
  return query.orderBy('p.seq')
})

/** The list of one contest's proposals (one indexed read, no per-row queries). */
export async function listProposals(
  db: Db,
  contestId: number,
  q: { search: string; eligibility: Eligibility | null },
): Promise<ProposalListRow[]> {
  const c = await contestRow(db, contestId)
  const rows = await proposalRows(db, {
    contestId,
    eligibility: q.eligibility || null,
    pattern: q.search ? likePattern(q.search) : '',
  })
  return rows.map((p) => ({
    id: p.id,
    number: proposalNumber(c.year, p.seq),
    title: p.title,
    proposer: proposerName(p.name, p.proposer_group),
    proposerMasked: proposerMasked(p.name, p.proposer_group),
    request: p.request,
    minViable: p.min_viable,
    eligibility: p.eligibility,
    reason: reasonText(p.ineligible_code, p.ineligible_note),
    fromTopic: p.topic_id !== null,
  }))
}

export const proposerName = (name: string | null, group: string) => (name ? name : group)
/** On anything public: 李*国; a group's name is public already. */
export const proposerMasked = (name: string | null, group: string) => (name ? maskName(name) : group)

export function reasonText(code: string | null, note: string): string {
  if (!code) return ''
  const label = INELIGIBLE_REASONS[code as IneligibleReason] ?? '其他'
  return code === 'other' ? note : note ? `${label}（${note}）` : label
}

export async function getProposal(db: Db, id: number) {
  const p = await proposalRow(db, id)
  const c = await contestRow(db, p.contest_id)
  const r = p.proposer_resident_id
    ? await db.selectFrom('residents').select(['name']).where('id', '=', p.proposer_resident_id).executeTakeFirst()
    : null
  return {
    id: p.id,
    contestId: p.contest_id,
    number: proposalNumber(c.year, p.seq),
    proposerResidentId: p.proposer_resident_id,
    proposer: proposerName(r?.name ?? null, p.proposer_group),
    proposerGroup: p.proposer_group,
    organisation: p.organisation,
    draftedBy: p.drafted_by,
    title: p.title,
    problem: p.problem,
    plan: p.plan,
    beneficiaries: p.beneficiaries,
    beneficiaryCount: p.beneficiary_count,
    budgetLines: JSON.parse(p.budget_lines) as BudgetLine[],
    request: p.request,
    minViable: p.min_viable,
    photo: p.photo,
    eligibility: p.eligibility,
    reason: reasonText(p.ineligible_code, p.ineligible_note),
    topicId: p.topic_id,
  }
}

/**
 * Ineligible proposals whose proposer has not been told: the one filter of the 待告知居民 list's
 * proposal rows and of the home page's 待告知居民 count (a scalar of its one statement).
 */
export function untoldIneligible(from: Pick<ExpressionBuilder<Database, never>, 'selectFrom'>) {
  return from.selectFrom('contest_proposals as p').where('p.eligibility', '=', '不合格').where('p.told_at', 'is', null)
}

// Read by every 待告知 page: each statement compiled once (prepared.ts).
const ineligibleCount = prepared((db, _: Record<never, never>) =>
  untoldIneligible(db).select((eb) => eb.fn.countAll<number>().as('n')),
)
const ineligiblePage = prepared((db, v: { limit: number }) =>
  untoldIneligible(db)
    .innerJoin('contests as c', 'c.id', 'p.contest_id')
    .leftJoin('residents as r', 'r.id', 'p.proposer_resident_id')
    .select([
      'p.id',
      'p.seq',
      'p.title',
      'p.ineligible_code',
      'p.ineligible_note',
      'p.reviewed_at',
      'p.proposer_group',
      'c.year',
      'c.name as contestName',
      'r.name',
      'r.unit',
      'r.room',
      'r.building_id',
    ])
    .orderBy('p.reviewed_at')
    .orderBy('p.id')
    .limit(v.limit),
)

/**
 * For the 待告知居民 list: ineligible proposals whose proposer has not been told, oldest first,
 * each with its reason and the message to send. Read by the feedback module through index.ts.
 */
export async function ineligibleToTell(db: Db, limit: number) {
  const count = Number((await ineligibleCount(db, {}))[0]!.n)
  const rows = await ineligiblePage(db, { limit })
  return {
    total: count,
    rows: rows.map((p) => ({
      id: p.id,
      number: proposalNumber(p.year, p.seq),
      name: proposerName(p.name, p.proposer_group),
      isResident: p.name !== null,
      unit: p.unit ?? '',
      room: p.room ?? '',
      buildingId: p.building_id,
      title: p.title,
      contestName: p.contestName,
      reason: reasonText(p.ineligible_code, p.ineligible_note),
      reviewedAt: p.reviewed_at!,
    })),
  }
}

/** The proposer was told the 资格审查 result. */
export async function markProposalTold(db: Db, id: number, now = nowIso()): Promise<void> {
  const p = await proposalRow(db, id)
  if (p.eligibility !== '不合格') throw new AppError('INVALID_INPUT', '只有审查不合格的提案需要单独告知提案人。')
  await db.updateTable('contest_proposals').set({ told_at: now }).where('id', '=', id).execute()
}
