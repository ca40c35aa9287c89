import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'

/**
 * 乡贤调解案卷 (the elder-council mediation casebook).
 *
 * - mediation_cases: one dispute. Its number 〔2026〕X人调字第N号 comes from the per-year counter
 *   (number_sequences 'mediation'), unique, never reused. The one-month clock is computed from
 *   accepted_on and extended_until, never stored. A case opened from a resident's topic names it
 *   (one case per topic).
 * - mediation_parties: 申请人 / 被申请人 / 第三人 — a person (from the roster or new) or an
 *   organisation (统一社会信用代码); an agent (委托代理人) is a row that names the party it acts for
 *   and the scope of the power of attorney. `safety` (人身安全) hides the address from everyone but
 *   the case's mediators.
 * - mediation_staff: the people of the case in their lawful roles, with their declaration of
 *   kinship or interest; a recusal keeps the row (recused_at, why) and removes the person.
 * - mediation_sessions: 调查记录 and 调解记录, with the read-back time.
 * - mediation_agreements / mediation_clauses: the agreement and its clauses (amounts in fen), each
 *   clause performed with proof.
 * - mediation_visits: follow-up visits, planned and done. mediation_alerts: 激化苗头.
 * - mediation_scans: a scan of a signed original, attached to the dossier document it belongs to.
 * - mediation_council_funds: money the elder council raised, each the charity fund's 乡贤筹款 entry
 *   it was posted as (the fund's ledger holds the money; this says which council raised it).
 * - mediation_frozen_months: the statistics of a month as reported, frozen.
 */
