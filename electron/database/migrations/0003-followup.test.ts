import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { MIGRATIONS } from '.'
import { tempDir } from '../../testing/temp-db'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

describe('migration 3: follow-up loop', () => {
  it('upgrades a version-2 file with an agenda, keeping its items and adding the routing defaults', async () => {
    const file = join(tempDir(), 'v2.sqlite')
    const v2 = await openDatabase(file, { migrations: MIGRATIONS.slice(0, 2) })
    await v2.db
      .insertInto('meetings')
      .values({
        series_id: null,
        occurrence_date: null,
        council_id: null,
        kind: '临时会议',
        title: '旧会议',
        starts_at: '2026-01-01T11:00:00.000Z',
        ends_at: '2026-01-01T12:00:00.000Z',
        room_id: null,
        status: '草稿',
        created_at: 'a',
        updated_at: 'a',
      })
      .execute()
    await v2.db
      .insertInto('agenda_items')
      .values({
        meeting_id: 1,
        position: 1,
        title: '旧议题',
        type: '讨论',
        planned_minutes: 10,
        carried_from_id: null,
        votes_for: null,
        votes_against: null,
        votes_abstain: null,
        votes_eligible: null,
        pass_rule: null,
      })
      .execute()
    await v2.close()

    opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, 3) })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(3)
    expect(await db.selectFrom('agenda_items').select(['title', 'topic_id', 'is_report']).execute()).toEqual([
      { title: '旧议题', topic_id: null, is_report: 0 },
    ])
    const rules = await db.selectFrom('topic_categories').select(['name', 'department']).orderBy('position').execute()
    expect(rules).toEqual([
      { name: '环境卫生', department: '城管' },
      { name: '邻里纠纷', department: '司法所' },
      { name: '安全隐患', department: '应急管理' },
      { name: '证件办理', department: '便民服务中心' },
      { name: '其他', department: '综合协调' },
    ])
  })

  it('refuses a progress note edit or delete, a 转办 without reason, and feedback aimed at nothing', async () => {
    opened = await openDatabase(join(tempDir(), 'v3.sqlite'), { migrations: MIGRATIONS.slice(0, 3) })
    const { db } = opened
    const topic = {
      year: 2026,
      seq: 1,
      received_at: '2026-03-01T02:00:00.000Z',
      received_on: '2026-03-01',
      channel: '电话',
      resident_id: null,
      grid_id: null,
      building_id: null,
      category_id: 1,
      urgency: '一般',
      description: '楼道灯坏了',
      status: '征集中' as const,
      duplicate_of_id: null,
      routed_department: null,
      routed_at: null,
      respond_by: null,
      responded_at: null,
      answered_at: null,
      told_at: null,
      created_at: 'a',
      updated_at: 'a',
    }
    await db.insertInto('topics').values(topic).execute()
    await expect(db.updateTable('topics').set({ status: '转办' }).where('id', '=', 1).execute()).rejects.toThrow(
      /CHECK/,
    )
    await expect(
      db
        .insertInto('feedback')
        .values({
          resolution_id: null,
          topic_id: null,
          channel: '电话',
          told_at: 'a',
          content: 'x',
          satisfaction: null,
          rated_at: null,
          recorded_at: 'a',
        })
        .execute(),
    ).rejects.toThrow(/CHECK/)
    await expect(
      db
        .insertInto('feedback')
        .values({
          resolution_id: null,
          topic_id: 1,
          channel: '电话',
          told_at: 'a',
          content: 'x',
          satisfaction: '满意',
          rated_at: null,
          recorded_at: 'a',
        })
        .execute(),
    ).rejects.toThrow(/CHECK/)

    await db
      .insertInto('meetings')
      .values({
        series_id: null,
        occurrence_date: null,
        council_id: null,
        kind: '临时会议',
        title: 'm',
        starts_at: '2026-03-02T11:00:00.000Z',
        ends_at: '2026-03-02T12:00:00.000Z',
        room_id: null,
        status: '进行中',
        created_at: 'a',
        updated_at: 'a',
      })
      .execute()
    await db
      .insertInto('agenda_items')
      .values({
        meeting_id: 1,
        position: 1,
        title: 'x',
        type: '讨论',
        planned_minutes: 5,
        carried_from_id: null,
        votes_for: null,
        votes_against: null,
        votes_abstain: null,
        votes_eligible: null,
        pass_rule: null,
      })
      .execute()
    await db
      .insertInto('resolutions')
      .values({
        year: 2026,
        seq: 1,
        agenda_item_id: 1,
        text: '修灯',
        lead_department: '物业',
        due_date: '2026-03-10',
        decided_at: '2026-03-02T12:00:00.000Z',
        status: '办理中',
        first_action_at: null,
        completed_at: null,
        created_at: 'a',
        updated_at: 'a',
      })
      .execute()
    await db
      .insertInto('resolution_progress')
      .values({ resolution_id: 1, at: '2026-03-03T01:00:00.000Z', kind: '进展', text: '已派人', recorded_at: 'a' })
      .execute()
    await expect(db.updateTable('resolution_progress').set({ text: '改' }).execute()).rejects.toThrow(/append-only/)
    await expect(db.deleteFrom('resolution_progress').execute()).rejects.toThrow(/append-only/)
    // A completed status needs its completion time, and a number is never handed out twice.
    await expect(db.updateTable('resolutions').set({ status: '已办结' }).execute()).rejects.toThrow(/CHECK/)
    await expect(
      db
        .insertInto('resolutions')
        .values({
          year: 2026,
          seq: 1,
          agenda_item_id: 1,
          text: '重号',
          lead_department: '物业',
          due_date: '2026-03-10',
          decided_at: 'a',
          status: '待办',
          first_action_at: null,
          completed_at: null,
          created_at: 'a',
          updated_at: 'a',
        })
        .execute(),
    ).rejects.toThrow(/UNIQUE/)
  })
})
