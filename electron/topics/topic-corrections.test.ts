import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { seedCommunity, type Seeded } from '../testing/test-seed'
import { topicsRegister } from './export/topics-xlsx'
import { buildExport } from '../testing/export-file'
import * as categories from './category-service'
import * as topics from './topic-service'
import * as feedback from '../feedback/feedback-service'
import { similarTopics } from './duplicate-hint'
import { stillToTell } from '../feedback/still-to-tell'
import { dashboard } from '../dashboard/dashboard-service'
import { homeReminders as reminders } from '../registry'

/** 2026-11-21 10:00 in Shanghai. */
const NOW = '2026-11-21T02:00:00.000Z'

let t: TempDb
let s: Seeded
beforeEach(async () => {
  t = await openTempDb()
  s = await seedCommunity(t.db)
})
afterEach(async () => t.cleanup())

const topicInput = (over: Partial<topics.TopicInput> = {}): topics.TopicInput => ({
  receivedAt: '2026-10-01T09:00',
  channel: '电话',
  residentId: 1,
  gridId: null,
  buildingId: null,
  categoryId: 1,
  urgency: '一般',
  description: '3号楼楼道灯坏了很久没人修',
  duplicateOfId: null,
  ...over,
})
const query = (over: Partial<topics.TopicQuery> = {}): topics.TopicQuery => ({
  status: null,
  channel: null,
  categoryId: null,
  gridId: null,
  from: null,
  to: null,
  search: '',
  untold: false,
  limit: 50,
  offset: 0,
  ...over,
})
const audits = (entity: string) =>
  t.db.selectFrom('audit_log').select(['action', 'entity_id', 'detail']).where('entity', '=', entity).execute()

describe('correcting a topic', () => {
  it('moves a mistyped year to the right one with that year’s next number, and audits both numbers', async () => {
    const a = await topics.createTopic(t.db, topicInput(), NOW)
    const wrong = await topics.createTopic(t.db, topicInput({ receivedAt: '2025-11-20T09:00' }), NOW)
    expect(wrong.number).toBe('2025-0001')
    const fixed = await topics.updateTopic(
      t.db,
      wrong.id,
      topicInput({ receivedAt: '2026-11-20T09:00', channel: '走访', description: '2号楼门禁坏了' }),
      NOW,
    )
    expect(fixed).toEqual({ number: '2026-0002', previousNumber: '2025-0001' })
    const row = (await topics.getTopic(t.db, wrong.id, NOW)).topic
    expect(row).toMatchObject({ number: '2026-0002', receivedOn: '2026-11-20', channel: '走访' })
    // The next 2025 topic does not get the freed number again.
    expect((await topics.createTopic(t.db, topicInput({ receivedAt: '2025-12-01T09:00' }), NOW)).number).toBe(
      '2025-0002',
    )
    expect(a.number).toBe('2026-0001')
    const log = await audits('议题')
    expect(JSON.parse(log.at(-1)!.detail)).toMatchObject({ number: '2026-0002', previousNumber: '2025-0001' })
  })

  it('keeps the number when the year stays, and refuses editing once the topic has gone somewhere', async () => {
    const a = await topics.createTopic(t.db, topicInput(), NOW)
    expect(await topics.updateTopic(t.db, a.id, topicInput({ receivedAt: '2026-09-30T08:00' }), NOW)).toEqual({
      number: a.number,
      previousNumber: null,
    })
    await topics.routeTopic(t.db, a.id, { department: null, reason: '请城管处理' }, NOW)
    await expect(topics.updateTopic(t.db, a.id, topicInput(), NOW)).rejects.toThrow('登记内容不能再改')
  })
})

