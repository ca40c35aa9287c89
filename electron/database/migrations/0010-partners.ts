import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'

/**
 * 社区合伙人台账: partners, two-sided agreements, commitments of mixed kinds with their periods,
 * payments, holders (jobs filled by named residents), evidence files, and the host partner of a
 * council meeting.
 *
 * Nothing here stores a state: an agreement's 草拟 / 生效 / 即将到期 / 已到期 / 已续签 / 提前终止 / 作废
 * comes from its dates and links, a commitment's 待履约 / 履约中 / 逾期 / 已完成 from its periods and
 * the date. A period keeps the facts entered (base reported, paid, count done, waiver, 复核) and,
 * beside them, the figures that follow from the facts alone — planned, actual, credited, short —
 * recomputed in the same transaction as every fact they depend on (partners/settle.ts), so the home
 * page can count overdue periods by an index instead of recomputing ten years of periods.
 * agreements.notice_on (end − notice days) is kept for the same reason, written with the dates.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'partners',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('partners')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('credit_code', 'text', (c) => c.unique())
      .addColumn('contact_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('contact_phone', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint('partners_kind', sql`kind in ('企业', '个体工商户', '社会组织', '驻区单位', '居民自组织')`)
      .addCheckConstraint('partners_code', sql`credit_code is null or length(credit_code) = 18`)
      .execute()
    await db.schema.createIndex('partners_name').on('partners').column('name').execute()

    await db.schema
      .createTable('partner_members')
      .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id').onDelete('cascade'))
      .addColumn('resident_id', 'integer', (c) => c.notNull().references('residents.id'))
      .addPrimaryKeyConstraint('partner_members_pk', ['partner_id', 'resident_id'])
      .execute()

    await db.schema
      .createTable('partner_agreements')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('number', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('signed_on', 'text')
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('end_date', 'text')
      .addColumn('notice_days', 'integer', (c) => c.notNull().defaultTo(30))
      .addColumn('notice_on', 'text')
      .addColumn('community_signatory', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('partner_signatory', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('predecessor_id', 'integer', (c) => c.references('partner_agreements.id'))
      .addColumn('terminated_on', 'text')
      .addColumn('termination_reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('voided_at', 'text')
      .addColumn('void_reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint('partner_agreements_kind', sql`kind in ('资源置换', '政府购买服务', '赞助捐赠', '共建')`)
      .addCheckConstraint('partner_agreements_term', sql`end_date is null or end_date >= start_date`)
      .addCheckConstraint('partner_agreements_notice', sql`notice_days between 0 and 365`)
      .addCheckConstraint('partner_agreements_terminated', sql`terminated_on is null or termination_reason <> ''`)
      .addCheckConstraint('partner_agreements_voided', sql`voided_at is null or void_reason <> ''`)
      .execute()
    await db.schema.createIndex('partner_agreements_partner').on('partner_agreements').column('partner_id').execute()
    await db.schema
      .createIndex('partner_agreements_predecessor')
      .on('partner_agreements')
      .column('predecessor_id')
      .where('predecessor_id', 'is not', null)
      .execute()
    await db.schema.createIndex('partner_agreements_notice').on('partner_agreements').column('notice_on').execute()

    await db.schema
      .createTable('partner_commitments')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('agreement_id', 'integer', (c) => c.notNull().references('partner_agreements.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('side', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull().defaultTo('其他'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('period_unit', 'text')
      .addColumn('quantity', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('amount_fen', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rate_bp', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('due_date', 'text')
      .addColumn('area_m2', 'real')
      .addColumn('imputed_yearly_fen', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('weight', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('carry_policy', 'text', (c) => c.notNull().defaultTo('不结转'))
      .addColumn('counts_meetings', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addCheckConstraint('partner_commitments_side', sql`side in ('社区提供', '合伙人承诺')`)
      .addCheckConstraint(
        'partner_commitments_kind',
        sql`kind in ('固定金额', '比例分成', '每期次数', '保持人数', '一次性交付')`,
      )
      .addCheckConstraint('partner_commitments_unit', sql`period_unit is null or period_unit in ('月', '季', '年')`)
      .addCheckConstraint(
        'partner_commitments_amounts',
        sql`quantity >= 0 and amount_fen >= 0 and rate_bp between 0 and 10000 and imputed_yearly_fen >= 0 and weight >= 0`,
      )
      .addCheckConstraint('partner_commitments_carry', sql`carry_policy in ('不结转', '超出部分计入下期')`)
      .execute()
    await db.schema
      .createIndex('partner_commitments_agreement')
      .on('partner_commitments')
      .columns(['agreement_id', 'position'])
      .execute()

    await db.schema
      .createTable('partner_periods')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('commitment_id', 'integer', (c) =>
        c.notNull().references('partner_commitments.id').onDelete('cascade'),
      )
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('end_date', 'text', (c) => c.notNull())
      // Facts entered.
      .addColumn('base_fen', 'integer')
      .addColumn('paid_fen', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('done_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('waived_reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('reviewed_by', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('reviewed_at', 'text')
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      // What follows from the facts (settle.ts), never from the date.
      .addColumn('planned', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('actual', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('credited', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('carry_in', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('true_up_fen', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('short', 'integer', (c) => c.notNull().defaultTo(0))
      .addUniqueConstraint('partner_periods_seq', ['commitment_id', 'seq'])
      .addCheckConstraint('partner_periods_dates', sql`end_date >= start_date`)
      .addCheckConstraint('partner_periods_facts', sql`paid_fen >= 0 and done_count >= 0`)
      .addCheckConstraint('partner_periods_review', sql`(reviewed_at is null) = (reviewed_by = '')`)
      .execute()
    // The home page's two questions, each answered from a small partial index.
    await db.schema
      .createIndex('partner_periods_short')
      .on('partner_periods')
      .columns(['end_date', 'commitment_id'])
      .where(sql.ref('short'), '=', 1)
      .execute()
    await db.schema
      .createIndex('partner_periods_unreviewed')
      .on('partner_periods')
      .columns(['end_date', 'commitment_id'])
      .where(sql.ref('reviewed_at'), 'is', null)
      .execute()

    await db.schema
      .createTable('partner_payments')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('period_id', 'integer', (c) => c.notNull().references('partner_periods.id'))
      .addColumn('fen', 'integer', (c) => c.notNull())
      .addColumn('paid_on', 'text', (c) => c.notNull())
      // The charity fund's entry that received it (fund module), when it came through the fund.
      .addColumn('fund_entry_id', 'integer')
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('partner_payments_period').on('partner_payments').column('period_id').execute()

    await db.schema
      .createTable('partner_holders')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('commitment_id', 'integer', (c) =>
        c.notNull().references('partner_commitments.id').onDelete('cascade'),
      )
      .addColumn('resident_id', 'integer', (c) => c.notNull().references('residents.id'))
      .addColumn('role', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('from_date', 'text', (c) => c.notNull())
      .addColumn('to_date', 'text')
      .addCheckConstraint('partner_holders_dates', sql`to_date is null or to_date >= from_date`)
      .execute()
    await db.schema.createIndex('partner_holders_commitment').on('partner_holders').column('commitment_id').execute()

    await db.schema
      .createTable('partner_evidence')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('period_id', 'integer', (c) => c.notNull().references('partner_periods.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('stored_name', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('added_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('partner_evidence_period').on('partner_evidence').column('period_id').execute()

    // The meetings that credit a "meetings per period" commitment: kept in step with the meetings
    // by the meetings module's change hook (partners/meeting-credit.ts).
    await db.schema
      .createTable('partner_meeting_credits')
      .addColumn('meeting_id', 'integer', (c) => c.primaryKey())
      .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
      .addColumn('on_date', 'text', (c) => c.notNull())
      .addColumn('period_id', 'integer', (c) => c.references('partner_periods.id').onDelete('set null'))
      .execute()
    await db.schema
      .createIndex('partner_meeting_credits_period')
      .on('partner_meeting_credits')
      .column('period_id')
      .execute()

    await db.schema
      .alterTable('meetings')
      .addColumn('host_partner_id', 'integer', (c) => c.references('partners.id'))
      .execute()
    await db.schema
      .createIndex('meetings_host_partner')
      .on('meetings')
      .columns(['host_partner_id', 'starts_at'])
      .where('host_partner_id', 'is not', null)
      .execute()
  },
}
