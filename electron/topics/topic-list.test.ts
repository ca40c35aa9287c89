import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { seedCommunity } from '../testing/test-seed'
import * as topics from './topic-service'
import type { TopicQuery } from './topic-reads'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
  await seedCommunity(t.db)
})
afterEach(async () => t.cleanup())

const NOW = '2026-11-20T02:00:00.000Z'
const page = (over: Partial<TopicQuery>): TopicQuery => ({
  status: null,
  channel: null,
  categoryId: null,
  gridId: null,
  from: null,
  to: null,
  search: '',
  untold: false,
  overdueRouting: false,
  limit: 20,
  offset: 0,
  ...over,
})

async function topic(
  receivedAt: string,
  description: string,
  residentId: number | null,
  buildingId: number | null = null,
) {
  return topics.createTopic(
    t.db,
    {
      receivedAt,
      channel: '电话',
      residentId,
      gridId: null,
      buildingId,
      categoryId: 1,
      urgency: '一般',
      description,
      duplicateOfId: null,
    },
    NOW,
  )
}

const numbers = async (q: Partial<TopicQuery>) => {
  const r = await topics.listTopics(t.db, page(q), NOW)
  return { numbers: r.rows.map((x) => x.number), total: r.total }
}

describe('the topic register list', () => {
  it('finds a search text in the description, the resident’s name or the building’s name, with the right total on every page', async () => {
    // Resident 1 is 王芳 of 1号楼 (the seed); the anonymous topics name a building or nothing.
    await topic('2026-03-01T09:00', '楼道灯坏了', 1)
    await topic('2026-03-02T09:00', '电梯异响', null, 2)
    await topic('2026-03-03T09:00', '王家门口积水', null)
    await topic('2026-03-04T09:00', '绿化带杂草', null)
    expect(await numbers({ search: '王' })).toEqual({ numbers: ['2026-0003', '2026-0001'], total: 2 })
    expect(await numbers({ search: '2号楼' })).toEqual({ numbers: ['2026-0002'], total: 1 })
    // A full page asks the count, which applies the same matching.
    expect(await numbers({ search: '王', limit: 1 })).toEqual({ numbers: ['2026-0003'], total: 2 })
    expect(await numbers({ search: '王', limit: 1, offset: 1 })).toEqual({ numbers: ['2026-0001'], total: 2 })
    expect(await numbers({ search: '王', limit: 1, offset: 5 })).toEqual({ numbers: [], total: 2 })
    expect(await numbers({ limit: 3 })).toEqual({ numbers: ['2026-0004', '2026-0003', '2026-0002'], total: 4 })
  })

  it('matches names in the statement itself when a search names very many residents', async () => {
    await t.db
      .insertInto('residents')
      .values(
        Array.from({ length: 600 }, (_, i) => ({
          name: `测试${i}`,
          building_id: null,
          unit: '',
          room: '',
          phone: '',
          tags: '[]',
          note: '',
          created_at: NOW,
          updated_at: NOW,
          deleted_at: null,
        })),
      )
      .execute()
    const last = await t.db.selectFrom('residents').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
    await topic('2026-03-01T09:00', '路灯不亮', last.id)
    await topic('2026-03-02T09:00', '测试说明', null)
    await topic('2026-03-03T09:00', '没有关系', null)
    expect(await numbers({ search: '测试', limit: 1 })).toEqual({ numbers: ['2026-0002'], total: 2 })
    expect(await numbers({ search: '测试' })).toEqual({ numbers: ['2026-0002', '2026-0001'], total: 2 })
  })

  it('takes a date range as whole office days (a topic at 00:30 on the first day is in it)', async () => {
    await topic('2026-03-01T00:30', '第一天凌晨', null)
    await topic('2026-03-31T23:59', '最后一天深夜', null)
    await topic('2026-04-01T00:00', '下个月', null)
    await topic('2026-02-28T23:59', '上个月', null)
    expect(await numbers({ from: '2026-03-01', to: '2026-03-31' })).toEqual({
      numbers: ['2026-0002', '2026-0001'],
      total: 2,
    })
    expect(await numbers({ from: '2026-03-01', to: '2026-03-31', limit: 1 })).toEqual({
      numbers: ['2026-0002'],
      total: 2,
    })
  })
})
