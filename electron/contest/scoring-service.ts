import { AppError } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { inTransaction } from '../database/unit-of-work'
import { assertScoringOpen, contestRow } from './contest-service'
import { judgeRow } from './panel-service'
import { proposalNumber } from './proposal-service'

/**
 * Scoring. One sheet per judge covering every eligible proposal the judge is not recused from,
 * every criterion within its range. Either at the PC (judge mode: the judge sees only their own
 * sheet until it is submitted) or from paper, typed in independently by two clerks: the two
 * entries are compared and every mismatch is shown until settled against the paper, and only then
 * does the sheet exist. A submitted sheet is locked; a correction needs a reason and a supervisor's
 * name and is logged (the database applies it from the log).
 */

export interface CellScore {
  proposalId: number
  criterionId: number
  score: number
}

/** What the judge must score: eligible proposals minus recusals, times criteria. */
async function duty(db: Db, judgeId: number) {
  const j = await judgeRow(db, judgeId)
  const c = await contestRow(db, j.contest_id)
  const criteria = await db
    .selectFrom('contest_criteria')
    .select(['id', 'name', 'max_score', 'weight', 'description', 'levels'])
    .where('contest_id', '=', j.contest_id)
    .orderBy('position')
    .execute()
  const proposals = await db
    .selectFrom('contest_proposals as p')
    .select(['p.id', 'p.seq', 'p.title', 'p.request'])
    .where('p.contest_id', '=', j.contest_id)
    .where('p.eligibility', '=', '合格')
    .orderBy('p.seq')
    .execute()
  const recused = new Set(
    (await db.selectFrom('contest_recusals').select('proposal_id').where('judge_id', '=', judgeId).execute()).map(
      (r) => r.proposal_id,
    ),
  )
  return { judge: j, contest: c, criteria, proposals, recused }
}

type Duty = Awaited<ReturnType<typeof duty>>

/** Checks cells against the judge's duty: a known proposal and criterion, not recused, within range. */
function checkCells(d: Duty, cells: CellScore[]) {
  const proposals = new Map(d.proposals.map((p) => [p.id, p]))
  const criteria = new Map(d.criteria.map((c) => [c.id, c]))
  for (const cell of cells) {
    const p = proposals.get(cell.proposalId)
    const c = criteria.get(cell.criterionId)
    if (!p || !c) throw new AppError('INVALID_INPUT', '评分表里有不属于本次大赛的提案或评分项，请刷新后重试。')
    const label = `${proposalNumber(d.contest.year, p.seq)}「${c.name}」`
    if (d.recused.has(p.id)) {
      throw new AppError(
        'RECUSED',
        `${d.judge.name}已回避提案 ${proposalNumber(d.contest.year, p.seq)}，不能给它打分。`,
      )
    }
    if (!Number.isInteger(cell.score) || cell.score < 0 || cell.score > c.max_score) {
      throw new AppError('OUT_OF_RANGE', `${label}的分数应当是 0 到 ${c.max_score} 之间的整数，没有保存。`)
    }
  }
}

async function sheetOf(db: Db, judgeId: number) {
  return db.selectFrom('contest_sheets').selectAll().where('judge_id', '=', judgeId).executeTakeFirst()
}

/** Judge mode: the judge's own sheet only (never another judge's scores), with what is missing. */
export async function judgeSheet(db: Db, judgeId: number) {
  const d = await duty(db, judgeId)
  const sheet = await sheetOf(db, judgeId)
  const scores = sheet
    ? await db
        .selectFrom('contest_scores')
        .select(['proposal_id', 'criterion_id', 'score'])
        .where('sheet_id', '=', sheet.id)
        .execute()
    : []
  const toScore = d.proposals.filter((p) => !d.recused.has(p.id))
  return {
    contestId: d.contest.id,
    judge: { id: d.judge.id, name: d.judge.name, kind: d.judge.kind },
    mode: sheet?.mode ?? null,
    submitted: sheet?.submitted_at ?? null,
    criteria: d.criteria.map((c) => ({
      id: c.id,
      name: c.name,
      max: c.max_score,
      weight: c.weight,
      description: c.description,
      levels: JSON.parse(c.levels) as string[],
    })),
    proposals: d.proposals.map((p) => ({
      id: p.id,
      number: proposalNumber(d.contest.year, p.seq),
      title: p.title,
      recused: d.recused.has(p.id),
    })),
    scores: scores.map((s) => ({ proposalId: s.proposal_id, criterionId: s.criterion_id, score: s.score })),
    missing: toScore.length * d.criteria.length - scores.length,
  }
}

