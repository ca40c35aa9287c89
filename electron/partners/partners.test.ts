import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { homeReminders as partnerReminders, registry } from '../registry'
import { storeDir } from '../database/attachment-store'
import { dispatch } from '../registry/dispatch'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { createResident } from '../people/roster-service'
import { createMeeting, setStatus, updateMeeting } from '../meetings/meeting-service'
import { getAgreement, listAgreements } from './agreement-reads'
import { agreementState, renewAgreement, signAgreement, terminateAgreement } from './agreement-service'
import { addEvidence, addHolder, moneyPeriodsOpen, recordMoneyPaid, reviewPeriod } from './fulfilment-service'
import { listPeriods } from './reminders'
import { settle } from './periods'
import { moneyPeriodsOpen as seamOpen } from '.'

/**
 * The partner ledger against a real SQLite file, through the registry (so the input schemas are
 * part of what is tested): the café case, the state machine from dates, the percentage due with its
 * true-up, the 履约率, meeting credit and take-back, and bad input refused in Chinese with nothing saved.
 */

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(() => t.cleanup())

async function call<T = unknown>(channel: string, input: unknown): Promise<T> {
  const r = await dispatch(registry, t.db, t.ctx, channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.message}`)
  return r.value as T
}
async function refused(channel: string, input: unknown): Promise<string> {
  const r = await dispatch(registry, t.db, t.ctx, channel, input)
  expect(r.ok).toBe(false)
  return r.ok ? '' : r.message
}
const counts = async () => ({
  partners: (await t.db.selectFrom('partners').select('id').execute()).length,
  agreements: (await t.db.selectFrom('partner_agreements').select('id').execute()).length,
  commitments: (await t.db.selectFrom('partner_commitments').select('id').execute()).length,
  periods: (await t.db.selectFrom('partner_periods').select('id').execute()).length,
})

const CAFE = {
  kind: '个体工商户',
  name: '幸福里咖啡',
  creditCode: '91350100M000100Y43',
  contactName: '周店长',
  contactPhone: '13912345678',
  address: '幸福路 12 号',
  note: '',
}
const commitment = (over: Record<string, unknown>) => ({
  side: '合伙人承诺',
  kind: '每期次数',
  title: '承办议事会',
  periodUnit: '月',
  ...over,
})

/** The café case: space from the community; two meetings a month, three jobs, 10 % of profit from the café. */
async function cafe() {
  const partner = await call<{ id: number }>('partners.create', CAFE)
  const a = await call<{ id: number }>('partners.createAgreement', {
    partnerId: partner.id,
    kind: '资源置换',
    title: '闲置用房换社区服务',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    communitySignatory: '王芳',
    partnerSignatory: '周店长',
  })
  await call('partners.addCommitment', {
    agreementId: a.id,
    side: '社区提供',
    kind: '每期次数',
    category: '场地',
    title: '闲置用房 80 平方米',
    periodUnit: '月',
    quantity: 1,
    areaM2: 80,
    imputedYearlyFen: 9_600_000,
  })
  const meetings = await call<{ id: number }>('partners.addCommitment', {
    agreementId: a.id,
    ...commitment({ quantity: 2, countsMeetings: true, weight: 1 }),
  })
  const jobs = await call<{ id: number }>('partners.addCommitment', {
    agreementId: a.id,
    ...commitment({ kind: '保持人数', title: '社区就业岗位', quantity: 3, weight: 1 }),
  })
  const profit = await call<{ id: number }>('partners.addCommitment', {
    agreementId: a.id,
    ...commitment({ kind: '比例分成', title: '利润 10% 捐入公益基金', rateBp: 1000, weight: 2 }),
  })
  await signAgreement(t.db, a.id, '2025-12-20', '2026-06-15T04:00:00Z')
  return { partnerId: partner.id, agreementId: a.id, meetings: meetings.id, jobs: jobs.id, profit: profit.id }
}

const NOW = '2026-06-15T04:00:00Z'
const commitmentOf = async (agreementId: number, id: number, now = NOW) =>
  (await getAgreement(t.db, agreementId, now)).commitments.find((c) => c.id === id)!

describe('the café case', () => {
  it('credits held meetings hosted by the café by themselves, and takes the credit back', async () => {
    const c = await cafe()
    const meeting = (day: string) =>
      createMeeting(t.db, {
        kind: '议事会例会',
        title: `${day} 议事会`,
        start: `2026-03-${day}T19:00`,
        end: `2026-03-${day}T21:00`,
        roomId: null,
        councilId: null,
        host: '',
        recorder: '',
        hostPartnerId: c.partnerId,
      }).then((r) => r.id)
    const m1 = await meeting('05')
    const m2 = await meeting('19')
    const march = async () =>
      (await commitmentOf(c.agreementId, c.meetings)).periods.find((p) => p.start === '2026-03-01')!
    expect((await march()).actual).toBe(0)
    for (const id of [m1, m2]) {
      await setStatus(t.db, id, '已通知', '')
      await setStatus(t.db, id, '进行中', '')
    }
    const credited = await march()
    expect(credited).toMatchObject({ planned: 2, actual: 2, credited: 2 })
    expect(credited.meetings.map((m) => m.id).sort()).toEqual([m1, m2].sort())
    // Another host: the credit goes with it.
    const other = await call<{ id: number }>('partners.create', {
      ...CAFE,
      name: '书店',
      creditCode: '',
      kind: '居民自组织',
    })
    await updateMeeting(t.db, m2, {
      kind: '议事会例会',
      title: '改由书店承办',
      start: '2026-03-19T19:00',
      end: '2026-03-19T21:00',
      roomId: null,
      councilId: null,
      host: '',
      recorder: '',
      hostPartnerId: other.id,
    })
    expect(await march()).toMatchObject({ actual: 1, credited: 1 })
    // A meeting cancelled before it was held never counts.
    const m3 = await meeting('26')
    await setStatus(t.db, m3, '取消', '下雨')
    expect(await march()).toMatchObject({ actual: 1 })
    // March is over and one meeting short: 逾期, and the home page says so.
    const june = await commitmentOf(c.agreementId, c.meetings)
    expect(june.status).toBe('逾期')
    const list = await listPeriods(t.db, { filter: 'overdue', limit: 100, offset: 0 }, NOW)
    expect(list.rows.some((r) => r.title === '承办议事会' && r.start === '2026-03-01')).toBe(true)
    expect((await partnerReminders(t.db, NOW)).overduePeriods).toBe(list.total)
  })

  it('counts three named jobs held at each period end', async () => {
    const c = await cafe()
    const people = []
    for (const name of ['赵敏', '钱进', '孙丽']) {
      people.push(
        (await createResident(t.db, { name, buildingId: null, unit: '', room: '', phone: '', tags: [], note: '' })).id,
      )
    }
    await addHolder(t.db, { commitmentId: c.jobs, residentId: people[0]!, role: '店员', fromDate: '2026-01-01' })
    await addHolder(t.db, { commitmentId: c.jobs, residentId: people[1]!, role: '店员', fromDate: '2026-01-01' })
    await addHolder(t.db, { commitmentId: c.jobs, residentId: people[2]!, role: '咖啡师', fromDate: '2026-02-10' })
    const jobs = await commitmentOf(c.agreementId, c.jobs)
    expect(jobs.holders.map((h) => h.name)).toEqual(['赵敏', '钱进', '孙丽'])
    expect(jobs.periods.slice(0, 3).map((p) => [p.actual, p.credited])).toEqual([
      [2, 2],
      [3, 3],
      [3, 3],
    ])
    // January was one short: Σ credited / Σ planned over the five months that are over = 14 / 15.
    expect(jobs.rate).toMatchObject({ credited: 14, planned: 15, periods: 5 })
  })

  it('gives 10 % of a monthly profit of 12,345.67 元 as 1,234.57 元, with the annual true-up for loss months', async () => {
    const c = await cafe()
    const periods = (await commitmentOf(c.agreementId, c.profit)).periods
    await call('partners.reportBase', { periodId: periods[0]!.id, baseFen: 1234567 })
    expect((await commitmentOf(c.agreementId, c.profit)).periods[0]).toMatchObject({
      baseFen: 1234567,
      planned: 123457,
    })
    // A loss month owes nothing that month…
    await call('partners.reportBase', { periodId: periods[1]!.id, baseFen: -2000000 })
    expect((await commitmentOf(c.agreementId, c.profit)).periods[1]!.planned).toBe(0)
    // …and at year end the year's summed base sets the total: max(0, 12,345.67 − 20,000 + …) × 10 %.
    await call('partners.reportBase', { periodId: periods[11]!.id, baseFen: 1000000 })
    const p = (await commitmentOf(c.agreementId, c.profit)).periods
    // Σ base = 2,345.67 → 234.57 due for the year; months gave 1,234.57 + 1,000.00 = 2,234.57 → −2,000.00 on December.
    expect(p[11]).toMatchObject({ trueUpFen: -200000, planned: 0 })
    expect(p.reduce((s, x) => s + x.planned, 0)).toBe(123457)
    // Paid into the fund: the seam the fund calls in its transaction.
    const open = await seamOpen(t.db, c.partnerId, NOW)
    expect(open.find((o) => o.periodId === periods[0]!.id)?.dueFen).toBe(123457)
    await t.db.transaction().execute((trx) => recordMoneyPaid(trx, periods[0]!.id, 123457, 77))
    expect((await moneyPeriodsOpen(t.db, c.partnerId, NOW)).some((o) => o.periodId === periods[0]!.id)).toBe(false)
    expect((await commitmentOf(c.agreementId, c.profit)).periods[0]).toMatchObject({ actual: 123457, credited: 123457 })
    // A reversing entry takes it back.
    await t.db.transaction().execute((trx) => recordMoneyPaid(trx, periods[0]!.id, -123457, 78))
    expect((await commitmentOf(c.agreementId, c.profit)).periods[0]!.credited).toBe(0)
  })

  it('rounds the due half up to the fen, only on the fen', () => {
    const due = (base: number) =>
      settle(
        { kind: '比例分成', quantity: 0, amountFen: 0, rateBp: 1000, carryPolicy: '不结转', countsMeetings: false },
        [
          {
            start: '2026-01-01',
            end: '2026-01-31',
            baseFen: base,
            paidFen: 0,
            doneCount: 0,
            waived: false,
            meetings: 0,
            holders: 0,
          },
          {
            start: '2026-02-01',
            end: '2026-02-28',
            baseFen: 0,
            paidFen: 0,
            doneCount: 0,
            waived: false,
            meetings: 0,
            holders: 0,
          },
        ],
      )[0]!.planned
    expect(due(1234565)).toBe(123457) // 123,456.5 fen → half up
    expect(due(1234564)).toBe(123456)
    expect(due(-5)).toBe(0)
  })

  it('weighs the agreement 履约率 by the weights set at signing, and refuses to change them after', async () => {
    const c = await cafe()
    const a = await getAgreement(t.db, c.agreementId, NOW)
    const parts = a.commitments.filter((x) => x.side === '合伙人承诺')
    const expected =
      parts.filter((x) => x.rate.value !== null).reduce((s, x) => s + x.weight * x.rate.value!, 0) /
      parts.filter((x) => x.rate.value !== null).reduce((s, x) => s + x.weight, 0)
    expect(a.overall.value).toBeCloseTo(expected, 10)
    expect(a.balance.communityFen).toBe(9_600_000)
    const msg = await refused('partners.updateCommitment', {
      id: c.jobs,
      ...commitment({ kind: '保持人数', title: 'x', quantity: 1, weight: 5 }),
    })
    expect(msg).toContain('协议已签订')
  })
})

describe('agreement state from dates and links', () => {
  const base = {
    signed_on: '2025-12-20',
    start_date: '2026-01-01',
    end_date: '2026-12-31',
    notice_on: '2026-12-01',
    terminated_on: null,
    voided_at: null,
  }
  it('goes 草拟 → 待生效 → 生效 → 即将到期 → 已到期, and 已续签 / 提前终止 / 作废 win', () => {
    expect(agreementState({ ...base, signed_on: null }, false, '2026-03-01')).toBe('草拟')
    expect(agreementState(base, false, '2025-12-25')).toBe('待生效')
    expect(agreementState(base, false, '2026-11-30')).toBe('生效')
    expect(agreementState(base, false, '2026-12-01')).toBe('即将到期')
    expect(agreementState(base, false, '2026-12-31')).toBe('即将到期')
    expect(agreementState(base, false, '2027-01-01')).toBe('已到期')
    expect(agreementState(base, true, '2026-12-10')).toBe('已续签')
    expect(agreementState({ ...base, terminated_on: '2026-05-01' }, false, '2026-05-01')).toBe('提前终止')
    expect(agreementState({ ...base, terminated_on: '2026-05-01' }, false, '2026-04-30')).toBe('生效')
    expect(agreementState({ ...base, voided_at: 'x' }, true, '2026-03-01')).toBe('作废')
    expect(agreementState({ ...base, end_date: null, notice_on: null }, false, '2040-01-01')).toBe('生效')
  })

  it('renews into a successor that names its predecessor, keeps the gap visible, and terminates with a reason', async () => {
    const c = await cafe()
    const next = await renewAgreement(t.db, c.agreementId, {
      number: '',
      title: '续签',
      kind: null,
      startDate: '2027-02-01',
      endDate: '2027-12-31',
      noticeDays: 30,
      communitySignatory: '王芳',
      partnerSignatory: '周店长',
      note: '',
    })
    const old = await getAgreement(t.db, c.agreementId, '2026-12-10T04:00:00Z')
    expect(old.agreement.state).toBe('已续签')
    expect(old.agreement.successor).toMatchObject({ id: next.id, gapDays: 31 })
    const fresh = await getAgreement(t.db, next.id, '2026-12-10T04:00:00Z')
    expect(fresh.agreement.predecessor).toMatchObject({ id: c.agreementId, gapDays: 31 })
    expect(fresh.commitments.map((x) => x.title)).toEqual(old.commitments.map((x) => x.title))
    expect(fresh.agreement.state).toBe('草拟')
    expect(await refused('partners.terminate', { id: c.agreementId, on: '2026-07-01', reason: '' })).toContain(
      '终止原因',
    )
    await terminateAgreement(t.db, c.agreementId, '2026-07-01', '店铺转让')
    const list = await listAgreements(
      t.db,
      { partnerId: c.partnerId, state: '提前终止', search: '' },
      '2026-08-01T04:00:00Z',
    )
    expect(list.map((x) => x.id)).toEqual([c.agreementId])
  })

  it('reminds of agreements inside the notice window, counted as the list filtered by that state', async () => {
    const c = await cafe()
    expect((await partnerReminders(t.db, '2026-11-30T04:00:00Z')).agreementsExpiring).toBe(0)
    expect((await partnerReminders(t.db, '2026-12-02T04:00:00Z')).agreementsExpiring).toBe(1)
    const listed = await listAgreements(
      t.db,
      { partnerId: null, state: '即将到期', search: '' },
      '2026-12-02T04:00:00Z',
    )
    expect(listed.map((a) => a.id)).toEqual([c.agreementId])
    expect((await partnerReminders(t.db, '2027-01-02T04:00:00Z')).agreementsExpiring).toBe(0)
  })
})

describe('evidence and 复核', () => {
  it('keeps a copy beside the data file with its SHA-256; 复核 needs evidence and is taken back by a changed fact', async () => {
    const c = await cafe()
    const period = (await commitmentOf(c.agreementId, c.profit)).periods[0]!
    expect(await refused('partners.review', { periodId: period.id, reviewer: '李娟' })).toContain('还没有证据')
    const bytes = Buffer.from('利润表 2026年1月')
    const saved = await addEvidence(t.db, t.ctx.dataFile, {
      periodId: period.id,
      kind: '扫描件',
      fileName: '利润表.PDF',
      dataBase64: bytes.toString('base64'),
    })
    expect(saved.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(readFileSync(join(storeDir(t.ctx.dataFile), `${saved.sha256}.pdf`)).equals(bytes)).toBe(true)
    await reviewPeriod(t.db, period.id, '李娟', '2026-02-10T02:00:00Z')
    expect((await commitmentOf(c.agreementId, c.profit)).periods[0]).toMatchObject({ reviewedBy: '李娟', evidence: 1 })
    await call('partners.reportBase', { periodId: period.id, baseFen: 10000 })
    expect((await commitmentOf(c.agreementId, c.profit)).periods[0]).toMatchObject({ reviewedBy: '', reviewedAt: null })
  })
})

describe('bad input is refused in Chinese and saves nothing', () => {
  it('a wrong check character of the 统一社会信用代码', async () => {
    expect(await refused('partners.create', { ...CAFE, creditCode: '91350100M000100Y44' })).toContain('校验码不对')
    expect(await refused('partners.create', { ...CAFE, creditCode: '' })).toContain('统一社会信用代码')
    expect(await counts()).toMatchObject({ partners: 0 })
  })

  it('an end before the start, a negative or three-decimal amount, a rate above 100 %', async () => {
    const partner = await call<{ id: number }>('partners.create', CAFE)
    const agreement = {
      partnerId: partner.id,
      kind: '资源置换',
      title: '协议',
      startDate: '2026-05-01',
      endDate: '2026-04-30',
    }
    expect(await refused('partners.createAgreement', agreement)).toBe('协议的结束日期早于开始日期，请检查。')
    const a = await call<{ id: number }>('partners.createAgreement', { ...agreement, endDate: '2026-12-31' })
    const money = { agreementId: a.id, ...commitment({ kind: '固定金额', title: '赞助', periodUnit: '季' }) }
    expect(await refused('partners.addCommitment', { ...money, amountFen: -500000 })).toContain(
      '「每期金额」不能是负数',
    )
    expect(await refused('partners.addCommitment', { ...money, amountFen: 500012.3 })).toContain('小数点后最多两位')
    expect(await refused('partners.addCommitment', { ...money, kind: '比例分成', rateBp: 10050 })).toContain(
      '不能超过 100%',
    )
    expect(await refused('partners.addCommitment', { ...money, kind: '比例分成', rateBp: 0 })).toContain(
      '比例应大于 0%',
    )
    expect(await counts()).toMatchObject({ agreements: 1, commitments: 0, periods: 0 })
    expect(await refused('partners.sign', { id: a.id, signedOn: '2026-04-20' })).toContain('签订人')
  })
})
