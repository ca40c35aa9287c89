import { chineseDate } from '../../../shared/dates'
import { maskPhone } from '../../../shared/phone'
import { formatYuan } from '../../../shared/money'
import { officeDate } from '../../../shared/time'
import { formatPercent, isMoneyKind } from '../../../shared/partner-values'
import type { Db } from '../../database/open-database'
import { exporter, type ExportSink } from '../../registry/export-file'
import { committeeOf } from '../../meetings'
import { RegisterWorkbook, signatureLine, type Cell } from '../../registry/xlsx-register'
import { agreementState } from '../agreement-service'

/**
 * 合伙人台账 (.xlsx) in the office's 台账 look: 协议 (one row per agreement, with both sides'
 * signatories, its computed state and 履约率), 条款 (every commitment of both sides, with its
 * 履约率 as Σ已计入 / Σ应履约 and the counts), and 履约明细 of one year (every period ending in it).
 * Phones are masked. Read in set-based queries; the rates are summed by the database.
 */
export const AGREEMENT_HEADERS = [
  '序号',
  '协议编号',
  '合伙人',
  '类型',
  '协议名称',
  '签订日期',
  '期限',
  '社区签订人',
  '合伙人签订人',
  '联系人及电话',
  '状态',
  '续签自',
] as const
export const COMMITMENT_HEADERS = [
  '协议编号',
  '合伙人',
  '哪一方',
  '条款类型',
  '内容',
  '约定',
  '权重',
  '已结束期数',
  '应履约合计',
  '已计入合计',
  '履约率',
] as const
export const PERIOD_HEADERS = [
  '协议编号',
  '合伙人',
  '内容',
  '履约期',
  '应履约',
  '实际',
  '已计入',
  '豁免原因',
  '证据份数',
  '复核',
] as const

const quantity = (kind: string, n: number) => (isMoneyKind(kind) ? formatYuan(n) : String(n))

function terms(c: {
  kind: string
  period_unit: string | null
  quantity: number
  amount_fen: number
  rate_bp: number
  due_date: string | null
}): string {
  const per = c.period_unit ? `每${c.period_unit}` : ''
  switch (c.kind) {
    case '固定金额':
      return `${per}${formatYuan(c.amount_fen)}`
    case '比例分成':
      return `${per}按申报利润的 ${formatPercent(c.rate_bp)}（四舍五入到分，年度结算）`
    case '每期次数':
      return `${per} ${c.quantity} 次`
    case '保持人数':
      return `${per}末在岗 ${c.quantity} 人`
    default:
      return `${chineseDate(c.due_date)}前完成`
  }
}

/** 合伙人台账 of one year, as an export job (contacts inside: audited when the file is complete). */
export const partnerLedger = exporter<{ year: number }>({
  key: 'partners.ledger',
  what: '合伙人台账',
  prepare: async (db, q) => {
    const profile = await db.selectFrom('community').select('name').where('id', '=', 1).executeTakeFirst()
    return { fileName: `${profile?.name ?? ''}合伙人台账（${q.year}年）.xlsx` }
  },
  build: (db, q, sink) => buildPartnerLedgerXlsx(db, q.year, sink),
})