/** Judge mode: saves some of the judge's own scores (the sheet stays open until submitted). */
export async function saveScores(db: Db, judgeId: number, cells: CellScore[]): Promise<void> {
  await inTransaction(db, async (trx) => {
    const d = await duty(trx, judgeId)
    await assertScoringOpen(trx, d.contest.id)
    checkCells(d, cells)
    let sheet = await sheetOf(trx, judgeId)
    if (sheet?.mode === '纸质')
      throw new AppError('INVALID_INPUT', `${d.judge.name}用的是纸质评分表，请在“纸质录入”里录入。`)
    if (sheet?.submitted_at) throw new AppError('LOCKED', '评分表已经提交锁定，改分要写明原因并由监督员确认。')
    if (!sheet) {
      sheet = await trx
        .insertInto('contest_sheets')
        .values({ judge_id: judgeId, mode: '现场', submitted_at: null })
        .returning(['id', 'judge_id', 'mode', 'submitted_at', 'signed_by'])
        .executeTakeFirstOrThrow()
    }
    for (const cell of cells) {
      await trx
        .insertInto('contest_scores')
        .values({ sheet_id: sheet.id, proposal_id: cell.proposalId, criterion_id: cell.criterionId, score: cell.score })
        .onConflict((oc) => oc.columns(['sheet_id', 'proposal_id', 'criterion_id']).doUpdateSet({ score: cell.score }))
        .execute()
    }
  })
}

function missingCells(d: Duty, have: Set<string>) {
  const out: string[] = []
  for (const p of d.proposals) {
    if (d.recused.has(p.id)) continue
    for (const c of d.criteria)
      if (!have.has(`${p.id}:${c.id}`)) out.push(`${proposalNumber(d.contest.year, p.seq)}「${c.name}」`)
  }
  return out
}

/** Submits and locks the judge's PC sheet; every cell must be scored. */
export async function submitSheet(db: Db, judgeId: number, signedBy: string, now = nowIso()): Promise<void> {
  await inTransaction(db, async (trx) => {
    const d = await duty(trx, judgeId)
    await assertScoringOpen(trx, d.contest.id)
    const sheet = await sheetOf(trx, judgeId)
    if (!sheet) throw new AppError('INVALID_INPUT', `${d.judge.name}还没有打分。`)
    if (sheet.submitted_at) throw new AppError('LOCKED', '这张评分表已经提交过了。')
    const have = new Set(
      (
        await trx
          .selectFrom('contest_scores')
          .select(['proposal_id', 'criterion_id'])
          .where('sheet_id', '=', sheet.id)
          .execute()
      ).map((s) => `${s.proposal_id}:${s.criterion_id}`),
    )
    const missing = missingCells(d, have)
    if (missing.length) {
      throw new AppError(
        'INCOMPLETE',
        `还有 ${missing.length} 项没有打分：${missing.slice(0, 5).join('、')}${missing.length > 5 ? ' 等' : ''}。`,
      )
    }
    await trx
      .updateTable('contest_sheets')
      .set({ submitted_at: now, signed_by: signedBy.trim() || d.judge.name })
      .where('id', '=', sheet.id)
      .execute()
    await audit(trx, '修改', '评分表提交', sheet.id, { judge: d.judge.name })
  })
}

/** Paper: one clerk's entry (round 1 or 2) of some cells of a judge's paper sheet. */
export async function enterPaper(
  db: Db,
  input: { judgeId: number; round: 1 | 2; clerk: string; cells: CellScore[] },
  now = nowIso(),
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const d = await duty(trx, input.judgeId)
    await assertScoringOpen(trx, d.contest.id)
    checkCells(d, input.cells)
    const sheet = await sheetOf(trx, input.judgeId)
    if (sheet) throw new AppError('LOCKED', `${d.judge.name}的评分表已经生成，不能再做纸质录入。`)
    const clerk = input.clerk.trim()
    if (!clerk) throw new AppError('INVALID_INPUT', '请填写录入人。')
    const other = await trx
      .selectFrom('contest_paper_entries')
      .select('clerk')
      .where('judge_id', '=', input.judgeId)
      .where('round', '=', input.round === 1 ? 2 : 1)
      .executeTakeFirst()
    if (other && other.clerk === clerk) {
      throw new AppError('INVALID_INPUT', '两次录入要由两个人分别完成，第二次录入请换一位录入人。')
    }
    for (const cell of input.cells) {
      await trx
        .insertInto('contest_paper_entries')
        .values({
          judge_id: input.judgeId,
          proposal_id: cell.proposalId,
          criterion_id: cell.criterionId,
          round: input.round,
          score: cell.score,
          clerk,
          entered_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(['judge_id', 'proposal_id', 'criterion_id', 'round'])
            .doUpdateSet({ score: cell.score, clerk, entered_at: now, settled_by: '' }),
        )
        .execute()
    }
  })
}

