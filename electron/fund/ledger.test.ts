import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/app-error'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { dispatch } from '../registry/dispatch'
import { registry } from '../registry'
import { saveProfile } from '../community/community-service'
import {
  createSubfund,
  listSubfunds,
  postEntry,
  postedForSource,
  reverseEntry,
  type EntryInput,
} from './ledger-service'
import { getEntry, listEntries, subfundStatement } from './ledger-reads'
import { enterStatement, explainDifference, reconciliationState, unreconciledMonths } from './reconcile-service'
import { addEvidence, readEvidence } from './evidence-service'
import { publicNotice, receipt } from './papers-service'
import { inTransaction } from '../database/unit-of-work'
import { storeDir } from '../database/attachment-store'

/**
 * The charity fund against a real SQLite file: balances, reversal, never below zero, month-end
 * reconciliation, immutability (even by raw SQL), vouchers, evidence, the seam other modules post
 * through, and bad input refused in Chinese with nothing saved.
 */
let t: TempDb
let elderly: number
let school: number
const NOW = '2026-05-20T02:00:00.000Z'

beforeEach(async () => {
  t = await openTempDb()
  await saveProfile(t.db, { name: '幸福里社区', kind: '城市社区', address: '幸福路 88 号', phone: '' })
  elderly = (await createSubfund(t.db, { name: '助老关爱', restriction: '限定性', purpose: '独居老人助餐' }, NOW)).id
  school = (await createSubfund(t.db, { name: '社区公益综合', restriction: '非限定性', purpose: '' }, NOW)).id
})
afterEach(() => t.cleanup())

const base = (over: Partial<EntryInput>): EntryInput => ({
  subfundId: elderly,
  kind: '捐赠',
  entryDate: '2026-03-02',
  amount: 100_000,
  counterparty: '王建国',
  partyType: '个人',
  partyNamed: false,
  voucherNo: '',
  summary: '捐赠助老',
  ...over,
})
const post = (over: Partial<EntryInput>) => postEntry(t.db, base(over), { now: NOW })
const balanceOf = async (id: number) => (await listSubfunds(t.db)).find((s) => s.id === id)!.balance
const count = async (table: 'fund_entries' | 'audit_log' | 'fund_reconciliations') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return (err as AppError).message
}

describe('fund ledger: balances and statement', () => {
  it('sums income and expenditure per sub-fund, numbers vouchers per year, and states a year with opening and closing', async () => {
    const a = await post({ entryDate: '2025-12-30', amount: 50_000 })
    const b = await post({ entryDate: '2026-01-05', amount: 123_456, counterparty: '街角咖啡馆', partyType: '单位' })
    const c = await post({
      kind: '公益支出',
      entryDate: '2026-02-01',
      amount: 30_000,
      counterparty: '长者食堂',
      partyType: '单位',
      summary: '二月助餐',
    })
    await post({ subfundId: school, entryDate: '2026-02-02', amount: 1 })
    expect([a.voucher_no, b.voucher_no, c.voucher_no]).toEqual(['2025-0001', '2026-0001', '2026-0002'])
    expect(await balanceOf(elderly)).toBe(50_000 + 123_456 - 30_000)
    expect(await balanceOf(school)).toBe(1)

    const st = await subfundStatement(t.db, elderly, 2026)
    expect(st.opening).toBe(50_000)
    expect(st.lines.map((l) => [l.voucherNo, l.income, l.expense, l.balance])).toEqual([
      ['2026-0001', 123_456, null, 173_456],
      ['2026-0002', null, 30_000, 143_456],
    ])
    expect([st.income, st.expense, st.closing]).toEqual([123_456, 30_000, 143_456])
  })

  it('takes a voucher number typed from a paper voucher, refuses one used before, and the sequence skips it', async () => {
    await post({ voucherNo: '2026-0001' })
    expect(await refusal(post({ voucherNo: '2026-0001' }))).toContain('已经用过了')
    const next = await post({})
    expect(next.voucher_no).toBe('2026-0002')
  })
})

