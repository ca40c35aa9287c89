import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'

/**
 * The resident roster (shared by every later module), the council with its terms and members,
 * rooms, recurring series, meetings, agenda items with votes, attendance and minutes.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'meetings',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('residents')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('building_id', 'integer', (c) => c.references('buildings.id').onDelete('restrict'))
      .addColumn('unit', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('room', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('deleted_at', 'text')
      .execute()
    await db.schema.createIndex('residents_name').on('residents').column('name').execute()

    await db.schema
      .createTable('councils')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('quorum_rule', 'text', (c) => c.notNull())
      .addColumn('pass_rule', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addCheckConstraint(
        'councils_rules',
        sql`quorum_rule in ('过半数', '三分之二') and pass_rule in ('过半数', '三分之二')`,
      )
      .execute()

    await db.schema
      .createTable('council_terms')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('council_id', 'integer', (c) => c.notNull().references('councils.id').onDelete('restrict'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('end_date', 'text', (c) => c.notNull())
      .addCheckConstraint('council_terms_dates', sql`end_date >= start_date`)
      .execute()

    await db.schema
      .createTable('council_members')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('term_id', 'integer', (c) => c.notNull().references('council_terms.id').onDelete('restrict'))
      .addColumn('resident_id', 'integer', (c) => c.notNull().references('residents.id').onDelete('restrict'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('end_date', 'text')
      .execute()
    await db.schema.createIndex('council_members_term').on('council_members').column('term_id').execute()

    await db.schema
      .createTable('rooms')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .execute()

    await db.schema
      .createTable('meeting_series')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('council_id', 'integer', (c) => c.references('councils.id').onDelete('restrict'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('start_time', 'text', (c) => c.notNull())
      .addColumn('duration_minutes', 'integer', (c) => c.notNull())
      .addColumn('starts_on', 'text', (c) => c.notNull())
      .addColumn('end_type', 'text', (c) => c.notNull())
      .addColumn('end_date', 'text')
      .addColumn('end_count', 'integer')
      .addColumn('holiday_policy', 'text', (c) => c.notNull())
      .addColumn('room_id', 'integer', (c) => c.references('rooms.id').onDelete('restrict'))
      .addColumn('host', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('recorder', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('materialized_until', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('meetings')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('series_id', 'integer', (c) => c.references('meeting_series.id').onDelete('restrict'))
      .addColumn('occurrence_date', 'text')
      .addColumn('council_id', 'integer', (c) => c.references('councils.id').onDelete('restrict'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('ends_at', 'text', (c) => c.notNull())
      .addColumn('room_id', 'integer', (c) => c.references('rooms.id').onDelete('restrict'))
      .addColumn('host', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('recorder', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('holiday_note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('guest_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint('meetings_time', sql`ends_at > starts_at`)
      .addCheckConstraint('meetings_guests', sql`guest_count >= 0`)
      .execute()
    await db.schema.createIndex('meetings_starts_at').on('meetings').column('starts_at').execute()
    await db.schema.createIndex('meetings_room_time').on('meetings').columns(['room_id', 'starts_at']).execute()
    await db.schema.createIndex('meetings_series').on('meetings').columns(['series_id', 'starts_at']).execute()
    // One row per rule date of a series: extending a series never re-creates a moved or cancelled occurrence.
    await db.schema
      .createIndex('meetings_series_occurrence')
      .on('meetings')
      .columns(['series_id', 'occurrence_date'])
      .unique()
      .execute()

    await db.schema
      .createTable('agenda_items')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('presenter', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('planned_minutes', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('待议'))
      .addColumn('outcome', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('carried_from_id', 'integer', (c) => c.references('agenda_items.id').onDelete('set null'))
      .addColumn('votes_for', 'integer')
      .addColumn('votes_against', 'integer')
      .addColumn('votes_abstain', 'integer')
      .addColumn('votes_eligible', 'integer')
      .addColumn('pass_rule', 'text')
      .addCheckConstraint('agenda_items_type', sql`type in ('通报', '讨论', '表决')`)
      .addCheckConstraint('agenda_items_minutes', sql`planned_minutes > 0`)
      .addCheckConstraint(
        'agenda_items_votes',
        sql`votes_for is null or (votes_for >= 0 and votes_against >= 0 and votes_abstain >= 0 and votes_for + votes_against + votes_abstain <= votes_eligible)`,
      )
      .execute()
    await db.schema.createIndex('agenda_items_meeting').on('agenda_items').columns(['meeting_id', 'position']).execute()

    await db.schema
      .createTable('attendance')
      .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
      .addColumn('member_id', 'integer', (c) => c.notNull().references('council_members.id').onDelete('restrict'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('proxy_member_id', 'integer', (c) => c.references('council_members.id').onDelete('restrict'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('attendance_pk', ['meeting_id', 'member_id'])
      .addCheckConstraint('attendance_status', sql`status in ('出席', '请假', '缺席', '列席', '委托')`)
      .addCheckConstraint('attendance_proxy', sql`(status = '委托') = (proxy_member_id is not null)`)
      .execute()

    await db.schema
      .createTable('minutes')
      .addColumn('meeting_id', 'integer', (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
      .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('confirmed_at', 'text')
      .addColumn('published_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint('minutes_status', sql`status in ('草稿', '已确认', '已公示')`)
      .execute()
  },
}
