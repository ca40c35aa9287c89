import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'

/**
 * The community charity fund (社区公益基金): a mirror ledger of the money a holding foundation keeps
 * for the community, in sub-funds by purpose.
 *
 * - fund_subfunds: 限定性 (one purpose only) or 非限定性.
 * - fund_entries: income and expenditure, amounts in integer fen. A posted entry is never edited or
 *   deleted — triggers refuse UPDATE and DELETE from anyone (the app, a script, a database tool),
 *   with a Chinese message the app shows as it is. A correction is a reversing entry (红字冲销):
 *   same sub-fund, direction and kind, the amount negated, naming the entry it reverses; a unique
 *   index lets an entry be reversed once, and a trigger checks the pairing. `delta` is the entry's
 *   effect on the balance (+ income, − expenditure), checked against direction and amount, so every
 *   balance is one indexed sum. An entry posted by another module names its source
 *   (source_kind/source_id: a partner's commitment period, a funded contest proposal).
 * - fund_evidence: files kept beside the data file, with their SHA-256; append-only as well.
 * - fund_reconciliations: month-end reconciliation with the foundation's statement, month by month
 *   in order. Once a month is reconciled its row is final and no entry may be dated in it or
 *   before it (a trigger says so), so a reconciled balance never changes afterwards.
 */
const IMMUTABLE = '已记账的收支不能修改或删除。录错了请点“冲销”并写明原因，再重新登记正确的一笔。'

