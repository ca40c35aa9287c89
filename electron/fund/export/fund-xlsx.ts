import { chineseDate } from '../../../shared/dates'
import { committeeName } from '../../../shared/committee'
import type { Db } from '../../database/open-database'
import { exporter, type ExportSink } from '../../registry/export-file'
import { RegisterWorkbook, registerTitle, signatureLine, type Cell } from '../../registry/xlsx-register'
import { subfundStatement, type Statement } from '../ledger-reads'
import { listSubfunds } from '../ledger-service'

/**
 * 公益基金收支明细 of one year, in the office's 台账 look (the register workbook the follow-up
 * registers use): a 汇总 sheet (each sub-fund's 上年结转, 本年收入, 本年支出, 年末余额, and the
 * total), then one sheet per sub-fund: 上年结转, every entry in date order with the balance after
 * it, 本年合计 and 结转下年. Amounts are numbers in yuan with two decimals (Excel sums them); a
 * reversal (冲销) is a negative amount in the column of the entry it reverses, as 红字 in a paper book.
 * The register is the office's own book, so counterparties are named in full (the public notice
 * masks them); each export is audited by saveExport.
 */
export const SUMMARY_HEADERS = [
  '子基金',
  '性质',
  '用途',
  '上年结转（元）',
  '本年收入（元）',
  '本年支出（元）',
  '年末余额（元）',
] as const
export const DETAIL_HEADERS = [
  '序号',
  '日期',
  '凭证号',
  '类型',
  '摘要',
  '对方单位或个人',
  '收入（元）',
  '支出（元）',
  '余额（元）',
  '备注',
] as const

const MONEY = '#,##0.00'
const yuan = (fen: number | null): number | null => (fen === null ? null : fen / 100)

/** A sheet name Excel accepts: no []:*?/\, at most 31 characters, unique in the book. */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 28) || '子基金'
  let candidate = base
  for (let i = 2; taken.has(candidate); i++) candidate = `${base}${i}`
  taken.add(candidate)
  return candidate
}

/** 公益基金收支明细 of one year, as an export job (names inside: audited when the file is complete). */
export const fundRegister = exporter<{ year: number }>({
  key: 'fund.register',
  what: '公益基金收支明细',
  prepare: async (_db, q) => ({ fileName: `公益基金收支明细-${q.year}年.xlsx` }),
  build: (db, q, sink) => buildFundXlsx(db, q.year, sink),
})

export async function buildFundXlsx(db: Db, year: number, sink: ExportSink): Promise<{ count: number }> {
  const now = sink.now
  const profile = await db.selectFrom('community').select(['name', 'kind']).where('id', '=', 1).executeTakeFirst()
  const subfunds = await listSubfunds(db)
  const statements: Statement[] = []
  for (const s of subfunds) statements.push(await subfundStatement(db, s.id, year))
  const range = { from: `${year}-01-01`, to: `${year}-12-31` }
  const title = registerTitle(profile?.name ?? null, '公益基金收支明细', range)
  const book = new RegisterWorkbook(sink, title, now)
  const taken = new Set<string>(['汇总'])

  const summaryRows: Cell[][] = statements.map((st) => [
    st.subfund.name,
    st.subfund.restriction,
    st.subfund.purpose,
    yuan(st.opening),
    yuan(st.income),
    yuan(st.expense),
    yuan(st.closing),
  ])
  const sum = (pick: (st: Statement) => number) => statements.reduce((n, st) => n + pick(st), 0)
  const summary = book.sheet({
    name: '汇总',
    title,
    headers: SUMMARY_HEADERS,
    orientation: 'landscape',
    centered: [2],
    rows: summaryRows,
    fixed: { 3: 30 },
    numFmt: { 4: MONEY, 5: MONEY, 6: MONEY, 7: MONEY },
  })
  for (const row of summaryRows) summary.row(row)
  summary.row(
    [
      '合计',
      '',
      `共 ${statements.length} 个子基金`,
      yuan(sum((s) => s.opening)),
      yuan(sum((s) => s.income)),
      yuan(sum((s) => s.expense)),
      yuan(sum((s) => s.closing)),
    ],
    true,
  )
  summary.note('年末余额 = 上年结转 + 本年收入 − 本年支出。冲销（更正错账）以负数计入原来那一栏。')
  summary.note(signatureLine(committeeName(profile), now))
  summary.commit()

  let entries = 0
  sink.total(statements.reduce((n, st) => n + st.lines.length, 0))
  for (const st of statements) {
    const rows: Cell[][] = [
      [null, chineseDate(range.from), '', '', '上年结转', '', null, null, yuan(st.opening), ''],
      ...st.lines.map((l, i): Cell[] => [
        i + 1,
        chineseDate(l.date),
        l.voucherNo,
        l.kind,
        l.summary,
        l.counterparty,
        yuan(l.income),
        yuan(l.expense),
        yuan(l.balance),
        l.reversesVoucher ? `冲销 ${l.reversesVoucher}` : l.reversedByVoucher ? `已被 ${l.reversedByVoucher} 冲销` : '',
      ]),
    ]
    entries += st.lines.length
    const ws = book.sheet({
      name: sheetName(st.subfund.name, taken),
      title: `${title}（${st.subfund.name}）`,
      headers: DETAIL_HEADERS,
      orientation: 'landscape',
      centered: [1, 2, 3, 4],
      rows,
      fixed: { 5: 30, 10: 18 },
      numFmt: { 7: MONEY, 8: MONEY, 9: MONEY },
    })
    for (const row of rows) {
      ws.row(row)
      await sink.step()
    }
    ws.row(['合计', '', '', '', '本年合计', '', yuan(st.income), yuan(st.expense), null, ''], true)
    ws.row([null, chineseDate(range.to), '', '', '结转下年', '', null, null, yuan(st.closing), ''], true)
    ws.note(
      `${st.subfund.restriction}子基金${st.subfund.purpose ? `，用途：${st.subfund.purpose}` : ''}。共 ${st.lines.length} 笔。`,
    )
    ws.note(signatureLine(committeeName(profile), now))
    ws.commit()
  }
  await book.finish()
  return { count: entries }
}
