import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { seedCommunity } from '../testing/test-seed'
import * as topics from '../topics/topic-service'
import * as roster from '../people/roster-service'
import { countTopics, listTopics } from '../topics/topic-reads'
import { EXACT_UP_TO, GRAM_KIND, RARITY_CAP, WALK_FROM } from './gram-search'
import { buildingEveryCall } from './prepared'
import type { Db } from './open-database'

/**
 * The gram index (migration search-grams) is kept by the database's triggers, and a search through
 * it finds exactly what the LIKE '%…%' scan found (compared against raw LIKE queries on the same
 * seeded file, not against hard-coded ids).
 */
const NOW = '2026-11-20T02:00:00.000Z'
let t: TempDb
let buildings: number[]

/** What the triggers must have stored for a text: every distinct substr(lower(text), n, 2). */
function expectedGrams(text: string): string[] {
  const chars = Array.from(text.replace(/[A-Z]/g, (c) => c.toLowerCase()))
  return [...new Set(chars.map((c, i) => c + (chars[i + 1] ?? '')))].sort()
}

async function storedGrams(db: Db, kind: number, id: number): Promise<string[]> {
  const rows = await db
    .selectFrom('search_grams')
    .select('gram')
    .where('kind', '=', kind)
    .where('row_id', '=', id)
    .orderBy('gram')
    .execute()
  return rows.map((r) => r.gram)
}

async function residentText(db: Db, id: number): Promise<string> {
  const { rows } = await sql<{
    x: string
  }>`select name || char(31) || note || char(31) || tags || char(31) || room || char(31) || unit as x from residents where id = ${id}`.execute(
    db,
  )
  return rows[0]!.x
}

const topicInput = (description: string, residentId: number | null = null) => ({
  receivedAt: '2026-10-01T09:00',
  channel: '电话' as const,
  residentId,
  gridId: null,
  buildingId: null,
  categoryId: 1,
  urgency: '一般' as const,
  description,
  duplicateOfId: null,
})

const DESCRIPTIONS = [
  '小区停车位不够，晚上乱停车',
  '3号楼电梯经常坏',
  'Wi-Fi 信号差，wifi 路由器在楼道',
  '折扣 50% 的团购有问题',
  '地下室 a_b 标识看不清',
  '电梯维修基金怎么用',
  '楼道灯坏了',
  '王阿姨家漏水',
]
const RESIDENTS = [
  { name: '王建华', note: '独居老人', tags: ['低保'], room: '302', unit: '2' },
  { name: '王小明', note: '', tags: [], room: '101', unit: '1' },
  { name: 'Tom Lee', note: '外籍 WiFi 技术员', tags: ['志愿者'], room: 'B12', unit: '' },
  { name: '张停车', note: '100% 同意', tags: [], room: '5_1', unit: '3' },
]

beforeAll(async () => {
  t = await openTempDb()
  await seedCommunity(t.db)
  buildings = (await t.db.selectFrom('buildings').select('id').orderBy('id').execute()).map((b) => b.id)
  const residentIds: number[] = []
  for (const r of RESIDENTS) {
    residentIds.push((await roster.createResident(t.db, { ...r, buildingId: null, phone: '' })).id)
  }
  for (const [i, d] of DESCRIPTIONS.entries()) {
    await topics.createTopic(t.db, topicInput(d, i % 3 === 0 ? residentIds[i % residentIds.length]! : null), NOW)
  }
}, 30_000)
afterAll(async () => t?.cleanup())