describe('voiding a topic', () => {
  it('takes it out of lists, counts, the dashboard, the duplicate hint and still-to-tell; the 已作废 filter shows it', async () => {
    const keep = await topics.createTopic(t.db, topicInput(), NOW)
    const mistake = await topics.createTopic(t.db, topicInput({ description: '3号楼楼道灯坏了很久没人修理' }), NOW)
    // Declined but not yet told: it would wait in still-to-tell as a rejection.
    await topics.rejectTopic(t.db, mistake.id, '重复登记', NOW)
    expect((await stillToTell(t.db, { limit: 50, offset: 0 }, NOW)).total).toBe(1)
    const period = { from: '2026-01-01', to: '2026-12-31' }
    expect((await dashboard(t.db, period, NOW)).topics.total).toBe(2)

    await topics.voidTopic(t.db, mistake.id, '同一件事登记了两次', NOW)

    const list = await topics.listTopics(t.db, query(), NOW)
    expect(list.rows.map((r) => r.number)).toEqual([keep.number])
    expect(list.total).toBe(1)
    expect((await topics.listTopics(t.db, query({ status: '不予采纳' }), NOW)).total).toBe(0)
    const voided = await topics.listTopics(t.db, query({ status: '已作废' }), NOW)
    expect(voided.rows).toHaveLength(1)
    expect(voided.rows[0]).toMatchObject({
      number: mistake.number,
      status: '不予采纳',
      voided: { at: '2026-11-21T10:00', reason: '同一件事登记了两次' },
    })
    expect((await stillToTell(t.db, { limit: 50, offset: 0 }, NOW)).total).toBe(0)
    const d = await dashboard(t.db, period, NOW)
    expect(d.topics.total).toBe(1)
    expect(d.topics.byStatus).toEqual([{ status: '征集中', count: 1 }])
    expect((await reminders(t.db, NOW)).topicsWaiting).toBe(1)
    const hint = await similarTopics(
      t.db,
      { description: '3号楼楼道灯坏了很久没人修理', categoryId: 1, buildingId: null, excludeId: null },
      NOW,
    )
    expect(hint.map((h) => h.number)).toEqual([keep.number])
    expect((await categories.listCategories(t.db)).find((c) => c.id === 1)?.topicCount).toBe(1)
    const book = await buildExport(topicsRegister, t.db, period, new Date(NOW))
    expect(book.count).toBe(1)
    // Its number is kept and never reused.
    expect((await topics.createTopic(t.db, topicInput(), NOW)).number).toBe('2026-0003')
    const log = await audits('议题作废')
    expect(log).toHaveLength(1)
    expect(JSON.parse(log[0]!.detail)).toMatchObject({ reason: '同一件事登记了两次', status: '不予采纳' })
  })

  it('cannot be handled, told, or pointed at as an original once voided', async () => {
    const a = await topics.createTopic(t.db, topicInput(), NOW)
    await topics.voidTopic(t.db, a.id, '登记错了', NOW)
    await expect(topics.adoptTopic(t.db, a.id, NOW)).rejects.toThrow('已作废')
    await expect(topics.rejectTopic(t.db, a.id, '理由', NOW)).rejects.toThrow('已作废')
    await expect(topics.routeTopic(t.db, a.id, { department: null, reason: 'x' }, NOW)).rejects.toThrow('已作废')
    await expect(topics.updateTopic(t.db, a.id, topicInput(), NOW)).rejects.toThrow('已作废')
    await expect(topics.voidTopic(t.db, a.id, '再来一次', NOW)).rejects.toThrow('已经作废')
    await expect(
      feedback.addFeedback(
        t.db,
        { topicId: a.id },
        { channel: '电话', toldAt: null, content: '已处理', satisfaction: null },
        NOW,
      ),
    ).rejects.toThrow('已作废')
    await expect(topics.createTopic(t.db, topicInput({ duplicateOfId: a.id }), NOW)).rejects.toThrow('已作废')
  })

  it('is refused while on an agenda or while other topics are its duplicates, naming them', async () => {
    const a = await topics.createTopic(t.db, topicInput(), NOW)
    const dup = await topics.createTopic(t.db, topicInput({ duplicateOfId: a.id }), NOW)
    await expect(topics.voidTopic(t.db, a.id, '登记错了', NOW)).rejects.toThrow(`议题 ${dup.number} 标记为与`)
    const b = await topics.createTopic(t.db, topicInput({ description: '小区门口路灯不亮' }), NOW)
    const target = await t.db
      .insertInto('meetings')
      .values({
        series_id: null,
        occurrence_date: null,
        council_id: s.councilId,
        kind: '议事会例会',
        title: '十二月议事会',
        starts_at: '2026-12-10T11:00:00.000Z',
        ends_at: '2026-12-10T13:00:00.000Z',
        room_id: null,
        status: '草稿',
        created_at: NOW,
        updated_at: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await topics.putOnAgenda(
      t.db,
      b.id,
      { meetingId: target.id, title: '路灯', type: '讨论', plannedMinutes: 10, presenter: '' },
      NOW,
    )
    await expect(topics.voidTopic(t.db, b.id, '登记错了', NOW)).rejects.toThrow('已列入「十二月议事会」')
    expect((await topics.listTopics(t.db, query({ status: '已作废' }), NOW)).total).toBe(0)
  })
})
