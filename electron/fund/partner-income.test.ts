import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/app-error'
import { registry } from '../registry'
import { dispatch } from '../registry/dispatch'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { signAgreement } from '../partners/agreement-service'
import { getAgreement } from '../partners/agreement-reads'
import { listPayments, moneyPeriodsOpen } from '../partners/fulfilment-service'
import { createSubfund, listSubfunds, postEntry, postedForSource, reverseEntry } from './ledger-service'
import { postPartnerIncome, type PartnerIncomeInput } from './partner-income'

/**
 * A partner's money period paid into the charity fund, against a real SQLite file: the fund entry
 * and the period's payment are one transaction each way (paying, reversing), the period's actual is
 * the net of its linked entries, a payment above what is owed is refused in Chinese, and when
 * either side refuses nothing of the other is kept.
 */
let t: TempDb
let subfund: number
const NOW = '2026-06-15T04:00:00Z'

beforeEach(async () => {
  t = await openTempDb()
  subfund = (await createSubfund(t.db, { name: '社区公益综合', restriction: '非限定性', purpose: '' }, NOW)).id
})
afterEach(() => t.cleanup())

async function call<T = unknown>(channel: string, input: unknown): Promise<T> {
  const r = await dispatch(registry, t.db, t.ctx, channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.message}`)
  return r.value as T
}

/** The café: 10 % of each month's profit and a fixed 500 元 a quarter for the fund. */
async function cafe() {
  const partner = await call<{ id: number }>('partners.create', {
    kind: '个体工商户',
    name: '幸福里咖啡',
    creditCode: '91350100M000100Y43',
    contactName: '周店长',
    contactPhone: '13912345678',
    address: '幸福路 12 号',
    note: '',
  })
  const a = await call<{ id: number }>('partners.createAgreement', {
    partnerId: partner.id,
    kind: '资源置换',
    title: '闲置用房换社区服务',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    communitySignatory: '王芳',
    partnerSignatory: '周店长',
  })
  const profit = await call<{ id: number }>('partners.addCommitment', {
    agreementId: a.id,
    side: '合伙人承诺',
    kind: '比例分成',
    title: '利润 10% 捐入公益基金',
    periodUnit: '月',
    rateBp: 1000,
    weight: 2,
  })
  const fixed = await call<{ id: number }>('partners.addCommitment', {
    agreementId: a.id,
    side: '合伙人承诺',
    kind: '固定金额',
    title: '每季度捐助',
    periodUnit: '季',
    amountFen: 50_000,
    weight: 1,
  })
  const meetings = await call<{ id: number }>('partners.addCommitment', {
    agreementId: a.id,
    side: '合伙人承诺',
    kind: '每期次数',
    title: '承办议事会',
    periodUnit: '月',
    quantity: 2,
    weight: 1,
  })
  await signAgreement(t.db, a.id, '2025-12-20', NOW)
  const commitment = async (id: number) => (await getAgreement(t.db, a.id, NOW)).commitments.find((c) => c.id === id)!
  const january = (await commitment(profit.id)).periods[0]!.id
  await call('partners.reportBase', { periodId: january, baseFen: 1_234_567 })
  return {
    partnerId: partner.id,
    agreementId: a.id,
    profit: profit.id,
    fixed: fixed.id,
    meetings: meetings.id,
    january,
    commitment,
  }
}

const pay = (over: Partial<PartnerIncomeInput> & { periodId: number }) =>
  postPartnerIncome(
    t.db,
    { subfundId: subfund, entryDate: '2026-02-05', amount: 123_457, voucherNo: '', summary: '', ...over },
    NOW,
  )
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return (err as AppError).message
}
const entries = async () => (await t.db.selectFrom('fund_entries').select('id').execute()).length
const balance = async () => (await listSubfunds(t.db)).find((s) => s.id === subfund)!.balance

describe('a partner’s money period paid into the fund', () => {
  it('posts one income entry linked to the period, and the period’s actual is the net of its entries', async () => {
    const c = await cafe()
    const open = await call<Array<{ periodId: number; dueFen: number }>>('fund.periodsOwing', {
      partnerId: c.partnerId,
    })
    expect(open.find((o) => o.periodId === c.january)?.dueFen).toBe(123_457)
    expect(await call('fund.periodToPay', { periodId: c.january })).toMatchObject({
      partnerName: '幸福里咖啡',
      title: '利润 10% 捐入公益基金',
      dueFen: 123_457,
    })
    // Through the registry, as the dialog sends it: the amount as typed.
    const posted = await call<{ id: number; voucherNo: string }>('fund.postPartnerIncome', {
      periodId: c.january,
      subfundId: subfund,
      entryDate: '2026-02-05',
      amount: '1234.57',
      summary: '',
    })
    const entry = await t.db
      .selectFrom('fund_entries')
      .selectAll()
      .where('id', '=', posted.id)
      .executeTakeFirstOrThrow()
    expect(entry).toMatchObject({
      kind: '合伙人承诺',
      direction: '收入',
      amount: 123_457,
      counterparty: '幸福里咖啡',
      party_type: '单位',
      source_kind: 'partner_period',
      source_id: c.january,
    })
    expect(entry.summary).toContain('利润 10% 捐入公益基金')
    const period = (await c.commitment(c.profit)).periods[0]!
    expect(period).toMatchObject({ paidFen: 123_457, actual: 123_457, credited: 123_457 })
    expect(period.paidFen).toBe(await postedForSource(t.db, 'partner_period', c.january))
    expect(await listPayments(t.db, c.january)).toMatchObject([
      { fen: 123_457, fundEntryId: posted.id, paidOn: '2026-02-05' },
    ])
    expect((await moneyPeriodsOpen(t.db, c.partnerId, NOW)).some((o) => o.periodId === c.january)).toBe(false)
    expect(await balance()).toBe(123_457)
  })

  it('pays a period in parts, and refuses a payment above what is still owed (the rest is a donation), saving nothing', async () => {
    const c = await cafe()
    await pay({ periodId: c.january, amount: 100_000 })
    expect((await moneyPeriodsOpen(t.db, c.partnerId, NOW)).find((o) => o.periodId === c.january)?.dueFen).toBe(23_457)
    const before = await entries()
    expect(await refusal(pay({ periodId: c.january, amount: 23_458 }))).toBe(
      '这一期还应缴 ¥234.57，¥234.58 多了 ¥0.01。请只缴应缴的金额，多出的部分另登记为「捐赠」收入。',
    )
    expect(await entries()).toBe(before)
    await pay({ periodId: c.january, amount: 23_457 })
    expect(await refusal(pay({ periodId: c.january, amount: 1 }))).toContain('已经缴清')
    // February's profit is not reported yet: nothing is due, and the clerk is told what to do first.
    const february = (await c.commitment(c.profit)).periods[1]!.id
    expect(await refusal(pay({ periodId: february, amount: 100 }))).toContain('请先在合伙人台账登记这一期的利润')
    expect(await entries()).toBe(before + 1)
    expect((await c.commitment(c.profit)).periods[0]!.paidFen).toBe(123_457)
  })

  it('a fixed amount per quarter is paid the same way, and only a partner’s money commitment can be', async () => {
    const c = await cafe()
    const q1 = (await c.commitment(c.fixed)).periods[0]!.id
    await pay({ periodId: q1, amount: 50_000, entryDate: '2026-03-31' })
    expect((await c.commitment(c.fixed)).periods[0]).toMatchObject({ paidFen: 50_000, credited: 50_000 })
    const a = await getAgreement(t.db, c.agreementId, NOW)
    expect(a.commitments.find((x) => x.id === c.fixed)!.periods[0]!.planned).toBe(50_000)
    const meetingsPeriod = (await c.commitment(c.meetings)).periods[0]!.id
    expect(await refusal(pay({ periodId: meetingsPeriod, amount: 100 }))).toContain('金额类')
    expect((await c.commitment(c.meetings)).periods[0]!.actual).toBe(0)
  })

  it('reversing the entry takes the payment back in the same transaction', async () => {
    const c = await cafe()
    const e = await pay({ periodId: c.january })
    const r = await reverseEntry(t.db, { entryId: e.id, reason: '期次记错' }, { now: NOW })
    const period = (await c.commitment(c.profit)).periods[0]!
    expect(period).toMatchObject({ paidFen: 0, actual: 0, credited: 0 })
    expect(await postedForSource(t.db, 'partner_period', c.january)).toBe(0)
    expect(await listPayments(t.db, c.january)).toMatchObject([
      { fen: 123_457, fundEntryId: e.id },
      { fen: -123_457, fundEntryId: r.id },
    ])
    expect((await moneyPeriodsOpen(t.db, c.partnerId, NOW)).find((o) => o.periodId === c.january)?.dueFen).toBe(123_457)
    expect(await balance()).toBe(0)
    // …and it can be paid again, rightly this time.
    await pay({ periodId: c.january, entryDate: '2026-06-01' })
    expect((await c.commitment(c.profit)).periods[0]!.credited).toBe(123_457)
  })

  it('rolls both sides back when the fund refuses the entry: the period is not paid', async () => {
    const c = await cafe()
    const payments = async () => (await listPayments(t.db, c.january)).length
    // A date after today, and a voucher number already used.
    expect(await refusal(pay({ periodId: c.january, entryDate: '2026-07-01' }))).toContain('不能晚于今天')
    await postEntry(
      t.db,
      {
        subfundId: subfund,
        kind: '捐赠',
        entryDate: '2026-02-01',
        amount: 100,
        counterparty: '王建国',
        partyType: '个人',
        partyNamed: false,
        voucherNo: 'A-1',
        summary: '',
      },
      { now: NOW },
    )
    expect(await refusal(pay({ periodId: c.january, voucherNo: 'A-1' }))).toContain('已经用过了')
    expect(await payments()).toBe(0)
    expect((await c.commitment(c.profit)).periods[0]).toMatchObject({ paidFen: 0, credited: 0 })
    expect(await entries()).toBe(1)
  })

  it('rolls both sides back when the reversal is refused: the money was spent, so the payment stays', async () => {
    const c = await cafe()
    const e = await pay({ periodId: c.january })
    await postEntry(
      t.db,
      {
        subfundId: subfund,
        kind: '公益支出',
        entryDate: '2026-03-01',
        amount: 100_000,
        counterparty: '幸福里助老食堂',
        partyType: '单位',
        partyNamed: true,
        voucherNo: '',
        summary: '助餐',
      },
      { now: NOW },
    )
    expect(await refusal(reverseEntry(t.db, { entryId: e.id, reason: '录错' }, { now: NOW }))).toContain('负数')
    expect(await listPayments(t.db, c.january)).toHaveLength(1)
    expect((await c.commitment(c.profit)).periods[0]!.paidFen).toBe(123_457)
  })

  it('no longer takes a payment typed by hand in the partner ledger; one typed before still counts and shows as such', async () => {
    const c = await cafe()
    const r = await dispatch(registry, t.db, t.ctx, 'partners.recordPayment', {
      periodId: c.january,
      amountFen: 123_457,
      paidOn: '2026-02-05',
      note: '',
    })
    expect(r.ok).toBe(false)
    // A row from before (no fund entry) is kept and listed with fundEntryId null.
    await t.db
      .insertInto('partner_payments')
      .values({ period_id: c.january, fen: 20_000, paid_on: '2026-02-01', fund_entry_id: null, created_at: NOW })
      .execute()
    expect(await call('partners.payments', { periodId: c.january })).toMatchObject([{ fen: 20_000, fundEntryId: null }])
  })
})