export async function buildPartnerLedgerXlsx(
  db: Db,
  year: number | undefined,
  sink: ExportSink,
): Promise<{ count: number }> {
  const now = sink.now
  const today = officeDate(now.toISOString())
  const y = year ?? Number(today.slice(0, 4))
  const profile = await db.selectFrom('community').select(['name', 'kind']).where('id', '=', 1).executeTakeFirst()
  const agreements = await db
    .selectFrom('partner_agreements as a')
    .innerJoin('partners as p', 'p.id', 'a.partner_id')
    .leftJoin('partner_agreements as pre', 'pre.id', 'a.predecessor_id')
    .select([
      'a.id',
      'a.number',
      'a.kind',
      'a.title',
      'a.signed_on',
      'a.start_date',
      'a.end_date',
      'a.notice_on',
      'a.terminated_on',
      'a.voided_at',
      'a.community_signatory',
      'a.partner_signatory',
      'p.name',
      'p.contact_name',
      'p.contact_phone',
      'pre.number as preNumber',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('partner_agreements as s')
              .select('s.id')
              .whereRef('s.predecessor_id', '=', 'a.id')
              .where('s.voided_at', 'is', null),
          )
          .as('renewed'),
    ])
    .orderBy('a.start_date')
    .orderBy('a.id')
    .execute()
  const agreementRows: Cell[][] = agreements.map((a, i) => [
    i + 1,
    a.number,
    a.name,
    a.kind,
    a.title,
    a.signed_on ? chineseDate(a.signed_on) : '未签订',
    `${chineseDate(a.start_date)}—${a.end_date ? chineseDate(a.end_date) : '长期（提前通知终止）'}`,
    a.community_signatory,
    a.partner_signatory,
    [a.contact_name, a.contact_phone ? maskPhone(a.contact_phone) : ''].filter(Boolean).join(' '),
    agreementState(a, Boolean(a.renewed), today),
    a.preNumber ?? '',
  ])

  const commitments = await db
    .selectFrom('partner_commitments as c')
    .innerJoin('partner_agreements as a', 'a.id', 'c.agreement_id')
    .innerJoin('partners as p', 'p.id', 'a.partner_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('partner_periods as pp')
          .innerJoin('partner_commitments as cc', 'cc.id', 'pp.commitment_id')
          .innerJoin('partner_agreements as aa', 'aa.id', 'cc.agreement_id')
          .select((e) => [
            'pp.commitment_id',
            e.fn.countAll<number>().as('n'),
            e.fn.sum<number>('pp.planned').as('planned'),
            e.fn.sum<number>('pp.credited').as('credited'),
          ])
          .where('pp.end_date', '<', today)
          .where('pp.waived_reason', '=', '')
          .where((e) => e.or([e('aa.terminated_on', 'is', null), e('pp.start_date', '<=', e.ref('aa.terminated_on'))]))
          .groupBy('pp.commitment_id')
          .as('s'),
      (join) => join.onRef('s.commitment_id', '=', 'c.id'),
    )
    .select([
      'a.number',
      'p.name',
      'c.side',
      'c.kind',
      'c.title',
      'c.period_unit',
      'c.quantity',
      'c.amount_fen',
      'c.rate_bp',
      'c.due_date',
      'c.weight',
      's.n',
      's.planned',
      's.credited',
    ])
    .where('a.voided_at', 'is', null)
    .orderBy('a.start_date')
    .orderBy('a.id')
    .orderBy('c.position')
    .execute()
  const commitmentRows: Cell[][] = commitments.map((c) => {
    const planned = Number(c.planned ?? 0)
    const credited = Number(c.credited ?? 0)
    return [
      c.number,
      c.name,
      c.side,
      c.kind,
      c.title,
      terms(c),
      c.weight,
      Number(c.n ?? 0),
      quantity(c.kind, planned),
      quantity(c.kind, credited),
      planned > 0 ? `${((credited / planned) * 100).toFixed(1)}%` : '—',
    ]
  })

  const periods = await db
    .selectFrom('partner_periods as pp')
    .innerJoin('partner_commitments as c', 'c.id', 'pp.commitment_id')
    .innerJoin('partner_agreements as a', 'a.id', 'c.agreement_id')
    .innerJoin('partners as p', 'p.id', 'a.partner_id')
    .select((eb) => [
      'a.number',
      'p.name',
      'c.title',
      'c.kind',
      'pp.start_date',
      'pp.end_date',
      'pp.planned',
      'pp.actual',
      'pp.credited',
      'pp.waived_reason',
      'pp.reviewed_by',
      'pp.reviewed_at',
      eb
        .selectFrom('partner_evidence as e')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('e.period_id', '=', 'pp.id')
        .as('evidence'),
    ])
    .where('a.voided_at', 'is', null)
    .where('pp.end_date', '>=', `${y}-01-01`)
    .where('pp.end_date', '<=', `${y}-12-31`)
    .orderBy('a.start_date')
    .orderBy('a.id')
    .orderBy('c.position')
    .orderBy('pp.seq')
    .execute()
  const periodRows: Cell[][] = periods.map((p) => [
    p.number,
    p.name,
    p.title,
    `${chineseDate(p.start_date)}—${chineseDate(p.end_date)}`,
    quantity(p.kind, p.planned),
    quantity(p.kind, p.actual),
    quantity(p.kind, p.credited),
    p.waived_reason,
    Number(p.evidence ?? 0),
    p.reviewed_at ? `${p.reviewed_by} ${chineseDate(officeDate(p.reviewed_at))}` : '未复核',
  ])

  const who = profile?.name ?? ''
  sink.total(periodRows.length)
  const wb = new RegisterWorkbook(sink, `${who}合伙人台账`, now)
  const committee = committeeOf(profile)
  const s1 = wb.sheet({
    name: '协议',
    title: `${who}合伙人台账（协议）`,
    headers: AGREEMENT_HEADERS,
    orientation: 'landscape',
    centered: [1, 6, 11],
    rows: agreementRows,
  })
  for (const r of agreementRows) s1.row(r)
  s1.note(`状态按 ${chineseDate(today)} 计算；联系电话已隐去中间几位。`)
  s1.note(signatureLine(committee, now))
  s1.commit()
  const s2 = wb.sheet({
    name: '条款',
    title: `${who}合伙人台账（双方条款及履约率）`,
    headers: COMMITMENT_HEADERS,
    orientation: 'landscape',
    centered: [3, 4, 7, 8, 11],
    rows: commitmentRows,
  })
  for (const r of commitmentRows) s2.row(r)
  s2.note(
    '履约率 = 已计入合计 ÷ 应履约合计，只算已结束且未豁免的履约期；比例分成按申报利润乘比例、四舍五入到分，每年末按全年利润结算。',
  )
  s2.note(signatureLine(committee, now))
  s2.commit()
  const s3 = wb.sheet({
    name: '履约明细',
    title: `${who}${y}年合伙人履约明细`,
    headers: PERIOD_HEADERS,
    orientation: 'landscape',
    centered: [4, 9],
    rows: periodRows,
  })
  for (const r of periodRows) {
    s3.row(r)
    await sink.step()
  }
  s3.note(signatureLine(committee, now))
  s3.commit()
  await wb.finish()
  return { count: agreements.length }
}
