import type { Insertable } from 'kysely'
import { addDays, daysBetween, monthEnd } from '../../shared/dates'
import { voucherNumber, type EntryKind, type Restriction } from '../../shared/fund-values'
import type { Db } from '../database/open-database'
import type { FundEntriesTable } from '../database/schema'
import { inTransaction } from '../database/unit-of-work'
import type { DemoContext } from '../demo/context'
import { insertChunks } from '../demo/insert-chunks'
import { personName, rng } from '../demo/random'

/**
 * The charity fund's part of the demo community: five sub-funds and `fundEntries` entries over the
 * last `fundYears` years up to today — donations by residents (some agreeing to be named) and
 * local businesses, the elder council's fundraising, spending on each purpose, and about one in a
 * hundred entries corrected by a reversal. Generated in date order with each sub-fund's running
 * balance, so no balance ever goes below zero, exactly as posting would allow; every month that has
 * ended is reconciled with the foundation's statement except the last two (the home page shows them),
 * one of them with a difference explained. Written in multi-row inserts (the services post one at a
 * time, which would take minutes at 50,000). Its own dice (seeded from the demo's seed), so the
 * fund does not change when another module's demo does.
 */
const SUBFUNDS: Array<{ name: string; restriction: Restriction; purpose: string; weight: number }> = [
  { name: '社区公益综合', restriction: '非限定性', purpose: '居委会按议事会决定用于社区公益', weight: 4 },
  { name: '助老关爱', restriction: '限定性', purpose: '独居和高龄老人助餐、探访、节日慰问', weight: 3 },
  { name: '助学圆梦', restriction: '限定性', purpose: '困难家庭学生助学金', weight: 2 },
  { name: '社区微更新', restriction: '限定性', purpose: '楼道、绿化、健身点等小微改造', weight: 2 },
  { name: '应急救助', restriction: '限定性', purpose: '突发困难家庭临时救助', weight: 1 },
]
const BUSINESSES = [
  '幸福里便民超市',
  '街角咖啡馆',
  '永安物业服务有限公司',
  '康宁大药房',
  '新华书店幸福路店',
  '老李家常菜馆',
  '华联电器维修部',
  '阳光幼儿园',
  '惠民口腔诊所',
  '宏达建材商行',
]
const PAYEES: Record<string, string[]> = {
  社区公益综合: ['社区志愿者服务队', '幸福里文体协会', '街道社工站'],
  助老关爱: ['幸福里长者食堂', '邻里互助小组', '康宁大药房'],
  助学圆梦: ['__person__'],
  社区微更新: ['宏达建材商行', '永安物业服务有限公司', '绿意园林工程队'],
  应急救助: ['__person__'],
}
const SPEND: Record<string, string[]> = {
  社区公益综合: ['重阳节敬老活动', '社区运动会奖品', '志愿者保险', '邻里节活动物资'],
  助老关爱: ['独居老人助餐补贴', '高龄老人春节慰问品', '探访老人交通补贴'],
  助学圆梦: ['秋季助学金', '春季助学金', '学习用品'],
  社区微更新: ['3号楼楼道粉刷', '小区健身点维修', '绿化补种', '楼道灯更换'],
  应急救助: ['火灾受灾家庭临时救助', '重病家庭临时救助'],
}

