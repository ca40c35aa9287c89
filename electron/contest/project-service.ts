import { AppError, notFound } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import { formatYuan } from '../../shared/money'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { inTransaction } from '../database/unit-of-work'
import { postEntry, postedForSource } from '../fund'
import { contestRow } from './contest-service'
import { proposalNumber, proposalRow } from './proposal-service'
import { computeResults } from './results-service'

/**
 * Implementation: a funded proposal becomes a project with a responsible person (the proposer
 * takes part), milestones, payments and 验收. A payment is a charity-fund expenditure (提案资助)
 * whose source is the proposal, posted in the same transaction as the check that the project's
 * payments stay within its award; the fund itself refuses one above the sub-fund's balance.
 */

export async function startProject(
  db: Db,
  proposalId: number,
  input: { subfundId: number; responsible: string; proposerRole: string; startedOn: string },
  now = nowIso(),
): Promise<{ id: number }> {
  return inTransaction(db, async (trx) => {
    const p = await proposalRow(trx, proposalId)
    const c = await contestRow(trx, p.contest_id)
    if (!c.final_at) throw new AppError('NOT_READY', '评审结果公示期满、异议处理完并确定后，才能立项实施。')
    const r = await computeResults(trx, p.contest_id)
    const row = r.rows.find((x) => x.id === proposalId)
    if (!row?.funded) throw new AppError('INVALID_INPUT', '这个提案没有获得资助，不能立项。')
    const taken = await trx
      .selectFrom('contest_projects')
      .select('id')
      .where('proposal_id', '=', proposalId)
      .executeTakeFirst()
    if (taken) throw new AppError('DUPLICATE', '这个提案已经立项了。')
    const subfund = await trx
      .selectFrom('fund_subfunds')
      .select('id')
      .where('id', '=', input.subfundId)
      .executeTakeFirst()
    if (!subfund) throw notFound('子基金')
    if (!input.responsible.trim()) throw new AppError('INVALID_INPUT', '请填写项目负责人。')
    const created = await trx
      .insertInto('contest_projects')
      .values({
        proposal_id: proposalId,
        award: row.award,
        subfund_id: input.subfundId,
        responsible: input.responsible.trim(),
        proposer_role: input.proposerRole.trim(),
        started_on: input.startedOn,
        accepted_on: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', '提案实施项目', created.id, { proposalId, award: row.award })
    return { id: created.id }
  })
}

async function projectRow(db: Db, id: number) {
  const p = await db.selectFrom('contest_projects').selectAll().where('id', '=', id).executeTakeFirst()
  if (!p) throw notFound('实施项目')
  return p
}

export async function addMilestone(db: Db, projectId: number, input: { title: string; dueOn: string }) {
  const p = await projectRow(db, projectId)
  if (p.accepted_on) throw new AppError('INVALID_INPUT', '项目已经验收，不能再加节点。')
  const row = await db
    .insertInto('contest_milestones')
    .values({ project_id: projectId, title: input.title.trim(), due_on: input.dueOn, done_on: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id }
}

export async function completeMilestone(db: Db, id: number, input: { doneOn: string; note: string }) {
  const m = await db.selectFrom('contest_milestones').selectAll().where('id', '=', id).executeTakeFirst()
  if (!m) throw notFound('项目节点')
  await db
    .updateTable('contest_milestones')
    .set({ done_on: input.doneOn, note: input.note.trim() })
    .where('id', '=', id)
    .execute()
}

/** A payment from the charity fund, linked to the project's proposal; never above what is left of the award. */
export async function payProject(
  db: Db,
  projectId: number,
  input: { amount: number; entryDate: string; summary: string; voucherNo: string },
  now = nowIso(),
): Promise<{ entryId: number; voucherNo: string }> {
  return inTransaction(db, async (trx) => {
    const p = await projectRow(trx, projectId)
    if (p.accepted_on) throw new AppError('INVALID_INPUT', '项目已经验收结项，不能再付款。')
    const paid = await postedForSource(trx, 'contest_proposal', p.proposal_id)
    if (paid + input.amount > p.award) {
      throw new AppError(
        'OVER_AWARD',
        `资助额 ${formatYuan(p.award)}，已付 ${formatYuan(paid)}，最多还能付 ${formatYuan(p.award - paid)}；这笔 ${formatYuan(input.amount)} 超出了资助额，没有保存。`,
      )
    }
    const proposal = await proposalRow(trx, p.proposal_id)
    const c = await contestRow(trx, proposal.contest_id)
    const entry = await postEntry(
      trx,
      {
        subfundId: p.subfund_id,
        kind: '提案资助',
        entryDate: input.entryDate,
        amount: input.amount,
        counterparty: p.responsible,
        partyType: '个人',
        partyNamed: false,
        voucherNo: input.voucherNo,
        summary:
          input.summary.trim() || `${c.year}年${c.name} ${proposalNumber(c.year, proposal.seq)} ${proposal.title}`,
        source: { kind: 'contest_proposal', id: p.proposal_id },
      },
      { now },
    )
    return { entryId: entry.id, voucherNo: entry.voucher_no }
  })
}

/** 验收: with evidence described (what was checked, by whom). */
export async function acceptProject(db: Db, projectId: number, input: { acceptedOn: string; note: string }) {
  const p = await projectRow(db, projectId)
  if (p.accepted_on) throw new AppError('ALREADY', '这个项目已经验收了。')
  if (!input.note.trim())
    throw new AppError('INVALID_INPUT', '验收要写明验收情况和依据（现场照片、发票、居民意见等）。')
  await db
    .updateTable('contest_projects')
    .set({ accepted_on: input.acceptedOn, acceptance_note: input.note.trim() })
    .where('id', '=', projectId)
    .execute()
  await audit(db, '修改', '提案实施项目验收', projectId, input)
}

export async function listProjects(db: Db, contestId: number) {
  const c = await contestRow(db, contestId)
  const rows = await db
    .selectFrom('contest_projects as j')
    .innerJoin('contest_proposals as p', 'p.id', 'j.proposal_id')
    .select([
      'j.id',
      'j.award',
      'j.responsible',
      'j.proposer_role',
      'j.started_on',
      'j.accepted_on',
      'j.acceptance_note',
      'j.subfund_id',
      'p.id as proposalId',
      'p.seq',
      'p.title',
    ])
    .where('p.contest_id', '=', contestId)
    .orderBy('p.seq')
    .execute()
  const out = []
  for (const r of rows) {
    const paid = await postedForSource(db, 'contest_proposal', r.proposalId)
    const milestones = await db
      .selectFrom('contest_milestones')
      .selectAll()
      .where('project_id', '=', r.id)
      .orderBy('due_on')
      .execute()
    out.push({
      id: r.id,
      proposalId: r.proposalId,
      number: proposalNumber(c.year, r.seq),
      title: r.title,
      award: r.award,
      paid,
      responsible: r.responsible,
      proposerRole: r.proposer_role,
      startedOn: r.started_on,
      acceptedOn: r.accepted_on,
      acceptanceNote: r.acceptance_note,
      subfundId: r.subfund_id,
      milestones: milestones.map((m) => ({
        id: m.id,
        title: m.title,
        dueOn: m.due_on,
        doneOn: m.done_on,
        note: m.note,
      })),
    })
  }
  return out
}

/**
 * The computed figures, each with its formula for the hover: the implementation rate (accepted
 * projects ÷ funded proposals) and participation (households with a proposal ÷ all households in
 * the community profile).
 */
export async function contestRates(db: Db, contestId: number) {
  const r = await computeResults(db, contestId)
  const funded = r.funding.funded.length
  const accepted = Number(
    (
      await db
        .selectFrom('contest_projects as j')
        .innerJoin('contest_proposals as p', 'p.id', 'j.proposal_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('p.contest_id', '=', contestId)
        .where('j.accepted_on', 'is not', null)
        .executeTakeFirstOrThrow()
    ).n,
  )
  const proposers = await db
    .selectFrom('contest_proposals as p')
    .innerJoin('residents as r', 'r.id', 'p.proposer_resident_id')
    .select(['r.building_id', 'r.unit', 'r.room', 'r.id'])
    .where('p.contest_id', '=', contestId)
    .execute()
  const households = new Set(
    proposers.map((x) => (x.building_id !== null && x.room ? `${x.building_id}/${x.unit}/${x.room}` : `r${x.id}`)),
  ).size
  const all = Number(
    (
      await db
        .selectFrom('buildings')
        .select((eb) => eb.fn.sum<number>('households').as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  )
  const proposals = Number(
    (
      await db
        .selectFrom('contest_proposals')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('contest_id', '=', contestId)
        .executeTakeFirstOrThrow()
    ).n,
  )
  const pct = (a: number, b: number) => (b > 0 ? Math.round((1000 * a) / b) / 10 : null)
  return {
    proposals,
    implementation: {
      value: pct(accepted, funded),
      formula: `实施率 = 已验收的项目数 ÷ 获资助的提案数 = ${accepted} ÷ ${funded}`,
    },
    participation: {
      value: pct(households, all),
      formula: `参与率 = 提出提案的户数 ÷ 社区总户数 = ${households} ÷ ${all}（总户数取自社区概况各楼栋户数之和）`,
    },
  }
}
