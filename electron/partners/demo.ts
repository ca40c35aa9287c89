import { addDays } from '../../shared/dates'
import { creditCodeCheckChar } from '../../shared/credit-code'
import { percentDue, type CommitmentKind, type PartnerKind, type PeriodUnit } from '../../shared/partner-values'
import type { Db } from '../database/open-database'
import { made, type DemoContext } from '../demo/context'
import { insertChunks } from '../demo/insert-chunks'
import type { Rng } from '../demo/random'
import { periodSpans, sameDayMonthsLater, settle, type PeriodFacts } from './periods'

/**
 * The demo community's 合伙人: `partners` partners, each with an agreement of about five years and
 * its renewal (some with a gap between them), over `partnerYears` years ending after today. Every
 * agreement has two things the community provides (space, utilities or venue hours) and three the
 * partner commits to — a quarterly sponsorship or a 10 % profit share, monthly activities, jobs held
 * by residents from the roster. Periods that are over have their facts (mostly met, some short, a
 * few waived, older ones 复核), and their settled figures are computed by the same function the
 * services use (periods.ts), so the stored figures equal a recomputation.
 */

const NAMES = [
  '咖啡',
  '便利店',
  '物业服务',
  '养老服务中心',
  '书店',
  '药房',
  '培训学校',
  '花店',
  '面包房',
  '健身房',
  '维修铺',
  '社工事务所',
]
const CODE = '0123456789ABCDEFGHJKLMNPQRTUWXY'

function creditCode(r: Rng, kind: PartnerKind): string | null {
  if (kind === '居民自组织') return null
  const head = kind === '社会组织' ? '52' : kind === '驻区单位' ? '12' : kind === '个体工商户' ? '92' : '91'
  let body = `${head}310104`
  while (body.length < 17) body += CODE[r.int(0, 30)]
  return body + creditCodeCheckChar(body)!
}

interface DemoCommitment {
  side: '社区提供' | '合伙人承诺'
  kind: CommitmentKind
  category: string
  title: string
  unit: PeriodUnit
  quantity: number
  amount: number
  rate: number
  imputed: number
  weight: number
}

function commitmentsFor(r: Rng, kind: PartnerKind): DemoCommitment[] {
  const base = { category: '其他', quantity: 0, amount: 0, rate: 0, imputed: 0, weight: 1 }
  const money: DemoCommitment = r.chance(0.5)
    ? {
        ...base,
        side: '合伙人承诺',
        kind: '固定金额',
        title: '公益基金赞助',
        unit: '季',
        amount: r.int(2, 10) * 100_000,
        weight: 2,
      }
    : {
        ...base,
        side: '合伙人承诺',
        kind: '比例分成',
        title: '利润的 10% 捐入社区公益基金',
        unit: '月',
        rate: 1000,
        weight: 2,
      }
  return [
    {
      ...base,
      side: '社区提供',
      kind: '每期次数',
      category: '场地',
      title: '提供闲置用房（间）',
      unit: '月',
      quantity: 1,
      imputed: r.int(3, 12) * 1_000_000,
    },
    {
      ...base,
      side: '社区提供',
      kind: '每期次数',
      category: '场地时段',
      title: '活动室使用（每月）',
      unit: '月',
      quantity: 4,
      imputed: 600_000,
    },
    money,
    {
      ...base,
      side: '合伙人承诺',
      kind: '每期次数',
      title: kind === '居民自组织' ? '组织志愿服务' : '承办社区活动',
      unit: '月',
      quantity: r.int(1, 2),
      imputed: 1_200_000,
    },
    {
      ...base,
      side: '合伙人承诺',
      kind: '保持人数',
      title: '提供社区就业岗位',
      unit: '月',
      quantity: r.int(1, 3),
      imputed: 0,
    },
  ]
}