describe('the triggers keep the gram index right', () => {
  it('through creating, editing, voiding and deleting a topic as the services do', async () => {
    const { id } = await topics.createTopic(t.db, topicInput('路灯不亮ABC'), NOW)
    expect(await storedGrams(t.db, GRAM_KIND.topicDescription, id)).toEqual(expectedGrams('路灯不亮ABC'))
    await topics.updateTopic(t.db, id, topicInput('垃圾桶满了 Xy'), NOW)
    expect(await storedGrams(t.db, GRAM_KIND.topicDescription, id)).toEqual(expectedGrams('垃圾桶满了 Xy'))
    // Voiding keeps the text (and its grams): the register still finds it under 已作废.
    await topics.voidTopic(t.db, id, '重复登记', NOW)
    expect(await storedGrams(t.db, GRAM_KIND.topicDescription, id)).toEqual(expectedGrams('垃圾桶满了 Xy'))
    await sql`delete from topics where id = ${id}`.execute(t.db)
    expect(await storedGrams(t.db, GRAM_KIND.topicDescription, id)).toEqual([])
  })

  it('through creating, editing, soft-deleting and deleting a resident', async () => {
    const { id } = await roster.createResident(t.db, {
      name: '周Ab',
      buildingId: buildings[0]!,
      unit: '1',
      room: '201',
      phone: '',
      tags: ['党员'],
      note: '腿脚不便',
    })
    expect(await storedGrams(t.db, GRAM_KIND.residentText, id)).toEqual(expectedGrams(await residentText(t.db, id)))
    await roster.updateResident(t.db, id, {
      name: '周明',
      buildingId: null,
      unit: '',
      room: '9',
      tags: [],
      note: '新备注',
    })
    const edited = await residentText(t.db, id)
    expect(edited).toContain('周明')
    expect(await storedGrams(t.db, GRAM_KIND.residentText, id)).toEqual(expectedGrams(edited))
    await roster.deleteResident(t.db, id)
    expect(await storedGrams(t.db, GRAM_KIND.residentText, id)).toEqual(expectedGrams(edited))
    expect((await roster.listResidents(t.db, { search: '周明', limit: 50, offset: 0 })).rows).toEqual([])
    await sql`delete from residents where id = ${id}`.execute(t.db)
    expect(await storedGrams(t.db, GRAM_KIND.residentText, id)).toEqual([])
  })

  it('a text longer than the positions table (raw SQL) is still found', async () => {
    const long = '无关'.repeat(700) + '末尾的关键字'
    await sql`insert into topics (year, seq, received_at, received_on, channel, category_id, urgency, description, status, created_at, updated_at)
      select 2026, 9999, received_at, received_on, channel, category_id, urgency, ${long}, status, created_at, updated_at from topics limit 1`.execute(
      t.db,
    )
    const found = await listTopics(t.db, { ...NO_FILTER, search: '关键字', limit: 50, offset: 0 }, NOW)
    expect(found.rows.map((r) => r.description)).toContain(long)
    await sql`delete from topics where seq = 9999`.execute(t.db)
  })
})

const NO_FILTER = {
  status: null,
  channel: null,
  categoryId: null,
  gridId: null,
  from: null,
  to: null,
  untold: false,
}

const TEXTS = [
  '停',
  '停车',
  '电梯维修',
  'wifi',
  'WIFI',
  'Wi',
  'w',
  '王',
  '王阿姨',
  '50%',
  '%',
  '_',
  'a_b',
  '号楼',
  '1',
  '不存在的字',
  '楼道灯',
  'wIfI 信号',
]

/** The LIKE pattern likePattern() builds: wildcards literal. */
const pattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

