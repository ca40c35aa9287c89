import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import * as meetings from '../meetings/meeting-service'
import * as agenda from '../meetings/agenda-service'
import * as topics from '../topics/topic-service'
import { seedCommunity, type Seeded } from '../testing/test-seed'
import { dashboard } from './dashboard-service'

/** What the figures count and what they leave out; the whole loop's figures are in loop.test.ts. */
const NOW = '2026-11-21T02:00:00.000Z'
let t: TempDb
let s: Seeded
beforeEach(async () => {
  t = await openTempDb()
  s = await seedCommunity(t.db)
})
afterEach(async () => t.cleanup())

describe('dashboard figures', () => {
  it('counts the agendas of meetings held, not of meetings still being planned', async () => {
    const year = { from: '2026-01-01', to: '2026-12-31' }
    // The seeded 三月例会 was held with four items typed in; the cancelled April one does not count.
    expect((await dashboard(t.db, year, NOW)).agendaFromResidents).toMatchObject({ part: 0, whole: 4, percent: 0 })

    const { id: december } = await meetings.createMeeting(t.db, {
      kind: '议事会例会',
      title: '十二月议事会',
      start: '2026-12-10T19:00',
      end: '2026-12-10T21:00',
      roomId: null,
      councilId: s.councilId,
      host: '王芳',
      recorder: '赵磊',
    })
    const topic = await topics.createTopic(
      t.db,
      {
        receivedAt: '2026-11-01T09:00',
        channel: '微信群',
        residentId: null,
        gridId: null,
        buildingId: null,
        categoryId: 1,
        urgency: '一般',
        description: '北门路灯不亮',
        duplicateOfId: null,
      },
      NOW,
    )
    await topics.putOnAgenda(
      t.db,
      topic.id,
      { meetingId: december, title: '北门路灯', type: '讨论', plannedMinutes: 20, presenter: '' },
      NOW,
    )
    await agenda.addItem(t.db, december, { title: '年终总结', type: '通报', presenter: '', plannedMinutes: 10 })
    // Planned for December: not yet on a held agenda.
    let f = await dashboard(t.db, year, NOW)
    expect(f.agendaFromResidents).toMatchObject({ part: 0, whole: 4 })
    expect(f.agendaFromResidents.explain).toContain('已召开的会议共 4 个议程事项，其中 0 个由居民议题转来')

    await meetings.setStatus(t.db, december, '已通知', '')
    await meetings.setStatus(t.db, december, '进行中', '')
    f = await dashboard(t.db, year, NOW)
    expect(f.agendaFromResidents).toMatchObject({ part: 1, whole: 6, percent: 16.7 })
  })

  it('gives null (not NaN or 0) where there is nothing to divide by', async () => {
    const f = await dashboard(t.db, { from: '2030-01-01', to: '2030-12-31' }, NOW)
    expect(f.topics.total).toBe(0)
    for (const r of [f.agendaFromResidents, f.routedOnTime, f.completedOnTime, f.residentsTold, f.satisfaction]) {
      expect(r).toMatchObject({ percent: null, part: 0, whole: 0 })
    }
    for (const a of [f.routedResponse, f.toFirstAction, f.toCompletion])
      expect(a).toMatchObject({ hours: null, count: 0 })
    expect(f.topics.byMonth).toHaveLength(12)
  })
})