export async function partnersDemo(db: Db, ctx: DemoContext): Promise<void> {
  const { options: o, r, at } = ctx
  if (o.partners <= 0) return
  const residentIds = made(ctx, 'residentIds', '居民名册')
  const today = o.today
  const kinds: PartnerKind[] = ['企业', '企业', '个体工商户', '社会组织', '驻区单位', '居民自组织']
  const summary = ctx.summary.partners
  await db.transaction().execute(async (trx) => {
    const seen = new Set<string>()
    for (let i = 0; i < o.partners; i++) {
      const kind = r.pick(kinds)
      let code = creditCode(r, kind)
      while (code && seen.has(code)) code = creditCode(r, kind)
      if (code) seen.add(code)
      const partner = await trx
        .insertInto('partners')
        .values({
          kind,
          name: `${kind === '居民自组织' ? '幸福里' : '幸福里'}${NAMES[i % NAMES.length]}${i >= NAMES.length ? `${Math.floor(i / NAMES.length) + 1}号` : ''}${kind === '居民自组织' ? '志愿队' : ''}`,
          credit_code: code,
          contact_name: `${r.pick(['王', '李', '张', '刘', '陈'])}${r.pick(['经理', '老师', '店长'])}`,
          contact_phone: `139${String(r.int(10_000_000, 99_999_999))}`,
          address: `幸福里${r.int(1, 300)}号`,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      summary.partners++
      if (kind === '居民自组织') {
        const members = new Set<number>()
        while (members.size < Math.min(6, residentIds.length)) members.add(r.pick(residentIds))
        await insertChunks(
          trx,
          'partner_members',
          [...members].map((resident_id) => ({ partner_id: partner.id, resident_id })),
        )
      }
      // Two terms of about five years over partnerYears; the second renews the first and runs past today.
      const first = sameDayMonthsLater(`${Number(today.slice(0, 4)) - o.partnerYears + 1}-01-01`, r.int(0, 11))
      const years1 = Math.max(1, Math.round(o.partnerYears / 2))
      const end1 = addDays(sameDayMonthsLater(first, 12 * years1), -1)
      const gap = r.chance(0.1) ? r.int(1, 2) : 0
      const start2 = sameDayMonthsLater(addDays(end1, 1), gap)
      const end2 = addDays(sameDayMonthsLater(start2, 12 * years1), -1)
      let predecessor: number | null = null
      const template = commitmentsFor(r, kind)
      for (const [n, term] of [
        [1, { start: first, end: end1 }],
        [2, { start: start2, end: end2 }],
      ] as const) {
        const agreement = await trx
          .insertInto('partner_agreements')
          .values({
            partner_id: partner.id,
            kind: kind === '居民自组织' ? '共建' : r.pick(['资源置换', '资源置换', '赞助捐赠', '共建'] as const),
            number: `〔${term.start.slice(0, 4)}〕合字第${i + 1}-${n}号`,
            title: `社区合作协议（第${n}期）`,
            signed_on: addDays(term.start, -r.int(3, 20)),
            start_date: term.start,
            end_date: term.end,
            notice_days: 30,
            notice_on: addDays(term.end, -30),
            community_signatory: '居委会主任 王芳',
            partner_signatory: '负责人',
            predecessor_id: predecessor,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        predecessor = agreement.id
        summary.agreements++
        await demoCommitments(trx, ctx, agreement.id, term, template, residentIds, today)
      }
    }
  })
  ctx.log(
    `合伙人 ${summary.partners} 个，协议 ${summary.agreements} 份，条款 ${summary.commitments} 项，履约期 ${summary.periods} 期`,
  )
}

async function demoCommitments(
  db: Db,
  ctx: DemoContext,
  agreementId: number,
  term: { start: string; end: string },
  template: readonly DemoCommitment[],
  residentIds: readonly number[],
  today: string,
): Promise<void> {
  const { r } = ctx
  const summary = ctx.summary.partners
  let position = 0
  for (const t of template) {
    const c = await db
      .insertInto('partner_commitments')
      .values({
        agreement_id: agreementId,
        position: ++position,
        side: t.side,
        kind: t.kind,
        category: t.category,
        title: t.title,
        period_unit: t.unit,
        quantity: t.quantity,
        amount_fen: t.amount,
        rate_bp: t.rate,
        due_date: null,
        area_m2: t.category === '场地' ? r.int(20, 120) : null,
        imputed_yearly_fen: t.imputed,
        weight: t.weight,
        carry_policy: t.kind === '每期次数' ? '超出部分计入下期' : '不结转',
        counts_meetings: 0,
        note: '',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    summary.commitments++
    const spans = periodSpans(term.start, term.end, t.unit)
    const holders: Array<{ resident_id: number; from_date: string; to_date: string | null }> = []
    if (t.kind === '保持人数') {
      for (let k = 0; k < t.quantity; k++) {
        let from = term.start
        // Now and then someone leaves and the place stays empty a month or two.
        while (from <= today && from <= term.end) {
          const stays = r.int(8, 40)
          const to = addDays(sameDayMonthsLater(from, stays), -1)
          const leaves = to < today && to < term.end
          holders.push({ resident_id: r.pick(residentIds), from_date: from, to_date: leaves ? to : null })
          if (!leaves) break
          from = addDays(sameDayMonthsLater(to, r.chance(0.3) ? 1 : 0), 1)
        }
      }
    }
    const facts: PeriodFacts[] = spans.map((s) => {
      const over = s.end < today
      const good = r.chance(0.93)
      const base =
        t.kind === '比例分成' && over
          ? r.chance(0.12)
            ? -r.int(1, 30) * 100_000
            : r.int(20, 250) * 100_000 + r.int(0, 99)
          : null
      const due = t.kind === '固定金额' ? t.amount : t.kind === '比例分成' ? percentDue(t.rate, base ?? 0) : 0
      return {
        start: s.start,
        end: s.end,
        baseFen: base,
        paidFen: over && due > 0 ? (good ? due : Math.floor(due / 2)) : 0,
        doneCount: t.kind === '每期次数' && over ? (good ? t.quantity : Math.max(0, t.quantity - 1)) : 0,
        waived: over && r.chance(0.01),
        meetings: 0,
        holders: holders.filter((h) => h.from_date <= s.end && (h.to_date === null || h.to_date >= s.end)).length,
      }
    })
    const settled = settle(
      {
        kind: t.kind,
        quantity: t.quantity,
        amountFen: t.amount,
        rateBp: t.rate,
        carryPolicy: t.kind === '每期次数' ? '超出部分计入下期' : '不结转',
        countsMeetings: false,
      },
      facts,
    )
    const reviewedBefore = addDays(today, -62)
    await insertChunks(
      db,
      'partner_periods',
      spans.map((s, k) => {
        const f = facts[k]!
        const z = settled[k]!
        return {
          commitment_id: c.id,
          seq: s.seq,
          start_date: s.start,
          end_date: s.end,
          base_fen: f.baseFen,
          paid_fen: f.paidFen,
          done_count: f.doneCount,
          waived_reason: f.waived ? '经议事会同意，停业整修期间豁免' : '',
          reviewed_by: s.end < reviewedBefore ? '李娟' : '',
          reviewed_at: s.end < reviewedBefore ? `${addDays(s.end, 10)}T02:00:00.000Z` : null,
          planned: z.planned,
          actual: z.actual,
          credited: z.credited,
          carry_in: z.carryIn,
          true_up_fen: z.trueUpFen,
          short: z.short ? 1 : 0,
        }
      }),
    )
    summary.periods += spans.length
    if (holders.length) {
      await insertChunks(
        db,
        'partner_holders',
        holders.map((h) => ({
          commitment_id: c.id,
          resident_id: h.resident_id,
          role: '店员',
          from_date: h.from_date,
          to_date: h.to_date,
        })),
      )
    }
    if (t.kind === '固定金额' || t.kind === '比例分成') {
      const ids = await db
        .selectFrom('partner_periods')
        .select(['id', 'paid_fen', 'end_date'])
        .where('commitment_id', '=', c.id)
        .where('paid_fen', '>', 0)
        .execute()
      await insertChunks(
        db,
        'partner_payments',
        ids.map((p) => ({
          period_id: p.id,
          fen: p.paid_fen,
          paid_on: addDays(p.end_date, 5),
          fund_entry_id: null,
          note: '',
          created_at: ctx.at,
        })),
      )
    }
  }
}
