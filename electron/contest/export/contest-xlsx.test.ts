import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_CRITERIA, DEFAULT_TIE_CHAIN } from '../../../shared/contest-values'
import { openTempDb, type TempDb } from '../../testing/temp-db'
import { buildExport, runExport } from '../../testing/export-file'
import { saveProfile } from '../../community/community-service'
import { createContest, getContest, openScoring } from '../contest-service'
import { createProposal, reviewProposal } from '../proposal-service'
import { addJudge, declareRecusal } from '../panel-service'
import { judgeSheet, saveScores, submitSheet } from '../scoring-service'
import { contestScores } from './contest-xlsx'

/** 评分汇总表 read back with exceljs (an independent reader of the file the streaming writer wrote). */
let t: TempDb
let contestId: number
const NOW = '2026-05-20T02:00:00.000Z'

beforeEach(async () => {
  t = await openTempDb()
  await saveProfile(t.db, { name: '幸福里社区', kind: '城市社区', address: '幸福路 88 号', phone: '' })
  contestId = (
    await createContest(
      t.db,
      {
        year: 2026,
        name: '社区提案大赛',
        budget: 10_000_000,
        cap: 5_000_000,
        trimFrom: 5,
        minScore: 600,
        priority: 2,
        tieChain: [...DEFAULT_TIE_CHAIN],
        fundingRule: 'greedySkip',
        objectionDays: 7,
        objectionPlace: '',
        phases: {},
        criteria: DEFAULT_CRITERIA.map((c) => ({ ...c })),
      },
      NOW,
    )
  ).id
  const line = (amount: number) => [{ item: '施工', amount }]
  const base = {
    proposerResidentId: null,
    organisation: '',
    draftedBy: '',
    problem: '',
    plan: '',
    beneficiaries: '',
    beneficiaryCount: 0,
    minViable: 0,
    photo: '',
  }
  const a = await createProposal(t.db, contestId, {
    ...base,
    proposerGroup: '银发志愿队',
    title: '长者助餐点',
    budgetLines: line(2_000_000),
  })
  const b = await createProposal(t.db, contestId, {
    ...base,
    proposerGroup: '绿色家园',
    title: '口袋公园',
    budgetLines: line(6_000_000),
  })
  for (const p of [a, b]) await reviewProposal(t.db, p.id, { eligible: true, code: null, note: '' })
  const judges = []
  for (const name of ['周教授', '吴老师', '郑老师', '冯老师', '陈老师']) {
    judges.push((await addJudge(t.db, contestId, { name, kind: '专家', residentId: null, organisation: '' })).id)
  }
  await declareRecusal(t.db, { judgeId: judges[4]!, proposalId: b.id, tie: 'organisation', reason: '同一组织' }, NOW)
  await openScoring(t.db, contestId, NOW)
  const { criteria } = await judgeSheet(t.db, judges[0]!)
  const scores = [
    [9, 7],
    [8, 8],
    [7, 9],
    [10, 6],
    [6, null],
  ]
  for (const [i, j] of judges.entries()) {
    for (const [k, p] of [a, b].entries()) {
      const s = scores[i]![k]
      if (s !== null && s !== undefined) {
        await saveScores(
          t.db,
          j,
          criteria.map((c) => ({ proposalId: p.id, criterionId: c.id, score: s })),
        )
      }
    }
    await submitSheet(t.db, j, '', NOW)
  }
})
afterEach(() => t.cleanup())

async function read(data: Uint8Array | string) {
  const wb = new ExcelJS.Workbook()
  const bytes = data as Uint8Array
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  return (name: string) => {
    const ws = wb.getWorksheet(name)!
    const out: unknown[][] = []
    ws.eachRow({ includeEmpty: false }, (row) => out.push((row.values as unknown[]).slice(1)))
    return { ws, rows: out }
  }
}

describe('评分汇总表 .xlsx', () => {
  it('lists each judge’s total with the dropped ones marked, recusals, n, the final score and the award; signatures below', async () => {
    const file = await buildExport(contestScores, t.db, { contestId }, new Date(NOW))
    expect((await contestScores.prepare(t.db, { contestId })).fileName).toBe('2026年社区提案大赛评分汇总表.xlsx')
    const sheet = await read(file.data)
    const { ws, rows } = sheet('评分汇总表')
    expect(ws.pageSetup.orientation).toBe('landscape')
    expect(rows[0]![0]).toBe('幸福里社区2026年社区提案大赛评分汇总表')
    expect(rows[1]).toEqual([
      '名次',
      '编号',
      '提案名称',
      '提案人',
      '周教授',
      '吴老师',
      '郑老师',
      '冯老师',
      '陈老师',
      '人数',
      '计分方法',
      '最终得分',
      '资助金额（元）',
    ])
    // 长者助餐点: 90 80 70 100 60 → drop 100 and 60 → 80. 口袋公园: 70 80 90 60 (陈老师 recused) → mean 75.
    expect(rows[2]).toEqual([
      1,
      '2026-T001',
      '长者助餐点',
      '银发志愿队',
      90,
      80,
      70,
      '100.00（最高分，去掉）',
      '60.00（最低分，去掉）',
      5,
      '去掉最高最低分',
      80,
      20000,
    ])
    expect(rows[3]).toEqual([2, '2026-T002', '口袋公园', '绿色家园', 70, 80, 90, 60, '回避', 4, '平均', 75, 50000])
    const notes = rows.slice(4).map((r) => String(r[0]))
    expect(notes.some((n) => n.includes('去掉一个最高分和一个最低分'))).toBe(true)
    expect(notes.at(-1)).toMatch(/评委签名：周教授＿+　吴老师＿+.*监督员签名/)

    const raw = sheet('原始评分').rows
    expect(raw[1]).toEqual([
      '评委',
      '方式',
      '编号',
      '提案名称',
      '必要性（满分 10）',
      '可行性（满分 10）',
      '受益面（满分 10）',
      '预算合理性（满分 10）',
      '可持续性（满分 10）',
      '加权总分',
    ])
    expect(raw.slice(2, -1)).toHaveLength(9) // 5 + 4 sheets of a proposal (one recused)
    expect(raw[2]).toEqual(['周教授', '现场', '2026-T001', '长者助餐点', 9, 9, 9, 9, 9, 90])
    expect(sheet('回避记录').rows[2]).toEqual(['陈老师', '2026-T002', '口袋公园', '与提案人同一单位或组织', '同一组织'])
  })

  it('is saved through the registry and audited', async () => {
    const r = await runExport(t.db, t.ctx, 'export.contestXlsx', { contestId })
    if (!r.ok) throw new Error(r.message)
    expect(r.value?.state).toBe('done')
    const sheet = await read(readFileSync(r.value!.path!))
    // Title, header, two proposals, the rules, the total spent and the signature line.
    const rules = (await getContest(t.db, contestId)).rulesText
    expect(sheet('评分汇总表').rows).toHaveLength(2 + 2 + rules.length + 2)
    const audit = await t.db.selectFrom('audit_log').select(['action', 'entity']).where('action', '=', '导出').execute()
    expect(audit).toEqual([{ action: '导出', entity: '提案大赛评分汇总表' }])
  })
})