describe('fund ledger: reversal', () => {
  it('reverses an entry once with a negated amount, and the list and the entry show both, linked', async () => {
    const wrong = await post({ amount: 80_000 })
    const rev = await reverseEntry(t.db, { entryId: wrong.id, reason: '金额录错' }, { now: NOW })
    expect(rev).toMatchObject({
      amount: -80_000,
      delta: -80_000,
      reverses_id: wrong.id,
      kind: '捐赠',
      direction: '收入',
    })
    expect(await balanceOf(elderly)).toBe(0)
    const { rows } = await listEntries(t.db, {
      subfundId: null,
      year: null,
      direction: null,
      search: '',
      limit: 20,
      offset: 0,
    })
    const byId = new Map(rows.map((r) => [r.id, r]))
    expect(byId.get(wrong.id)!.reversedBy).toEqual({ id: rev.id, voucherNo: rev.voucher_no })
    expect(byId.get(rev.id)!.reverses).toEqual({ id: wrong.id, voucherNo: wrong.voucher_no })
    expect((await getEntry(t.db, rev.id)).reason).toBe('金额录错')

    expect(await refusal(reverseEntry(t.db, { entryId: wrong.id, reason: '再冲一次' }, { now: NOW }))).toContain(
      '只能冲销一次',
    )
    expect(await refusal(reverseEntry(t.db, { entryId: rev.id, reason: '冲销冲销' }, { now: NOW }))).toContain(
      '本身是一笔冲销',
    )
    // The database refuses a second reversal or a mismatched one even without the service.
    const raw = (over: Record<string, unknown>) =>
      t.db
        .insertInto('fund_entries')
        .values({
          subfund_id: elderly,
          direction: '收入',
          kind: '捐赠',
          entry_date: '2026-03-03',
          amount: -80_000,
          delta: -80_000,
          counterparty: 'x',
          party_type: '个人',
          party_named: 0,
          voucher_no: 'raw-1',
          summary: '',
          source_kind: null,
          source_id: null,
          reverses_id: wrong.id,
          reason: 'r',
          posted_at: NOW,
          ...over,
        })
        .execute()
    await expect(raw({})).rejects.toThrow(/UNIQUE/)
    const other = await post({ amount: 5_000 })
    await expect(raw({ reverses_id: other.id })).rejects.toThrow(/金额相反/)
  })

  it('refuses to reverse an income whose money is already spent (the sub-fund would go below zero)', async () => {
    const income = await post({ amount: 100_000 })
    await post({
      kind: '公益支出',
      amount: 60_000,
      counterparty: '长者食堂',
      partyType: '单位',
      entryDate: '2026-03-05',
    })
    const before = await count('fund_entries')
    const message = await refusal(reverseEntry(t.db, { entryId: income.id, reason: '错了' }, { now: NOW }))
    expect(message).toContain('冲销这笔收入')
    expect(message).toContain('¥400.00')
    expect(await count('fund_entries')).toBe(before)
  })
})

describe('fund ledger: never below zero', () => {
  it('refuses an expenditure above the balance, on its day or any later day, saving nothing and using no number', async () => {
    await post({ amount: 50_000, entryDate: '2026-03-01' })
    await post({
      kind: '公益支出',
      amount: 40_000,
      entryDate: '2026-04-01',
      counterparty: '长者食堂',
      partyType: '单位',
    })
    const before = await count('fund_entries')
    expect(
      await refusal(
        post({ kind: '公益支出', amount: 10_001, entryDate: '2026-04-02', counterparty: '甲', partyType: '单位' }),
      ),
    ).toBe('「助老关爱」2026年4月2日的余额只有 ¥100.00，支出 ¥100.01 会使余额变成负数，没有保存。')
    // Back-dated to March: March had ¥500, but the April expenditure leaves only ¥100 from then on.
    expect(
      await refusal(
        post({ kind: '公益支出', amount: 20_000, entryDate: '2026-03-15', counterparty: '甲', partyType: '单位' }),
      ),
    ).toContain('2026年4月1日的余额（2026年3月15日以后最低）只有 ¥100.00')
    expect(await count('fund_entries')).toBe(before)
    // Exactly the balance is allowed, and the next number follows the last one used.
    const ok = await post({
      kind: '公益支出',
      amount: 10_000,
      entryDate: '2026-04-02',
      counterparty: '甲',
      partyType: '单位',
    })
    expect(ok.voucher_no).toBe('2026-0003')
    expect(await balanceOf(elderly)).toBe(0)
  })
})