describe('search through the gram index finds what the LIKE scan found', () => {
  for (const text of TEXTS) {
    it(`topics: 「${text}」`, async () => {
      const { rows } = await sql<{ id: number }>`select t.id from topics t
        left join residents r on r.id = t.resident_id left join buildings b on b.id = t.building_id
        where t.voided_at is null and (t.description like ${pattern(text)} escape '\\'
          or r.name like ${pattern(text)} escape '\\' or b.name like ${pattern(text)} escape '\\')
        order by t.received_at desc, t.id desc`.execute(t.db)
      const query = { ...NO_FILTER, search: text, limit: 500, offset: 0 }
      const found = await listTopics(t.db, query, NOW)
      expect(found.rows.map((r) => r.id)).toEqual(rows.map((r) => r.id))
      expect(found.total).toBe(rows.length)
      // Prepared (compiled once per shape) answers as the statements built for this call.
      expect(await buildingEveryCall(() => listTopics(t.db, query, NOW))).toEqual(found)
      expect(await countTopics(t.db, { search: text }, NOW)).toEqual({ n: rows.length, atLeast: false })
    })

    it(`residents: 「${text}」`, async () => {
      const { rows } = await sql<{
        id: number
      }>`select r.id from residents r left join buildings b on b.id = r.building_id
        where r.deleted_at is null and ((r.name || char(31) || r.note || char(31) || r.tags || char(31) || r.room || char(31) || r.unit) like ${pattern(text)} escape '\\'
          or b.name like ${pattern(text)} escape '\\')
        order by r.id`.execute(t.db)
      const found = await roster.listResidents(t.db, { search: text, limit: 500, offset: 0 })
      expect(found.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id))
      expect(found.total).toBe(rows.length)
      expect(
        await buildingEveryCall(() => roster.listResidents(t.db, { search: text, limit: 500, offset: 0 })),
      ).toEqual(found)
    })
  }

  it('a common text walks the roster in household order, pages and counts as the sort did', async () => {
    // Enough residents holding 「楼」 (the buildings' names) for the walk: more than WALK_FROM.
    expect(WALK_FROM).toBeLessThan(RARITY_CAP)
    await t.db.transaction().execute(async (trx) => {
      for (let i = 0; i < WALK_FROM + 50; i++) {
        await roster.createResident(trx, {
          name: `住户${i}`,
          buildingId: i % 3 ? buildings[i % 2]! : null,
          unit: String(i % 4),
          room: `${100 + (i % 37)}`,
          phone: '',
          tags: [],
          note: i % 5 ? '' : '楼上漏水',
        })
      }
    })
    const { rows } = await sql<{
      id: number
    }>`select r.id from residents r left join buildings b on b.id = r.building_id
      where r.deleted_at is null and ((r.name || char(31) || r.note || char(31) || r.tags || char(31) || r.room || char(31) || r.unit) like '%住户%'
        or b.name like '%住户%')
      order by b.name, r.unit, r.room, r.name, r.id`.execute(t.db)
    for (const offset of [0, 20, 100, rows.length - 5]) {
      const page = await roster.listResidents(t.db, { search: '住户', limit: 20, offset })
      expect(page.rows.map((r) => r.id)).toEqual(rows.slice(offset, offset + 20).map((r) => r.id))
      expect(page.total).toBe(rows.length)
    }
  })
  it('a common text walks the topic register newest first, pages and counts as the sort did', async () => {
    await t.db.transaction().execute(async (trx) => {
      for (let i = 0; i < WALK_FROM + 50; i++) {
        const day = String(1 + (i % 28)).padStart(2, '0')
        await topics.createTopic(
          trx,
          { ...topicInput(`第${i}次反映：垃圾分类`), receivedAt: `2025-0${1 + (i % 9)}-${day}T10:00` },
          NOW,
        )
      }
    })
    const { rows } = await sql<{ id: number }>`select id from topics
      where voided_at is null and description like '%垃圾%' order by received_at desc, id desc`.execute(t.db)
    expect(rows.length).toBeGreaterThan(WALK_FROM)
    for (const offset of [0, 40, rows.length - 5]) {
      const page = await listTopics(t.db, { ...NO_FILTER, search: '垃圾', limit: 20, offset }, NOW)
      expect(page.rows.map((r) => r.id)).toEqual(rows.slice(offset, offset + 20).map((r) => r.id))
      expect(page.total).toBe(rows.length)
    }
  })
})

