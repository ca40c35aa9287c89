import { AppError, notFound } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import { RECUSAL_TIES, type JudgeKind, type RecusalTie } from '../../shared/contest-values'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { inTransaction } from '../database/unit-of-work'
import { contestRow } from './contest-service'
import { proposalNumber, proposerName } from './proposal-service'

/**
 * The judging panel (experts and resident representatives) and recusal (回避). A judge tied to a
 * proposer — same household or building (from the roster), same organisation, or named among those
 * who helped draft it — is suggested for recusal; a declared recusal is recorded with its reason
 * before the judge scores that proposal, and from then on that judge's score for it cannot exist.
 */

export async function addJudge(
  db: Db,
  contestId: number,
  input: { name: string; kind: JudgeKind; residentId: number | null; organisation: string },
): Promise<{ id: number }> {
  return inTransaction(db, async (trx) => {
    const c = await contestRow(trx, contestId)
    if (c.scoring_closed_at) throw new AppError('CLOSED', '评分已经结束，不能再增加评委。')
    const name = input.name.trim()
    const taken = await trx
      .selectFrom('contest_judges')
      .select('id')
      .where('contest_id', '=', contestId)
      .where('name', '=', name)
      .executeTakeFirst()
    if (taken) throw new AppError('DUPLICATE', `评审团里已经有「${name}」了。`)
    const row = await trx
      .insertInto('contest_judges')
      .values({
        contest_id: contestId,
        name,
        kind: input.kind,
        resident_id: input.residentId,
        organisation: input.organisation.trim(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', '提案大赛评委', row.id, { contestId, name })
    return { id: row.id }
  })
}

export async function judgeRow(db: Db, id: number) {
  const j = await db.selectFrom('contest_judges').selectAll().where('id', '=', id).executeTakeFirst()
  if (!j) throw notFound('评委')
  return j
}

export async function listJudges(db: Db, contestId: number) {
  const judges = await db
    .selectFrom('contest_judges as j')
    .leftJoin('contest_sheets as s', 's.judge_id', 'j.id')
    .select(['j.id', 'j.name', 'j.kind', 'j.organisation', 'j.resident_id', 's.mode', 's.submitted_at'])
    .where('j.contest_id', '=', contestId)
    .orderBy('j.id')
    .execute()
  return judges.map((j) => ({
    id: j.id,
    name: j.name,
    kind: j.kind,
    organisation: j.organisation,
    residentId: j.resident_id,
    sheet: j.submitted_at ? `已提交（${j.mode}）` : j.mode ? `录入中（${j.mode}）` : '未开始',
    submitted: j.submitted_at !== null,
  }))
}

export interface RecusalSuggestion {
  judgeId: number
  judgeName: string
  proposalId: number
  proposalNumber: string
  title: string
  tie: RecusalTie
  reason: string
}

/** Ties between judges and proposers found in the roster and the proposals, not yet declared. */
export async function recusalSuggestions(db: Db, contestId: number): Promise<RecusalSuggestion[]> {
  const c = await contestRow(db, contestId)
  const judges = await db
    .selectFrom('contest_judges as j')
    .leftJoin('residents as r', 'r.id', 'j.resident_id')
    .select(['j.id', 'j.name', 'j.organisation', 'r.building_id', 'r.unit', 'r.room'])
    .where('j.contest_id', '=', contestId)
    .orderBy('j.id')
    .execute()
  const proposals = await db
    .selectFrom('contest_proposals as p')
    .leftJoin('residents as r', 'r.id', 'p.proposer_resident_id')
    .select([
      'p.id',
      'p.seq',
      'p.title',
      'p.organisation',
      'p.proposer_group',
      'p.drafted_by',
      'p.proposer_resident_id',
      'r.name',
      'r.building_id',
      'r.unit',
      'r.room',
    ])
    .where('p.contest_id', '=', contestId)
    .where('p.eligibility', '<>', '不合格')
    .orderBy('p.seq')
    .execute()
  const declared = new Set(
    (
      await db
        .selectFrom('contest_recusals as x')
        .innerJoin('contest_judges as j', 'j.id', 'x.judge_id')
        .select(['x.judge_id', 'x.proposal_id'])
        .where('j.contest_id', '=', contestId)
        .execute()
    ).map((x) => `${x.judge_id}:${x.proposal_id}`),
  )
  const out: RecusalSuggestion[] = []
  for (const j of judges) {
    for (const p of proposals) {
      if (declared.has(`${j.id}:${p.id}`)) continue
      const who = proposerName(p.name, p.proposer_group)
      let tie: RecusalTie | null = null
      if (
        j.building_id !== null &&
        j.building_id === p.building_id &&
        j.unit &&
        j.unit === p.unit &&
        j.room &&
        j.room === p.room
      )
        tie = 'household'
      else if (j.building_id !== null && j.building_id === p.building_id) tie = 'building'
      else if (j.organisation && (j.organisation === p.organisation || j.organisation === p.proposer_group))
        tie = 'organisation'
      else if (
        p.drafted_by
          .split(/[、，,\s]+/)
          .map((s) => s.trim())
          .includes(j.name)
      )
        tie = 'drafted'
      if (tie) {
        out.push({
          judgeId: j.id,
          judgeName: j.name,
          proposalId: p.id,
          proposalNumber: proposalNumber(c.year, p.seq),
          title: p.title,
          tie,
          reason: `${RECUSAL_TIES[tie]}（提案人：${who}）`,
        })
      }
    }
  }
  return out
}

export async function declareRecusal(
  db: Db,
  input: { judgeId: number; proposalId: number; tie: RecusalTie; reason: string },
  now = nowIso(),
): Promise<{ id: number }> {
  return inTransaction(db, async (trx) => {
    const j = await judgeRow(trx, input.judgeId)
    const p = await trx
      .selectFrom('contest_proposals')
      .select(['contest_id'])
      .where('id', '=', input.proposalId)
      .executeTakeFirst()
    if (!p || p.contest_id !== j.contest_id) throw notFound('提案')
    const reason = input.reason.trim() || RECUSAL_TIES[input.tie]
    const scored = await trx
      .selectFrom('contest_scores as s')
      .innerJoin('contest_sheets as h', 'h.id', 's.sheet_id')
      .select('s.score')
      .where('h.judge_id', '=', input.judgeId)
      .where('s.proposal_id', '=', input.proposalId)
      .executeTakeFirst()
    if (scored) throw new AppError('TOO_LATE', `${j.name}已经给这个提案打过分，回避要在评分之前申报。`)
    const existing = await trx
      .selectFrom('contest_recusals')
      .select('id')
      .where('judge_id', '=', input.judgeId)
      .where('proposal_id', '=', input.proposalId)
      .executeTakeFirst()
    if (existing) throw new AppError('DUPLICATE', `${j.name}对这个提案的回避已经登记过了。`)
    const row = await trx
      .insertInto('contest_recusals')
      .values({ judge_id: input.judgeId, proposal_id: input.proposalId, tie: input.tie, reason, declared_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', '评委回避', row.id, input)
    return { id: row.id }
  })
}

/** 回避记录: every declared recusal of the contest, for print. */
export async function recusalRecord(db: Db, contestId: number) {
  const c = await contestRow(db, contestId)
  const rows = await db
    .selectFrom('contest_recusals as x')
    .innerJoin('contest_judges as j', 'j.id', 'x.judge_id')
    .innerJoin('contest_proposals as p', 'p.id', 'x.proposal_id')
    .select(['x.id', 'j.name as judge', 'p.seq', 'p.title', 'x.tie', 'x.reason', 'x.declared_at'])
    .where('j.contest_id', '=', contestId)
    .orderBy('p.seq')
    .orderBy('j.id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    judge: r.judge,
    proposalNumber: proposalNumber(c.year, r.seq),
    title: r.title,
    tie: RECUSAL_TIES[r.tie as RecusalTie] ?? r.tie,
    reason: r.reason,
    declaredAt: r.declared_at,
  }))
}