export const migration0008: Migration = {
  version: 8,
  name: 'fund',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('fund_subfunds')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('restriction', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addCheckConstraint('fund_subfunds_restriction', sql`restriction in ('限定性', '非限定性')`)
      .execute()

    await db.schema
      .createTable('fund_entries')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('subfund_id', 'integer', (c) => c.notNull().references('fund_subfunds.id'))
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      // Office-local 'YYYY-MM-DD'.
      .addColumn('entry_date', 'text', (c) => c.notNull())
      // Fen; negative only on a reversing entry.
      .addColumn('amount', 'integer', (c) => c.notNull())
      .addColumn('delta', 'integer', (c) => c.notNull())
      .addColumn('counterparty', 'text', (c) => c.notNull())
      .addColumn('party_type', 'text', (c) => c.notNull())
      .addColumn('party_named', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('voucher_no', 'text', (c) => c.notNull().unique())
      .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('source_kind', 'text')
      .addColumn('source_id', 'integer')
      .addColumn('reverses_id', 'integer', (c) => c.unique().references('fund_entries.id'))
      .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('posted_at', 'text', (c) => c.notNull())
      .addCheckConstraint('fund_entries_direction', sql`direction in ('收入', '支出')`)
      .addCheckConstraint(
        'fund_entries_kind',
        sql`(direction = '收入' and kind in ('捐赠', '乡贤筹款', '合伙人承诺', '其他收入'))
          or (direction = '支出' and kind in ('公益支出', '提案资助', '其他支出'))`,
      )
      .addCheckConstraint(
        'fund_entries_amount',
        sql`(reverses_id is null and amount > 0) or (reverses_id is not null and amount < 0 and reason <> '')`,
      )
      .addCheckConstraint('fund_entries_delta', sql`delta = case direction when '收入' then amount else -amount end`)
      .addCheckConstraint('fund_entries_date', sql`entry_date glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`)
      .addCheckConstraint('fund_entries_party_type', sql`party_type in ('个人', '单位')`)
      .addCheckConstraint('fund_entries_party_named', sql`party_named in (0, 1)`)
      .addCheckConstraint(
        'fund_entries_source',
        sql`(source_kind is null and source_id is null)
          or (source_kind in ('partner_period', 'contest_proposal') and source_id is not null)`,
      )
      .execute()
    // A sub-fund's balance and statement; the whole fund's balance at a month end; the list, newest first.
    await db.schema
      .createIndex('fund_entries_subfund')
      .on('fund_entries')
      .columns(['subfund_id', 'entry_date', 'delta'])
      .execute()
    await db.schema.createIndex('fund_entries_date_delta').on('fund_entries').columns(['entry_date', 'delta']).execute()
    await db.schema.createIndex('fund_entries_date').on('fund_entries').column('entry_date').execute()
    await db.schema
      .createIndex('fund_entries_source')
      .on('fund_entries')
      .columns(['source_kind', 'source_id'])
      .where('source_kind', 'is not', null)
      .execute()

    await sql`create trigger fund_entries_no_update before update on fund_entries
      begin select raise(abort, ${sql.raw(`'${IMMUTABLE}'`)}); end`.execute(db)
    await sql`create trigger fund_entries_no_delete before delete on fund_entries
      begin select raise(abort, ${sql.raw(`'${IMMUTABLE}'`)}); end`.execute(db)
    // A reversal mirrors the entry it names, and a reversal itself is not reversed.
    await sql`create trigger fund_entries_reversal before insert on fund_entries
      when new.reverses_id is not null
      begin
        select raise(abort, '冲销分录必须与原分录的子基金、收支类型相同，金额相反；冲销分录本身不能再冲销。')
        where not exists (
          select 1 from fund_entries o
          where o.id = new.reverses_id and o.reverses_id is null and o.subfund_id = new.subfund_id
            and o.direction = new.direction and o.kind = new.kind and o.amount = -new.amount
            and o.entry_date <= new.entry_date
        );
      end`.execute(db)
    // Nothing is dated in a month already reconciled with the foundation, or before it.
    await sql`create trigger fund_entries_reconciled before insert on fund_entries
      begin
        select raise(abort, '这个日期所在的月份已经与基金会对过账，不能再记入。请把日期写在对账以后的日子，并在摘要里写明实际日期。')
        where exists (
          select 1 from fund_reconciliations r
          where r.reconciled_at is not null and r.month >= substr(new.entry_date, 1, 7)
        );
      end`.execute(db)

    await db.schema
      .createTable('fund_evidence')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('entry_id', 'integer', (c) => c.notNull().references('fund_entries.id'))
      .addColumn('file_name', 'text', (c) => c.notNull())
      // Path relative to the data file's folder.
      .addColumn('stored_path', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addCheckConstraint('fund_evidence_sha', sql`length(sha256) = 64`)
      .execute()
    await db.schema.createIndex('fund_evidence_entry').on('fund_evidence').column('entry_id').execute()
    await sql`create trigger fund_evidence_no_update before update on fund_evidence
      begin select raise(abort, '凭证附件保存后不能修改或删除。'); end`.execute(db)
    await sql`create trigger fund_evidence_no_delete before delete on fund_evidence
      begin select raise(abort, '凭证附件保存后不能修改或删除。'); end`.execute(db)

    await db.schema
      .createTable('fund_reconciliations')
      // 'YYYY-MM'
      .addColumn('month', 'text', (c) => c.primaryKey())
      // The foundation's statement balance at the month's end, in fen.
      .addColumn('statement_balance', 'integer', (c) => c.notNull())
      // The ledger's balance at the month's end when the month was reconciled.
      .addColumn('book_balance', 'integer')
      .addColumn('explanation', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('entered_at', 'text', (c) => c.notNull())
      .addColumn('reconciled_at', 'text')
      .addCheckConstraint('fund_reconciliations_month', sql`month glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]'`)
      .addCheckConstraint(
        'fund_reconciliations_done',
        sql`reconciled_at is null or (book_balance is not null and (book_balance = statement_balance or explanation <> ''))`,
      )
      .execute()
    await sql`create trigger fund_reconciliations_final before update on fund_reconciliations
      when old.reconciled_at is not null
      begin select raise(abort, '这个月已经对完账，对账结果不能再改。'); end`.execute(db)
    await sql`create trigger fund_reconciliations_no_delete before delete on fund_reconciliations
      begin select raise(abort, '对账记录不能删除。'); end`.execute(db)
  },
}