describe('a common 1–2 character text is counted from the gram index, exactly', () => {
  // Residents in the walk (more than WALK_FROM hold each text), with what the index alone would count
  // wrong: deleted residents holding the key, residents holding it twice (one row, several grams),
  // a text too long for the index that contains it only at its end, and residents of a building
  // whose name contains it without their own text containing it. The totals and pages must equal
  // raw LIKE queries, and the statements built for the call.
  beforeAll(async () => {
    await t.db.transaction().execute(async (trx) => {
      const building = await trx
        .insertInto('buildings')
        .values({ name: '计数楼Qz%_', grid_id: null, households: 0, residents: 0, created_at: NOW, updated_at: NOW })
        .returning('id')
        .executeTakeFirstOrThrow()
      for (let i = 0; i < 2 * WALK_FROM + 200; i++) {
        const { id } = await roster.createResident(trx, {
          name: `${i % 2 ? 'qZ' : 'Qz'}%_z%z_${i}`,
          buildingId: i % 4 === 0 ? null : i % 4 === 3 ? buildings[i % 2]! : building.id,
          unit: String(i % 3),
          room: `${200 + (i % 41)}`,
          phone: '',
          tags: [],
          note: i % 5 ? '' : 'qz again, Qz twice',
        })
        if (i % 9 === 0) await roster.deleteResident(trx, id)
      }
      // In the named building, without the text themselves.
      for (let i = 0; i < 7; i++) {
        await roster.createResident(trx, {
          name: `邻居${i}`,
          buildingId: building.id,
          unit: '1',
          room: `30${i}`,
          phone: '',
          tags: [],
          note: '',
        })
      }
    })
    // Longer than the positions table: holds 「qz」「%」「_」 only past character 1200 (raw SQL).
    await sql`insert into residents (name, building_id, unit, room, phone, tags, note, created_at, updated_at)
      values ('长备注', null, '', '', '', '[]', ${'无关'.repeat(700) + 'QZ%_'}, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`.execute(
      t.db,
    )
  }, 30_000)

  for (const text of ['q', 'Q', 'z', 'qz', 'QZ', 'Qz', '%', '_', 'z%', 'z_', '楼Q']) {
    it(`「${text}」`, async () => {
      const { rows } = await sql<{
        id: number
      }>`select r.id from residents r left join buildings b on b.id = r.building_id
        where r.deleted_at is null and ((r.name || char(31) || r.note || char(31) || r.tags || char(31) || r.room || char(31) || r.unit) like ${pattern(text)} escape '\\'
          or b.name like ${pattern(text)} escape '\\')
        order by r.building_id is not null, b.name, r.unit, r.room, r.name, r.id`.execute(t.db)
      expect(rows.length).toBeGreaterThan(WALK_FROM)
      for (const offset of [0, 20, 140, rows.length - 7]) {
        const query = { search: text, limit: 20, offset }
        const page = await roster.listResidents(t.db, query)
        expect(page.rows.map((r) => r.id)).toEqual(rows.slice(offset, offset + 20).map((r) => r.id))
        expect(page.total).toBe(rows.length)
        expect(await buildingEveryCall(() => roster.listResidents(t.db, query))).toEqual(page)
      }
    })
  }

  it('walks the roster alike whether it probes the candidates or confirms each resident', async () => {
    const probe = roster.rosterQueries(t.db, 'qz', undefined, 'probe')
    const confirm = roster.rosterQueries(t.db, 'qz', undefined, 'confirm')
    for (const offset of [0, 20, 300]) {
      const probed = await probe.inBuildings(20, offset).execute()
      expect(probed).toHaveLength(20)
      expect(await confirm.inBuildings(20, offset).execute()).toEqual(probed)
      expect(await confirm.withoutBuilding(20, offset).execute()).toEqual(
        await probe.withoutBuilding(20, offset).execute(),
      )
    }
    // Dense matches near the start confirm; a walk far into a sparse text probes.
    expect(roster.walkKind(9000, 20, 300_000)).toBe('confirm')
    expect(roster.walkKind(400, 20, 300_000)).toBe('probe')
  })
})

describe('a search is prepared: its statements are built and compiled once per shape', () => {
  it('a second text of the same shape builds no statement', async () => {
    let built = 0
    const counting = t.db.withPlugin({
      // A search statement reads the gram index or matches with LIKE (a page's agenda look-up,
      // compiled per length of its id list, is another statement's shape).
      transformQuery: (args) => {
        if (/search_grams|"like"/.test(JSON.stringify(args.node))) built++
        return args.node
      },
      transformResult: async (args) => args.result,
    })
    // What is counted: a statement built for the call.
    await counting.selectFrom('search_grams').select('row_id').limit(1).execute()
    expect(built).toBe(1)
    for (const [first, second] of [
      ['电梯', '漏水'],
      ['电', '漏'],
      ['电梯维修', '楼道灯坏'],
    ]) {
      const warm = await listTopics(counting, { ...NO_FILTER, search: first!, limit: 20, offset: 0 }, NOW)
      built = 0
      const again = await listTopics(counting, { ...NO_FILTER, search: second!, limit: 20, offset: 0 }, NOW)
      expect(built, second).toBe(0)
      expect(warm.rows.length + again.rows.length).toBeGreaterThan(0)
    }
    for (const [first, second] of [
      ['王', '张'],
      ['王建', '王小'],
      ['王建华', '王小明'],
    ]) {
      await roster.listResidents(counting, { search: first!, limit: 20, offset: 0 })
      built = 0
      const again = await roster.listResidents(counting, { search: second!, limit: 20, offset: 0 })
      expect(built, second).toBe(0)
      expect(again.rows.length).toBeGreaterThan(0)
    }
  })
})