export const migration0013: Migration = {
  version: 13,
  name: 'mediation',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('mediation_cases')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('case_no', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('dispute_type', 'text', (c) => c.notNull())
      .addColumn('difficulty', 'text', (c) => c.notNull())
      .addColumn('facts', 'text', (c) => c.notNull())
      .addColumn('committee', 'text', (c) => c.notNull())
      .addColumn('council', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('accepted_on', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('end_reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('routes_told', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rights_notified_on', 'text')
      .addColumn('extended_until', 'text')
      .addColumn('extension_consent', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('ended_on', 'text')
      .addColumn('archived_on', 'text')
      .addColumn('archived_by', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('retention', 'text', (c) => c.notNull().defaultTo('30年'))
      .addColumn('explanation', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('topic_id', 'integer', (c) => c.unique().references('topics.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('mediation_cases_number', ['year', 'seq'])
      .addCheckConstraint(
        'mediation_cases_status',
        sql`status in ('受理', '调解中', '达成协议', '履行中', '履行完毕', '结案', '归档', '不予受理', '终止')`,
      )
      .addCheckConstraint('mediation_cases_difficulty', sql`difficulty in ('简单', '一般', '重大疑难')`)
      .addCheckConstraint(
        'mediation_cases_accepted',
        sql`accepted_on glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`,
      )
      .addCheckConstraint('mediation_cases_ended', sql`status not in ('不予受理', '终止') or end_reason <> ''`)
      .execute()
    await db.schema.createIndex('mediation_cases_list').on('mediation_cases').columns(['accepted_on', 'id']).execute()
    await db.schema
      .createIndex('mediation_cases_status_list')
      .on('mediation_cases')
      .columns(['status', 'accepted_on'])
      .execute()

    await db.schema
      .createTable('mediation_parties')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('case_id', 'integer', (c) => c.notNull().references('mediation_cases.id'))
      .addColumn('side', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('resident_id', 'integer', (c) => c.references('residents.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('gender', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('ethnicity', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('birth_date', 'text')
      .addColumn('occupation', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('id_number', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('credit_code', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('legal_rep', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('claim', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('safety', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('agent_for', 'integer', (c) => c.references('mediation_parties.id'))
      .addColumn('attorney_scope', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addCheckConstraint('mediation_parties_side', sql`side in ('申请人', '被申请人', '第三人', '委托代理人')`)
      .addCheckConstraint('mediation_parties_kind', sql`kind in ('个人', '单位')`)
      .addCheckConstraint(
        'mediation_parties_agent',
        sql`(side = '委托代理人') = (agent_for is not null) and (side <> '委托代理人' or attorney_scope <> '')`,
      )
      .execute()
    await db.schema.createIndex('mediation_parties_case').on('mediation_parties').columns(['case_id', 'id']).execute()
    await db.schema.createIndex('mediation_parties_name').on('mediation_parties').columns(['name', 'case_id']).execute()

    await db.schema
      .createTable('mediation_staff')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('case_id', 'integer', (c) => c.notNull().references('mediation_cases.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('presiding', 'integer', (c) => c.notNull().defaultTo(0))
      // null: not yet declared; '': declared no tie; otherwise the tie declared.
      .addColumn('declared_tie', 'text')
      .addColumn('declared_at', 'text')
      .addColumn('objection', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('recused_at', 'text')
      .addColumn('recusal_reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addCheckConstraint('mediation_staff_role', sql`role in ('人民调解员', '乡贤', '记录人')`)
      .addCheckConstraint('mediation_staff_presiding', sql`presiding = 0 or role = '人民调解员'`)
      .addCheckConstraint('mediation_staff_recusal', sql`recused_at is null or recusal_reason <> ''`)
      .execute()
    await db.schema.createIndex('mediation_staff_case').on('mediation_staff').columns(['case_id', 'id']).execute()

    await db.schema
      .createTable('mediation_sessions')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('case_id', 'integer', (c) => c.notNull().references('mediation_cases.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('held_at', 'text', (c) => c.notNull())
      .addColumn('place', 'text', (c) => c.notNull())
      .addColumn('attendees', 'text', (c) => c.notNull())
      .addColumn('applicant_says', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('respondent_says', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('risk_warning', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('read_back_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addCheckConstraint('mediation_sessions_kind', sql`kind in ('调查记录', '调解记录')`)
      .execute()
    await db.schema
      .createIndex('mediation_sessions_case')
      .on('mediation_sessions')
      .columns(['case_id', 'held_at'])
      .execute()

    await db.schema
      .createTable('mediation_agreements')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('case_id', 'integer', (c) => c.notNull().unique().references('mediation_cases.id'))
      .addColumn('form', 'text', (c) => c.notNull())
      .addColumn('facts', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('issues', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('responsibility', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('signed_on', 'text')
      .addColumn('effective_on', 'text')
      .addColumn('confirm_applied_on', 'text')
      .addColumn('confirm_court', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('confirm_result', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint('mediation_agreements_form', sql`form in ('书面', '口头')`)
      .execute()

    await db.schema
      .createTable('mediation_clauses')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('agreement_id', 'integer', (c) => c.notNull().references('mediation_agreements.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('obligor_id', 'integer', (c) => c.notNull().references('mediation_parties.id'))
      .addColumn('obligee_id', 'integer', (c) => c.references('mediation_parties.id'))
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('amount', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('manner', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('due_on', 'text')
      .addColumn('performed_on', 'text')
      .addColumn('proof', 'text', (c) => c.notNull().defaultTo(''))
      .addCheckConstraint('mediation_clauses_amount', sql`amount >= 0`)
      .addCheckConstraint('mediation_clauses_performed', sql`performed_on is null or proof <> ''`)
      .execute()
    await db.schema
      .createIndex('mediation_clauses_agreement')
      .on('mediation_clauses')
      .columns(['agreement_id', 'position'])
      .execute()
    await db.schema.createIndex('mediation_clauses_due').on('mediation_clauses').columns(['due_on']).execute()

    await db.schema
      .createTable('mediation_visits')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('case_id', 'integer', (c) => c.notNull().references('mediation_cases.id'))
      .addColumn('planned_on', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('done_on', 'text')
      .addColumn('visitor', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('party_id', 'integer', (c) => c.references('mediation_parties.id'))
      .addColumn('performance', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('satisfaction', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('lawsuit', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('escalation_signs', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('measures', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('mediation_visits_case')
      .on('mediation_visits')
      .columns(['case_id', 'planned_on'])
      .execute()
    await db.schema
      .createIndex('mediation_visits_due')
      .on('mediation_visits')
      .columns(['done_on', 'planned_on'])
      .execute()

    await db.schema
      .createTable('mediation_alerts')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('case_id', 'integer', (c) => c.notNull().references('mediation_cases.id'))
      .addColumn('found_on', 'text', (c) => c.notNull())
      .addColumn('signs', 'text', (c) => c.notNull())
      .addColumn('measures', 'text', (c) => c.notNull())
      .addColumn('people', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('resolved_on', 'text')
      .addColumn('resolution', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addCheckConstraint('mediation_alerts_people', sql`people >= 1`)
      .execute()
    await db.schema
      .createIndex('mediation_alerts_open')
      .on('mediation_alerts')
      .columns(['resolved_on', 'case_id'])
      .execute()

    await db.schema
      .createTable('mediation_scans')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('case_id', 'integer', (c) => c.notNull().references('mediation_cases.id'))
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('pages', 'integer', (c) => c.notNull().defaultTo(1))
      // Relative to the data file's folder, with '/' separators; the copy is named by its SHA-256.
      .addColumn('stored_path', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addCheckConstraint(
        'mediation_scans_document',
        sql`document in ('register', 'notice', 'identity', 'attorney', 'investigation', 'evidence', 'transcript',
          'agreement', 'proof', 'visit', 'confirmation', 'explanation')`,
      )
      .addCheckConstraint('mediation_scans_pages', sql`pages between 1 and 500`)
      .execute()
    await db.schema.createIndex('mediation_scans_case').on('mediation_scans').columns(['case_id']).execute()

    // Money the elder council raised, posted to the charity fund as 乡贤筹款 (the council as its source).
    await db.schema
      .createTable('mediation_council_funds')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('council', 'text', (c) => c.notNull())
      .addColumn('entry_id', 'integer', (c) => c.notNull().unique().references('fund_entries.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('mediation_frozen_months')
      .addColumn('month', 'text', (c) => c.primaryKey())
      .addColumn('figures', 'text', (c) => c.notNull())
      .addColumn('frozen_at', 'text', (c) => c.notNull())
      .execute()
    // A month reported to the 司法所 stays as reported: nobody changes or removes it afterwards.
    for (const op of ['update', 'delete']) {
      await sql
        .raw(
          `create trigger mediation_frozen_months_no_${op} before ${op} on mediation_frozen_months
           begin select raise(abort, '已上报的月份统计不能修改或删除。'); end`,
        )
        .execute(db)
    }
  },
}