describe('fund ledger: posted entries never change', () => {
  it('refuses UPDATE and DELETE of an entry, of its evidence and of a reconciled month, even by raw SQL', async () => {
    const e = await post({})
    await expect(sql`update fund_entries set amount = 1 where id = ${e.id}`.execute(t.db)).rejects.toThrow(
      /不能修改或删除/,
    )
    await expect(sql`delete from fund_entries where id = ${e.id}`.execute(t.db)).rejects.toThrow(/不能修改或删除/)
    await expect(t.db.updateTable('fund_entries').set({ summary: '改' }).execute()).rejects.toThrow(/冲销/)
    await addEvidence(
      t.db,
      t.ctx.dataFile,
      { entryId: e.id, fileName: '收据.pdf', contentBase64: Buffer.from('%PDF').toString('base64') },
      NOW,
    )
    await expect(sql`delete from fund_evidence`.execute(t.db)).rejects.toThrow(/不能修改或删除/)
    await expect(sql`update fund_evidence set sha256 = ${'0'.repeat(64)}`.execute(t.db)).rejects.toThrow(
      /不能修改或删除/,
    )
    await enterStatement(t.db, { month: '2026-03', statementBalance: 100_000 }, NOW)
    await expect(sql`update fund_reconciliations set statement_balance = 1`.execute(t.db)).rejects.toThrow(/不能再改/)
    await expect(sql`delete from fund_reconciliations`.execute(t.db)).rejects.toThrow(/不能删除/)
    expect((await getEntry(t.db, e.id)).amount).toBe(100_000)
  })
})