/** Compares the two paper entries: every mismatch, and what each round still lacks. */
export async function comparePaper(db: Db, judgeId: number) {
  const d = await duty(db, judgeId)
  const entries = await db
    .selectFrom('contest_paper_entries')
    .select(['proposal_id', 'criterion_id', 'round', 'score', 'clerk'])
    .where('judge_id', '=', judgeId)
    .execute()
  const first = new Map<string, number>()
  const second = new Map<string, number>()
  for (const e of entries) (e.round === 1 ? first : second).set(`${e.proposal_id}:${e.criterion_id}`, e.score)
  const proposals = new Map(d.proposals.map((p) => [p.id, p]))
  const criteria = new Map(d.criteria.map((c) => [c.id, c]))
  const mismatches = [...first]
    .filter(([k, v]) => second.has(k) && second.get(k) !== v)
    .map(([k, v]) => {
      const [pid, cid] = k.split(':').map(Number) as [number, number]
      return {
        proposalId: pid,
        criterionId: cid,
        proposalNumber: proposalNumber(d.contest.year, proposals.get(pid)!.seq),
        criterion: criteria.get(cid)!.name,
        first: v,
        second: second.get(k)!,
      }
    })
  return {
    mismatches,
    missingFirst: missingCells(d, new Set(first.keys())),
    missingSecond: missingCells(d, new Set(second.keys())),
    clerks: [...new Set(entries.map((e) => `${e.round}:${e.clerk}`))].sort(),
  }
}

/** A mismatch settled against the paper: both entries take the paper's value. */
export async function settleMismatch(
  db: Db,
  input: { judgeId: number; proposalId: number; criterionId: number; score: number; settledBy: string },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const d = await duty(trx, input.judgeId)
    checkCells(d, [input])
    if (!input.settledBy.trim()) throw new AppError('INVALID_INPUT', '请填写核对人。')
    await trx
      .updateTable('contest_paper_entries')
      .set({ score: input.score, settled_by: input.settledBy.trim() })
      .where('judge_id', '=', input.judgeId)
      .where('proposal_id', '=', input.proposalId)
      .where('criterion_id', '=', input.criterionId)
      .execute()
  })
}

/** Both entries complete and equal: the paper sheet becomes the judge's locked sheet. */
export async function finishPaper(db: Db, judgeId: number, now = nowIso()): Promise<void> {
  await inTransaction(db, async (trx) => {
    const d = await duty(trx, judgeId)
    await assertScoringOpen(trx, d.contest.id)
    const cmp = await comparePaper(trx, judgeId)
    if (cmp.missingFirst.length || cmp.missingSecond.length) {
      throw new AppError(
        'INCOMPLETE',
        `两次录入还没有都录完（第一次缺 ${cmp.missingFirst.length} 项，第二次缺 ${cmp.missingSecond.length} 项）。`,
      )
    }
    if (cmp.mismatches.length) {
      throw new AppError('MISMATCH', `两次录入有 ${cmp.mismatches.length} 处不一致，请对照纸质评分表逐一核对后再生成。`)
    }
    if (await sheetOf(trx, judgeId)) throw new AppError('LOCKED', '这位评委的评分表已经生成了。')
    const sheet = await trx
      .insertInto('contest_sheets')
      .values({ judge_id: judgeId, mode: '纸质', submitted_at: null, signed_by: d.judge.name })
      .returning('id')
      .executeTakeFirstOrThrow()
    const cells = await trx
      .selectFrom('contest_paper_entries')
      .select(['proposal_id', 'criterion_id', 'score'])
      .where('judge_id', '=', judgeId)
      .where('round', '=', 1)
      .execute()
    if (cells.length) {
      await trx
        .insertInto('contest_scores')
        .values(
          cells.map((c) => ({
            sheet_id: sheet.id,
            proposal_id: c.proposal_id,
            criterion_id: c.criterion_id,
            score: c.score,
          })),
        )
        .execute()
    }
    await trx.updateTable('contest_sheets').set({ submitted_at: now }).where('id', '=', sheet.id).execute()
    await audit(trx, '新增', '纸质评分表', sheet.id, { judge: d.judge.name, clerks: cmp.clerks })
  })
}

