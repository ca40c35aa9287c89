import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'

/** The categories and departments Zhejiang's platform routes to; the office edits them later. */
const DEFAULT_CATEGORIES = [
  { name: '环境卫生', department: '城管', response_hours: 24 },
  { name: '邻里纠纷', department: '司法所', response_hours: 72 },
  { name: '安全隐患', department: '应急管理', response_hours: 4 },
  { name: '证件办理', department: '便民服务中心', response_hours: 48 },
  { name: '其他', department: '综合协调', response_hours: 72 },
]

/**
 * The closed loop from a resident's concern to an answer: topic categories with their routing,
 * topics (议题征集), resolutions (决议督办) with append-only progress notes, feedback to residents,
 * and per-year number sequences that never hand out a number twice.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'followup',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('number_sequences')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('last', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('number_sequences_pk', ['name', 'year'])
      .execute()

    await db.schema
      .createTable('topic_categories')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('department', 'text', (c) => c.notNull())
      .addColumn('response_hours', 'integer', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint('topic_categories_hours', sql`response_hours between 1 and 2160`)
      .execute()
    const at = new Date().toISOString()
    await db
      .insertInto('topic_categories')
      .values(DEFAULT_CATEGORIES.map((c, i) => ({ ...c, position: i + 1, updated_at: at })))
      .execute()

    await db.schema
      .createTable('topics')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      // The office-local date of received_at, so months group the same way in SQLite and elsewhere.
      .addColumn('received_on', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('resident_id', 'integer', (c) => c.references('residents.id').onDelete('restrict'))
      .addColumn('grid_id', 'integer', (c) => c.references('grids.id').onDelete('restrict'))
      .addColumn('building_id', 'integer', (c) => c.references('buildings.id').onDelete('restrict'))
      .addColumn('category_id', 'integer', (c) => c.notNull().references('topic_categories.id').onDelete('restrict'))
      .addColumn('urgency', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('duplicate_of_id', 'integer', (c) => c.references('topics.id').onDelete('set null'))
      .addColumn('routed_department', 'text')
      .addColumn('routed_at', 'text')
      .addColumn('respond_by', 'text')
      .addColumn('responded_at', 'text')
      .addColumn('response_text', 'text', (c) => c.notNull().defaultTo(''))
      // When the resident's concern got its answer (rejected, department replied, decided, or the
      // resolution it led to was completed), and when the resident was told after that. Kept on the
      // row by the services so the "still to tell" list and its figure are one indexed query.
      .addColumn('answered_at', 'text')
      .addColumn('told_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint('topics_status', sql`status in ('征集中', '已采纳', '已上会', '已议', '转办', '不予采纳')`)
      .addCheckConstraint(
        'topics_channel',
        sql`channel in ('走访', '电话', '意见箱', '微信群', '网格员', '座谈会', '其他')`,
      )
      .addCheckConstraint('topics_urgency', sql`urgency in ('一般', '较急', '紧急')`)
      .addCheckConstraint('topics_reason', sql`status not in ('转办', '不予采纳') or status_reason <> ''`)
      .addCheckConstraint(
        'topics_routed',
        sql`status <> '转办' or (routed_department is not null and respond_by is not null)`,
      )
      .execute()
    await db.schema.createIndex('topics_number').on('topics').columns(['year', 'seq']).unique().execute()
    await db.schema.createIndex('topics_received').on('topics').columns(['received_on', 'channel']).execute()
    await db.schema.createIndex('topics_status').on('topics').columns(['status', 'received_on']).execute()
    await db.schema.createIndex('topics_category').on('topics').columns(['category_id', 'received_on']).execute()
    await db.schema.createIndex('topics_answered').on('topics').columns(['answered_at', 'told_at']).execute()
    // Covers the dashboard's "residents told" count over a period without reading the rows.
    await db.schema
      .createIndex('topics_received_told')
      .on('topics')
      .columns(['received_on', 'answered_at', 'told_at'])
      .execute()
    await db.schema.createIndex('topics_resident').on('topics').column('resident_id').execute()
    await db.schema.createIndex('topics_building').on('topics').column('building_id').execute()
    // Partial: most topics are not duplicates, and a full index made "duplicate_of_id is null" look
    // selective to the planner, which then read and sorted 16,000 rows for the duplicate hint.
    await db.schema
      .createIndex('topics_duplicate')
      .on('topics')
      .column('duplicate_of_id')
      .where('duplicate_of_id', 'is not', null)
      .execute()
    // The register lists newest first.
    await db.schema.createIndex('topics_received_at').on('topics').column('received_at').execute()

    await db.schema
      .createTable('resolutions')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('agenda_item_id', 'integer', (c) => c.notNull().references('agenda_items.id').onDelete('restrict'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('lead_department', 'text', (c) => c.notNull())
      /** JSON array of department names. */
      .addColumn('co_departments', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('due_date', 'text', (c) => c.notNull())
      /** When the meeting that decided it ended (UTC ISO): the clock for "hours to first action" starts here. */
      .addColumn('decided_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('first_action_at', 'text')
      .addColumn('completed_at', 'text')
      .addColumn('completion_note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('void_reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint('resolutions_text', sql`length(trim(text)) > 0`)
      .addCheckConstraint(
        'resolutions_status',
        sql`status in ('待办', '办理中', '已办结', '已反馈', '已评价', '已撤销')`,
      )
      .addCheckConstraint(
        'resolutions_completed',
        sql`(status in ('已办结', '已反馈', '已评价')) = (completed_at is not null) or status = '已撤销'`,
      )
      .execute()
    await db.schema.createIndex('resolutions_number').on('resolutions').columns(['year', 'seq']).unique().execute()
    await db.schema.createIndex('resolutions_item').on('resolutions').column('agenda_item_id').execute()
    await db.schema.createIndex('resolutions_status_due').on('resolutions').columns(['status', 'due_date']).execute()
    await db.schema.createIndex('resolutions_decided').on('resolutions').column('decided_at').execute()

    await db.schema
      .createTable('resolution_progress')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('resolution_id', 'integer', (c) => c.notNull().references('resolutions.id').onDelete('restrict'))
      /** When it happened (UTC ISO), as reported; recorded_at is when the clerk typed it. */
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('reported_by', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addCheckConstraint('resolution_progress_kind', sql`kind in ('进展', '办结', '修改', '撤销')`)
      .execute()
    await db.schema
      .createIndex('resolution_progress_resolution')
      .on('resolution_progress')
      .columns(['resolution_id', 'at'])
      .execute()
    // Append-only: a progress note is evidence. A correction is a new note, never an edit.
    await sql`create trigger resolution_progress_no_update before update on resolution_progress
      begin select raise(abort, 'append-only'); end`.execute(db)
    await sql`create trigger resolution_progress_no_delete before delete on resolution_progress
      begin select raise(abort, 'append-only'); end`.execute(db)

    await db.schema
      .createTable('feedback')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('resolution_id', 'integer', (c) => c.references('resolutions.id').onDelete('restrict'))
      .addColumn('topic_id', 'integer', (c) => c.references('topics.id').onDelete('restrict'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('told_at', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('satisfaction', 'text')
      .addColumn('rated_at', 'text')
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addCheckConstraint('feedback_target', sql`(resolution_id is null) <> (topic_id is null)`)
      .addCheckConstraint('feedback_channel', sql`channel in ('公告栏', '微信群', '电话', '上门')`)
      .addCheckConstraint('feedback_content', sql`length(trim(content)) > 0`)
      .addCheckConstraint(
        'feedback_satisfaction',
        sql`satisfaction is null or (satisfaction in ('满意', '基本满意', '不满意') and rated_at is not null)`,
      )
      .execute()
    await db.schema.createIndex('feedback_resolution').on('feedback').column('resolution_id').execute()
    await db.schema.createIndex('feedback_topic').on('feedback').column('topic_id').execute()
    await db.schema.createIndex('feedback_told').on('feedback').column('told_at').execute()

    // Where an agenda item came from: a resident's topic, or an overdue resolution reported back.
    await db.schema
      .alterTable('agenda_items')
      .addColumn('topic_id', 'integer', (c) => c.references('topics.id').onDelete('set null'))
      .execute()
    // A 督办通报 item: one per meeting, listing every overdue resolution reported there.
    await db.schema
      .alterTable('agenda_items')
      .addColumn('is_report', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema.createIndex('agenda_items_topic').on('agenda_items').column('topic_id').execute()
    await db.schema
      .createTable('agenda_reports')
      .addColumn('agenda_item_id', 'integer', (c) => c.notNull().references('agenda_items.id').onDelete('cascade'))
      .addColumn('resolution_id', 'integer', (c) => c.notNull().references('resolutions.id').onDelete('restrict'))
      .addPrimaryKeyConstraint('agenda_reports_pk', ['agenda_item_id', 'resolution_id'])
      .execute()
    await db.schema.createIndex('agenda_reports_resolution').on('agenda_reports').column('resolution_id').execute()
    // Foreign keys left unindexed in migration 2 (a delete of the parent scanned the whole table).
    await db.schema.createIndex('agenda_items_carried_from').on('agenda_items').column('carried_from_id').execute()
    await db.schema.createIndex('attendance_member').on('attendance').column('member_id').execute()
    await db.schema.createIndex('attendance_proxy').on('attendance').column('proxy_member_id').execute()
  },
}
