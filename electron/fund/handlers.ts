import { z } from 'zod'
import {
  DIRECTIONS,
  MANUAL_EXPENSE_KINDS,
  MANUAL_INCOME_KINDS,
  PARTY_TYPES,
  RESTRICTIONS,
} from '../../shared/fund-values'
import { handler } from '../registry/define'
import { date, dateRange, id, input, noInput, note, oneOf, pageFields, text, whole, yuan } from '../registry/fields'
import { addEvidence, handOutEvidence, readEvidence } from './evidence-service'
import { getEntry, listEntries, subfundStatement } from './ledger-reads'
import { createSubfund, listSubfunds, postEntry, reverseEntry } from './ledger-service'
import { publicNotice, receipt } from './papers-service'
import { partnersForIncome, periodsOwing, periodToPay, postPartnerIncome } from './partner-income'
import { enterStatement, explainDifference, reconciliationState } from './reconcile-service'

/**
 * 社区公益基金 (fund.*): sub-funds, entries typed in by the clerk (income: 捐赠, 乡贤筹款, 其他收入;
 * expenditure: 公益支出, 其他支出 — 合伙人承诺 and 提案资助 are posted by their own modules through
 * postEntry), 冲销, evidence files, the statement, month-end reconciliation and the papers' contents.
 */
const month = (label: string) =>
  z.string({ error: `请选择「${label}」` }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, `「${label}」应当是年月，如 2026-03`)

const boolean = (label: string) => z.boolean({ error: `「${label}」只能是是或否` })

export const fundHandlers = {
  'fund.subfunds': handler({ input: noInput, run: (db) => listSubfunds(db) }),
  'fund.createSubfund': handler({
    input: input({
      name: text('子基金名称', { max: 30 }),
      restriction: oneOf('性质', RESTRICTIONS),
      purpose: note('用途', 200),
    }),
    run: (db, q) => createSubfund(db, q),
  }),
  'fund.entries': handler({
    input: input({
      subfundId: id('子基金').nullable().default(null),
      year: whole('年份', 2000, 2100).nullable().default(null),
      direction: oneOf('收支', DIRECTIONS).nullable().default(null),
      search: text('搜索', { max: 50, optional: true }).default(''),
      ...pageFields,
    }),
    run: (db, q) => listEntries(db, q),
  }),
  'fund.entry': handler({ input: input({ id: id('收支记录') }), run: (db, q) => getEntry(db, q.id) }),
  'fund.post': handler({
    input: input({
      subfundId: id('子基金'),
      kind: oneOf('类型', [...MANUAL_INCOME_KINDS, ...MANUAL_EXPENSE_KINDS]),
      entryDate: date('日期'),
      amount: yuan('金额', { positive: true }),
      counterparty: text('对方', { max: 60 }),
      partyType: oneOf('对方是', PARTY_TYPES),
      partyNamed: boolean('同意公示姓名').default(false),
      voucherNo: text('凭证号', { max: 30, optional: true }).default(''),
      summary: note('摘要', 200),
    }),
    run: async (db, q) => {
      const e = await postEntry(db, q)
      return { id: e.id, voucherNo: e.voucher_no }
    },
  }),
  // 合伙人承诺: the partner, its periods still owing (due prefilled), and the income linked to one.
  'fund.incomePartners': handler({
    input: input({ search: text('搜索', { max: 50, optional: true }).default('') }),
    run: (db, q) => partnersForIncome(db, q.search),
  }),
  'fund.periodsOwing': handler({
    input: input({ partnerId: id('合伙人') }),
    run: (db, q) => periodsOwing(db, q.partnerId),
  }),
  'fund.periodToPay': handler({
    input: input({ periodId: id('履约期') }),
    run: (db, q) => periodToPay(db, q.periodId),
  }),
  'fund.postPartnerIncome': handler({
    input: input({
      periodId: id('履约期'),
      subfundId: id('子基金'),
      entryDate: date('日期'),
      amount: yuan('金额', { positive: true }),
      voucherNo: text('凭证号', { max: 30, optional: true }).default(''),
      summary: note('摘要', 200),
    }),
    run: async (db, q) => {
      const e = await postPartnerIncome(db, q)
      return { id: e.id, voucherNo: e.voucher_no }
    },
  }),
  'fund.reverse': handler({
    input: input({
      id: id('收支记录'),
      reason: text('冲销原因', { max: 300 }),
      entryDate: date('冲销日期').nullable().default(null),
    }),
    run: async (db, q) => {
      const e = await reverseEntry(db, { entryId: q.id, reason: q.reason, entryDate: q.entryDate })
      return { id: e.id, voucherNo: e.voucher_no }
    },
  }),
  'fund.statement': handler({
    input: input({ subfundId: id('子基金'), year: whole('年份', 2000, 2100) }),
    run: (db, q) => subfundStatement(db, q.subfundId, q.year),
  }),
  'fund.reconciliation': handler({ input: noInput, run: (db) => reconciliationState(db) }),
  'fund.enterStatement': handler({
    input: input({ month: month('对账月份'), statementBalance: yuan('对账单余额') }),
    run: (db, q) => enterStatement(db, q),
  }),
  'fund.explainDifference': handler({
    input: input({ month: month('对账月份'), explanation: text('差额说明', { max: 300 }) }),
    run: (db, q) => explainDifference(db, q),
  }),
  'fund.addEvidence': handler({
    input: input({
      entryId: id('收支记录'),
      fileName: text('文件名', { max: 120 }),
      contentBase64: z
        .string({ error: '请选择文件' })
        .min(1, '请选择文件')
        .max(14_000_000, '文件太大了（最多 10 MB），请压缩后再保存。')
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件没有读完整，请重新选择。'),
    }),
    run: (db, q, ctx) => addEvidence(db, ctx.dataFile, q),
  }),
  'fund.evidence': handler({
    input: input({ id: id('凭证附件') }),
    run: (db, q, ctx) => readEvidence(db, ctx.dataFile, q.id),
  }),
  'fund.openEvidence': handler({
    input: input({ id: id('凭证附件'), how: oneOf('方式', { open: '打开', save: '另存' }) }),
    run: (db, q, ctx) => handOutEvidence(db, ctx, q.id, q.how),
  }),
  'fund.receipt': handler({ input: input({ id: id('收支记录') }), run: (db, q) => receipt(db, q.id) }),
  'fund.publicNotice': handler({ input: dateRange(), run: (db, q) => publicNotice(db, q) }),
} as const