describe('fund ledger: bad input through the registry is refused in Chinese and saves nothing', () => {
  it('negative or three-decimal amounts, zero, an expenditure above the balance, a changed posted entry', async () => {
    await post({ amount: 10_000 })
    const entries = await count('fund_entries')
    const audits = await count('audit_log')
    const send = (over: Record<string, unknown>) =>
      dispatch(registry, t.db, t.ctx, 'fund.post', {
        subfundId: elderly,
        kind: '捐赠',
        entryDate: '2026-03-02',
        amount: '100',
        counterparty: '李四',
        partyType: '个人',
        ...over,
      })
    expect(await send({ amount: '-5' })).toMatchObject({ ok: false, message: '「金额」：金额不能是负数。' })
    expect(await send({ amount: '1.234' })).toMatchObject({
      ok: false,
      message: '「金额」：金额最多精确到分，小数点后最多两位。',
    })
    expect(await send({ amount: '0' })).toMatchObject({ ok: false, message: '「金额」要大于零' })
    expect(await send({ amount: 100 })).toMatchObject({ ok: false })
    expect(await send({ kind: '合伙人承诺' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(
      await send({ kind: '公益支出', amount: '100.01', counterparty: '长者食堂', partyType: '单位' }),
    ).toMatchObject({
      ok: false,
      code: 'NOT_ENOUGH',
      message: '「助老关爱」2026年3月2日的余额只有 ¥100.00，支出 ¥100.01 会使余额变成负数，没有保存。',
    })
    expect(await send({ entryDate: '2199-12-01' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('不能晚于今天'),
    })
    expect(await count('fund_entries')).toBe(entries)
    expect(await count('audit_log')).toBe(audits)

    // An attempt to change a posted entry: the data file's own rule, in Chinese, reaches the clerk.
    const err = await sql`update fund_entries set amount = 1`.execute(t.db).catch((e: unknown) => e)
    const { toFailure } = await import('../registry/dispatch')
    expect(toFailure(err, 'test')).toEqual({
      ok: false,
      code: 'REFUSED',
      message: '已记账的收支不能修改或删除。录错了请点“冲销”并写明原因，再重新登记正确的一笔。',
    })
    const good = await send({ amount: '1,234.56' })
    expect(good).toMatchObject({ ok: true })
    expect(await balanceOf(elderly)).toBe(10_000 + 123_456)
  })
})

describe('fund reconciliation', () => {
  it('month by month: equal balances reconcile at once; a difference waits until explained; a reconciled month takes no entries', async () => {
    await post({ entryDate: '2026-02-10', amount: 30_000 })
    await post({ entryDate: '2026-03-10', amount: 20_000 })
    expect(await unreconciledMonths(t.db, NOW)).toBe(3) // February, March, April have ended by May 20
    expect(await refusal(enterStatement(t.db, { month: '2026-03', statementBalance: 50_000 }, NOW))).toContain(
      '下一个要对的是2026年2月',
    )

    let s = await enterStatement(t.db, { month: '2026-02', statementBalance: 30_000 }, NOW)
    expect(s.history[0]).toMatchObject({ month: '2026-02', difference: 0 })
    expect(s.openMonth).toBe('2026-03')
    expect(await unreconciledMonths(t.db, NOW)).toBe(2)

    s = await enterStatement(t.db, { month: '2026-03', statementBalance: 70_000 }, NOW)
    expect(s.pending).toMatchObject({
      month: '2026-03',
      statementBalance: 70_000,
      bookBalance: 50_000,
      difference: 20_000,
    })
    expect(s.unreconciled).toBe(2)
    // Posting the missing entry into March and confirming again settles it.
    await post({ entryDate: '2026-03-31', amount: 10_000 })
    expect((await reconciliationState(t.db, NOW)).pending!.difference).toBe(10_000)
    expect(await refusal(explainDifference(t.db, { month: '2026-03', explanation: ' ' }, NOW))).toContain(
      '请写明差额的原因',
    )
    s = await explainDifference(t.db, { month: '2026-03', explanation: '基金会多记一笔利息' }, NOW)
    expect(s.history[0]).toMatchObject({ month: '2026-03', difference: 10_000, explanation: '基金会多记一笔利息' })
    expect(s.openMonth).toBe('2026-04')
    expect(await unreconciledMonths(t.db, NOW)).toBe(1)

    const before = await count('fund_entries')
    expect(await refusal(post({ entryDate: '2026-03-31' }))).toContain('2026年3月及以前已经与基金会对过账')
    // The database says the same to anyone who bypasses the service.
    await expect(
      sql`insert into fund_entries (subfund_id, direction, kind, entry_date, amount, delta, counterparty, party_type,
        voucher_no, posted_at) values (${elderly}, '收入', '捐赠', '2026-02-01', 1, 1, 'x', '单位', 'raw', ${NOW})`.execute(
        t.db,
      ),
    ).rejects.toThrow(/已经与基金会对过账/)
    expect(await count('fund_entries')).toBe(before)
    // The current month cannot be reconciled before it ends.
    await enterStatement(t.db, { month: '2026-04', statementBalance: 60_000 }, NOW)
    expect((await reconciliationState(t.db, NOW)).openMonth).toBeNull()
    expect(await unreconciledMonths(t.db, NOW)).toBe(0)
  })
})

describe('the seam for other modules', () => {
  it('posts inside the caller’s transaction with its source; a failure in onPosted or after it undoes the entry', async () => {
    const entry = await inTransaction(t.db, (trx) =>
      postEntry(
        trx,
        base({
          kind: '合伙人承诺',
          counterparty: '街角咖啡馆',
          partyType: '单位',
          amount: 123_457,
          source: { kind: 'partner_period', id: 42 },
        }),
        { now: NOW, onPosted: async (inner, e) => expect(inner).toBe(trx) ?? expect(e.source_id).toBe(42) },
      ),
    )
    expect(entry).toMatchObject({ source_kind: 'partner_period', source_id: 42, voucher_no: '2026-0001' })
    expect(await postedForSource(t.db, 'partner_period', 42)).toBe(123_457)
    // Reversing it reaches the record it was posted for (the partner ledger takes the payment back,
    // partner-income.test.ts); here period 42 does not exist, so that side refuses and the reversal
    // is not kept either.
    const entriesBefore = await count('fund_entries')
    expect(await refusal(reverseEntry(t.db, { entryId: entry.id, reason: '期次记错' }, { now: NOW }))).toContain(
      '履约期',
    )
    expect(await count('fund_entries')).toBe(entriesBefore)
    expect(await postedForSource(t.db, 'partner_period', 42)).toBe(123_457)

    const before = await count('fund_entries')
    await expect(
      postEntry(t.db, base({ kind: '合伙人承诺', source: { kind: 'partner_period', id: 43 } }), {
        now: NOW,
        onPosted: async () => {
          throw new AppError('PARTNER', '期次已经收过款')
        },
      }),
    ).rejects.toThrow('期次已经收过款')
    expect(await count('fund_entries')).toBe(before)
    // A partner's income without its period is refused (only the partner ledger posts those).
    expect(await refusal(post({ kind: '合伙人承诺' }))).toContain('合伙人台账')
  })
})

describe('evidence files', () => {
  it('keeps a copy beside the data file named by its SHA-256, and reports a copy changed outside the app', async () => {
    const e = await post({})
    const content = Buffer.from('银行回单 2026-03-02 ¥1,000.00')
    const saved = await addEvidence(
      t.db,
      t.ctx.dataFile,
      { entryId: e.id, fileName: '回单.png', contentBase64: content.toString('base64') },
      NOW,
    )
    const path = join(storeDir(t.ctx.dataFile), `${saved.sha256}.png`)
    expect(existsSync(path)).toBe(true)
    expect(readFileSync(path)).toEqual(content)
    expect((await getEntry(t.db, e.id)).files).toMatchObject([
      { fileName: '回单.png', sha256: saved.sha256, size: content.length },
    ])
    expect(await readEvidence(t.db, t.ctx.dataFile, saved.id)).toEqual({
      fileName: '回单.png',
      contentBase64: content.toString('base64'),
      intact: true,
    })
    writeFileSync(path, 'changed')
    expect((await readEvidence(t.db, t.ctx.dataFile, saved.id)).intact).toBe(false)
    expect(
      await refusal(
        addEvidence(t.db, t.ctx.dataFile, { entryId: e.id, fileName: 'a.exe', contentBase64: 'AA==' }, NOW),
      ),
    ).toContain('只能保存')
  })
})

describe('papers', () => {
  it('the 公示 masks every person who did not agree to be named, in every field it returns', async () => {
    await post({ counterparty: '王建国', partyNamed: false, amount: 20_000 })
    await post({ counterparty: '李秀英', partyNamed: true, amount: 30_000 })
    await post({ counterparty: '街角咖啡馆', partyType: '单位', amount: 40_000 })
    await post({ kind: '公益支出', counterparty: '赵小明', partyType: '个人', amount: 10_000, summary: '助学金' })
    const wrong = await post({ counterparty: '钱多多', amount: 1_000 })
    await reverseEntry(t.db, { entryId: wrong.id, reason: '重复' }, { now: NOW })
    const n = await publicNotice(t.db, { from: '2026-01-01', to: '2026-12-31' })
    const text = JSON.stringify(n)
    for (const hidden of ['王建国', '赵小明', '钱多多']) expect(text).not.toContain(hidden)
    expect(n.income.map((l) => l.name)).toEqual(['王*国', '李秀英', '街角咖啡馆'])
    expect(n.expense.map((l) => l.name)).toEqual(['赵*明'])
    expect(n.cancelledPairs).toBe(1)
    expect(n.subfunds.find((s) => s.name === '助老关爱')).toMatchObject({
      opening: 0,
      income: 90_000,
      expense: 10_000,
      closing: 80_000,
    })
  })

  it('the 捐赠收据 names the donor in full, only for income, and says when it was reversed', async () => {
    const e = await post({ amount: 123_456 })
    expect(await receipt(t.db, e.id)).toMatchObject({
      donor: '王建国',
      amount: 123_456,
      committee: '幸福里社区居民委员会',
      reversedBy: null,
    })
    const out = await post({ kind: '公益支出', amount: 1_000, counterparty: '甲', partyType: '单位' })
    expect(await refusal(receipt(t.db, out.id))).toContain('只有收入')
  })
})