describe('a 1–2 character topic search is counted from the gram index, exactly', () => {
  // Full pages (so the pager counts), with what the index alone would count wrong: voided topics
  // holding the key, a description holding it twice, one too long for the index holding it only at
  // its end, and topics of a resident whose name contains it while their description does not.
  beforeAll(async () => {
    const { id: resident } = await roster.createResident(t.db, {
      name: '计数K居民',
      buildingId: null,
      unit: '',
      room: '',
      phone: '',
      tags: [],
      note: '',
    })
    await t.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 60; i++) {
        const { id } = await topics.createTopic(
          trx,
          topicInput(i % 3 ? `计数k${i}，再说一次计数K` : `无关反映${i}`, i % 3 ? null : resident),
          NOW,
        )
        if (i % 7 === 0) await topics.voidTopic(trx, id, '重复登记', NOW)
      }
    })
    await sql`insert into topics (year, seq, received_at, received_on, channel, category_id, urgency, description, status, created_at, updated_at)
      select 2026, 9998, received_at, received_on, channel, category_id, urgency, ${'无关'.repeat(700) + '计数K'}, status, created_at, updated_at from topics limit 1`.execute(
      t.db,
    )
  }, 30_000)

  for (const text of ['计', '计数', 'k', '数K', 'K居']) {
    it(`「${text}」`, async () => {
      const { rows } = await sql<{ id: number }>`select t.id from topics t
        left join residents r on r.id = t.resident_id left join buildings b on b.id = t.building_id
        where t.voided_at is null and (t.description like ${pattern(text)} escape '\\'
          or r.name like ${pattern(text)} escape '\\' or b.name like ${pattern(text)} escape '\\')
        order by t.received_at desc, t.id desc`.execute(t.db)
      expect(rows.length).toBeGreaterThan(10)
      for (const offset of [0, 5]) {
        const query = { ...NO_FILTER, search: text, limit: 5, offset }
        const page = await listTopics(t.db, query, NOW)
        expect(page.rows.map((r) => r.id)).toEqual(rows.slice(offset, offset + 5).map((r) => r.id))
        expect(page.total).toBe(rows.length)
        expect(await buildingEveryCall(() => listTopics(t.db, query, NOW))).toEqual(page)
      }
    })
  }
})

describe('a 1-character search held by more than EXACT_UP_TO topics stops counting there', () => {
  const holders = () =>
    sql<{ n: number }>`select count(*) as n from topics where voided_at is null and description like '%坑%'`
  beforeAll(async () => {
    // 「坑」 twice in each: the index holds two of its grams per topic (坑洼, 坑.).
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${EXACT_UP_TO + 100})
      insert into topics (year, seq, received_at, received_on, channel, category_id, urgency, description, status, created_at, updated_at)
      select 2025, 20000 + i, '2025-03-01T01:00:00.000Z', '2025-03-01', '电话', 1, '一般', '路面坑洼，第' || i || '个坑', '征集中', ${NOW}, ${NOW} from n`.execute(
      t.db,
    )
  }, 30_000)

  it('a lower bound (… 以上), the page exact; a voided holder makes it count every one', async () => {
    const query = { ...NO_FILTER, search: '坑', limit: 20, offset: 0 }
    const page = await listTopics(t.db, query, NOW)
    expect(page).toMatchObject({ total: EXACT_UP_TO + 1, atLeast: true })
    expect(page.rows).toHaveLength(20)
    expect(page.rows.every((r) => r.description.includes('坑'))).toBe(true)
    expect(await buildingEveryCall(() => listTopics(t.db, query, NOW))).toEqual(page)
    const { id } = await t.db.selectFrom('topics').select('id').where('seq', '=', 20001).executeTakeFirstOrThrow()
    await topics.voidTopic(t.db, id, '重复登记', NOW)
    const exact = Number((await holders().execute(t.db)).rows[0]!.n)
    expect(exact).toBe(EXACT_UP_TO + 99)
    expect(await listTopics(t.db, query, NOW)).toMatchObject({ total: exact, atLeast: false })
  })
})