/** 改分: a score on a locked sheet, with the reason and the supervisor (监督员), logged. */
export async function correctScore(
  db: Db,
  input: {
    judgeId: number
    proposalId: number
    criterionId: number
    score: number
    reason: string
    supervisor: string
  },
  now = nowIso(),
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const d = await duty(trx, input.judgeId)
    if (d.contest.published_on) throw new AppError('PUBLISHED', '结果已经公示，不能再改分；有异议请登记在异议处理里。')
    checkCells(d, [input])
    if (!input.reason.trim()) throw new AppError('INVALID_INPUT', '改分要写明原因。')
    if (!input.supervisor.trim()) throw new AppError('INVALID_INPUT', '改分要由监督员确认，请填写监督员姓名。')
    const sheet = await sheetOf(trx, input.judgeId)
    if (!sheet?.submitted_at) throw new AppError('INVALID_INPUT', '评分表还没有提交，直接修改分数即可。')
    const old = await trx
      .selectFrom('contest_scores')
      .select('score')
      .where('sheet_id', '=', sheet.id)
      .where('proposal_id', '=', input.proposalId)
      .where('criterion_id', '=', input.criterionId)
      .executeTakeFirst()
    if (!old) throw new AppError('INVALID_INPUT', '这一项没有分数可改。')
    if (old.score === input.score) throw new AppError('INVALID_INPUT', '新分数和原分数一样，不需要改。')
    await trx
      .insertInto('contest_corrections')
      .values({
        sheet_id: sheet.id,
        proposal_id: input.proposalId,
        criterion_id: input.criterionId,
        old_score: old.score,
        new_score: input.score,
        reason: input.reason.trim(),
        supervisor: input.supervisor.trim(),
        corrected_at: now,
      })
      .execute()
  })
}

export async function corrections(db: Db, contestId: number) {
  const c = await contestRow(db, contestId)
  const rows = await db
    .selectFrom('contest_corrections as x')
    .innerJoin('contest_sheets as s', 's.id', 'x.sheet_id')
    .innerJoin('contest_judges as j', 'j.id', 's.judge_id')
    .innerJoin('contest_proposals as p', 'p.id', 'x.proposal_id')
    .innerJoin('contest_criteria as k', 'k.id', 'x.criterion_id')
    .select([
      'x.id',
      'j.name as judge',
      'p.seq',
      'k.name as criterion',
      'x.old_score',
      'x.new_score',
      'x.reason',
      'x.supervisor',
      'x.corrected_at',
    ])
    .where('j.contest_id', '=', contestId)
    .orderBy('x.id')
    .execute()
  return rows.map((r) => ({ ...r, proposalNumber: proposalNumber(c.year, r.seq) }))
}

/** "x of y sheets in". */
export async function progress(db: Db, contestId: number) {
  const rows = await db
    .selectFrom('contest_judges as j')
    .leftJoin('contest_sheets as s', 's.judge_id', 'j.id')
    .select(['j.id', 's.submitted_at'])
    .where('j.contest_id', '=', contestId)
    .execute()
  return { submitted: rows.filter((r) => r.submitted_at).length, total: rows.length }
}

/** 评分结束: every judge's sheet is in. */
export async function closeScoring(db: Db, contestId: number, now = nowIso()): Promise<void> {
  await inTransaction(db, async (trx) => {
    await assertScoringOpen(trx, contestId)
    const p = await progress(trx, contestId)
    if (p.submitted < p.total) {
      throw new AppError('INCOMPLETE', `评分表收回 ${p.submitted}/${p.total} 份，全部收齐后才能结束评分。`)
    }
    await trx.updateTable('contests').set({ scoring_closed_at: now }).where('id', '=', contestId).execute()
    await audit(trx, '修改', '提案大赛', contestId, { 结束评分: now })
  })
}