export async function fundDemo(db: Db, ctx: DemoContext): Promise<void> {
  const o = ctx.options
  if (o.fundEntries <= 0) return
  const r = rng((o.seed ^ 0x5f3759df) >>> 0)
  const to = o.today
  const from = `${Number(to.slice(0, 4)) - o.fundYears + 1}-01-01`
  const span = daysBetween(from, to)
  ctx.log(`公益基金：${SUBFUNDS.length} 个子基金，${from} 至 ${to} 的 ${o.fundEntries} 笔收支…`)

  await inTransaction(db, async (trx) => {
    const ids: number[] = []
    for (const s of SUBFUNDS) {
      const row = await trx
        .insertInto('fund_subfunds')
        .values({ name: s.name, restriction: s.restriction, purpose: s.purpose, created_at: ctx.at })
        .returning('id')
        .executeTakeFirstOrThrow()
      ids.push(row.id)
    }
    // Dates first, sorted: the balance is followed in date order.
    const dates = Array.from({ length: o.fundEntries }, () => addDays(from, r.int(0, span))).sort()
    const balance = ids.map(() => 0)
    const seq = new Map<number, number>()
    const voucher = (date: string) => {
      const year = Number(date.slice(0, 4))
      const n = (seq.get(year) ?? 0) + 1
      seq.set(year, n)
      return voucherNumber(year, n)
    }
    const rows: Array<Insertable<FundEntriesTable>> = []
    let nextId = 1
    let reversals = 0
    let pendingReversal: { row: Insertable<FundEntriesTable>; id: number; index: number } | null = null

    for (const date of dates) {
      // About one entry in a hundred was wrong and is reversed a few days later (as a new entry).
      if (pendingReversal && r.chance(0.5)) {
        const { row: orig, index: k, id: origId } = pendingReversal
        pendingReversal = null
        // An income whose money is spent already is not reversed (posting would refuse it too).
        if (orig.direction === '支出' || balance[k]! >= orig.amount) {
          balance[k]! -= orig.delta
          rows.push({
            ...orig,
            entry_date: date,
            amount: -orig.amount,
            delta: -orig.delta,
            voucher_no: voucher(date),
            summary: `冲销凭证 ${orig.voucher_no}（${orig.summary}）`,
            reverses_id: origId,
            reason: r.pick(['金额录错', '记错了子基金', '重复登记']),
          })
          nextId++
          reversals++
          continue
        }
      }
      const k = SUBFUNDS.indexOf(r.weighted(SUBFUNDS.map((s) => [s, s.weight] as const)))
      const fund = SUBFUNDS[k]!
      const spend = balance[k]! > 50_000 && r.chance(0.42)
      let row: Insertable<FundEntriesTable>
      if (spend) {
        const amount = Math.min(balance[k]!, r.int(5, 200) * 100 * (r.chance(0.2) ? 10 : 1))
        const payee = r.pick(PAYEES[fund.name]!)
        const person = payee === '__person__'
        row = entry(ids[k]!, '支出', r.chance(0.9) ? '公益支出' : '其他支出', date, amount, {
          counterparty: person ? personName(r) : payee,
          party_type: person ? '个人' : '单位',
          party_named: 0,
          voucher_no: voucher(date),
          summary: r.pick(SPEND[fund.name]!),
          posted_at: ctx.at,
        })
      } else {
        const kind: EntryKind = r.weighted([
          ['捐赠', 7],
          ['乡贤筹款', 2],
          ['其他收入', 1],
        ] as const)
        const person = kind === '乡贤筹款' ? r.chance(0.8) : r.chance(0.6)
        const amount = person ? r.int(1, 100) * 100 * (r.chance(0.1) ? 10 : 1) : r.int(10, 500) * 100
        row = entry(ids[k]!, '收入', kind, date, amount + (r.chance(0.2) ? r.int(1, 99) : 0), {
          counterparty: person ? personName(r) : r.pick(BUSINESSES),
          party_type: person ? '个人' : '单位',
          party_named: person ? (r.chance(0.3) ? 1 : 0) : 1,
          voucher_no: voucher(date),
          summary: kind === '乡贤筹款' ? '乡贤理事会募集' : kind === '捐赠' ? `捐赠${fund.name}` : '利息收入',
          posted_at: ctx.at,
        })
      }
      balance[k]! += row.delta
      rows.push(row)
      if (!pendingReversal && r.chance(0.01)) pendingReversal = { row, id: nextId, index: k }
      nextId++
    }
    // Ids are assigned in insert order from 1 (a fresh table), so reverses_id above is right.
    await insertChunks(trx, 'fund_entries', rows)
    for (const [year, last] of seq) {
      await trx
        .insertInto('number_sequences')
        .values({ name: 'fund_voucher', year, last })
        .onConflict((oc) => oc.columns(['name', 'year']).doUpdateSet({ last }))
        .execute()
    }

    // Month ends reconciled in order, all but the last two that have ended.
    const months: string[] = []
    for (
      let m = rows[0]?.entry_date.slice(0, 7);
      m && m < to.slice(0, 7);
      m = addDays(monthEnd(`${m}-01`), 1).slice(0, 7)
    ) {
      months.push(m)
    }
    const closed = months.slice(0, Math.max(0, months.length - 2))
    let i = 0
    let running = 0
    const explained = closed.length > 6 ? closed[closed.length - 4] : undefined
    for (const m of closed) {
      const end = monthEnd(`${m}-01`)
      while (i < rows.length && rows[i]!.entry_date <= end) running += rows[i++]!.delta
      const differs = m === explained
      await trx
        .insertInto('fund_reconciliations')
        .values({
          month: m,
          statement_balance: running + (differs ? 20_000 : 0),
          book_balance: running,
          explanation: differs ? '基金会月末收到一笔 200 元捐款，次月初才转来收据，下月登记。' : '',
          entered_at: `${addDays(end, 5)}T02:00:00.000Z`,
          reconciled_at: `${addDays(end, 5)}T02:00:00.000Z`,
        })
        .execute()
    }
    ctx.summary.fund = { subfunds: ids.length, entries: rows.length, reversals, reconciledMonths: closed.length }
  })
}

function entry(
  subfundId: number,
  direction: '收入' | '支出',
  kind: EntryKind,
  date: string,
  amount: number,
  rest: Pick<
    Insertable<FundEntriesTable>,
    'counterparty' | 'party_type' | 'party_named' | 'voucher_no' | 'summary' | 'posted_at'
  >,
): Insertable<FundEntriesTable> & {
  delta: number
  amount: number
  entry_date: string
  voucher_no: string
  summary: string
} {
  return {
    subfund_id: subfundId,
    direction,
    kind,
    entry_date: date,
    amount,
    delta: direction === '收入' ? amount : -amount,
    source_kind: null,
    source_id: null,
    reverses_id: null,
    reason: '',
    ...rest,
    voucher_no: rest.voucher_no,
    summary: rest.summary ?? '',
  }
}
