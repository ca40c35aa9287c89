import type { Db } from '../../database/open-database'
import { exporter, type ExportSink } from '../../registry/export-file'
import { RegisterWorkbook, type Cell } from '../../registry/xlsx-register'
import { AppError } from '../../../shared/app-error'
import { computeResults } from '../results-service'
import { recusalRecord } from '../panel-service'
import { proposalNumber } from '../proposal-service'

/**
 * 评分汇总表 and the raw score sheets of one contest as .xlsx, in the office's 台账 look:
 * - 评分汇总表 (landscape): rank, proposal, each judge's weighted total (the dropped highest and
 *   lowest marked, 回避 where recused), n, the rule used, the final score to four places, the
 *   award; the rules and a signature line for every judge and the supervisor underneath;
 * - 原始评分: every score of every submitted sheet (judge, PC or paper, proposal, each criterion);
 * - 回避记录 and 并列处理 (every tie-break step in words).
 * The office's own book, so proposers are named in full (the 公示 masks them).
 */
export const SUMMARY_FIXED = ['名次', '编号', '提案名称', '提案人'] as const
const MONEY = '#,##0.00'

/** 评分汇总表 and the raw score sheets of a contest, as an export job (names inside: audited when complete). */
export const contestScores = exporter<{ contestId: number }>({
  key: 'contest.scores',
  what: '提案大赛评分汇总表',
  prepare: async (db, q) => {
    const c = await db.selectFrom('contests').select(['year', 'name']).where('id', '=', q.contestId).executeTakeFirst()
    if (!c) throw new AppError('NOT_FOUND', '找不到这届提案大赛，可能已被删除。')
    return { fileName: `${c.year}年${c.name}评分汇总表.xlsx` }
  },
  build: (db, q, sink) => buildContestXlsx(db, q.contestId, sink),
})

export async function buildContestXlsx(db: Db, contestId: number, sink: ExportSink): Promise<{ count: number }> {
  const now = sink.now
  const r = await computeResults(db, contestId)
  const c = r.rules
  const community = await db.selectFrom('community').select(['name']).where('id', '=', 1).executeTakeFirst()
  const title = `${community?.name ?? ''}${c.year}年${c.name}评分汇总表`
  const judges = await db
    .selectFrom('contest_judges')
    .select(['id', 'name'])
    .where('contest_id', '=', contestId)
    .orderBy('id')
    .execute()
  const book = new RegisterWorkbook(sink, title, now)

  const headers = [...SUMMARY_FIXED, ...judges.map((j) => j.name), '人数', '计分方法', '最终得分', '资助金额（元）']
  const rows: Cell[][] = r.rows.map((x) => [
    x.rank ?? '—',
    x.number,
    x.title,
    x.proposer,
    ...judges.map((j): Cell => {
      const s = x.judges.find((k) => k.judgeId === j.id)
      if (!s) return x.recused.includes(j.name) ? '回避' : '—'
      return s.dropped ? `${s.total.toFixed(2)}（${s.dropped}，去掉）` : Number(s.total.toFixed(2))
    }),
    x.n,
    x.trimmed ? '去掉最高最低分' : '平均',
    Number(x.score.toFixed(4)),
    x.funded ? x.award / 100 : null,
  ])
  const n = headers.length
  const summary = book.sheet({
    name: '评分汇总表',
    title,
    headers,
    orientation: 'landscape',
    centered: [1, 2, n - 3, n - 2],
    rows,
    fixed: { 3: 24 },
    numFmt: { [n]: MONEY },
  })
  for (const row of rows) summary.row(row)
  for (const t of c.rulesText) summary.note(t)
  summary.note(`资助合计 ${(r.funding.spent / 100).toFixed(2)} 元，结余 ${(r.funding.left / 100).toFixed(2)} 元。`)
  summary.note(
    `评委签名：${judges.map((j) => `${j.name}＿＿＿＿＿＿`).join('　')}　监督员签名：＿＿＿＿＿＿　日期：＿＿＿＿＿＿`,
  )
  summary.commit()

  const raw = await db
    .selectFrom('contest_scores as s')
    .innerJoin('contest_sheets as h', 'h.id', 's.sheet_id')
    .innerJoin('contest_judges as j', 'j.id', 'h.judge_id')
    .innerJoin('contest_proposals as p', 'p.id', 's.proposal_id')
    .select([
      'j.id as judgeId',
      'j.name',
      'h.mode',
      'h.submitted_at',
      'p.id as proposalId',
      'p.seq',
      'p.title',
      's.criterion_id',
      's.score',
    ])
    .where('j.contest_id', '=', contestId)
    .where('h.submitted_at', 'is not', null)
    .orderBy('j.id')
    .orderBy('p.seq')
    .execute()
  const byCell = new Map<
    string,
    { name: string; mode: string; seq: number; title: string; scores: Map<number, number> }
  >()
  for (const s of raw) {
    const key = `${s.judgeId}:${s.proposalId}`
    let e = byCell.get(key)
    if (!e) byCell.set(key, (e = { name: s.name, mode: s.mode, seq: s.seq, title: s.title, scores: new Map() }))
    e.scores.set(s.criterion_id, s.score)
  }
  const rawHeaders = [
    '评委',
    '方式',
    '编号',
    '提案名称',
    ...c.criteria.map((k) => `${k.name}（满分 ${k.max}）`),
    '加权总分',
  ]
  const rawRows: Cell[][] = [...byCell.values()].map((e) => [
    e.name,
    e.mode,
    proposalNumber(c.year, e.seq),
    e.title,
    ...c.criteria.map((k) => e.scores.get(k.id) ?? null),
    Number(c.criteria.reduce((s, k) => s + (k.weight * (e.scores.get(k.id) ?? 0)) / k.max, 0).toFixed(2)),
  ])
  const sheet = book.sheet({
    name: '原始评分',
    title: `${c.year}年${c.name}原始评分`,
    headers: rawHeaders,
    orientation: 'landscape',
    centered: [2, 3],
    rows: rawRows,
  })
  sink.total(rawRows.length)
  for (const row of rawRows) {
    sheet.row(row)
    await sink.step()
  }
  sheet.note('加权总分 = Σ 权重 × 得分 ÷ 该项满分。')
  sheet.commit()

  const recusals = await recusalRecord(db, contestId)
  const rec = book.sheet({
    name: '回避记录',
    title: `${c.year}年${c.name}回避记录`,
    headers: ['评委', '编号', '提案名称', '关系', '说明'],
    orientation: 'portrait',
    centered: [2],
    rows: recusals.map((x) => [x.judge, x.proposalNumber, x.title, x.tie, x.reason]),
  })
  for (const x of recusals) rec.row([x.judge, x.proposalNumber, x.title, x.tie, x.reason])
  rec.commit()

  const ties = book.sheet({
    name: '并列处理',
    title: `${c.year}年${c.name}并列处理记录`,
    headers: ['序号', '处理经过'],
    orientation: 'portrait',
    centered: [1],
    rows: r.tieLog.map((t, i) => [i + 1, t.text]),
    fixed: { 2: 80 },
  })
  r.tieLog.forEach((t, i) => ties.row([i + 1, t.text]))
  if (!r.tieLog.length) ties.note('没有得分并列的提案。')
  ties.commit()

  await book.finish()
  return { count: r.rows.length }
}
