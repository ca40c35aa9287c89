import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { CHANNELS, registry } from '.'
import { dispatch } from './dispatch'
import { openTempDb, type TempDb } from '../testing/temp-db'

/** Shapes a buggy or hostile renderer might send. None may crash the process or write anything. */
const HUGE = 'x'.repeat(1_000_000)
const MALFORMED: Array<[string, unknown]> = [
  ['a number', 42],
  ['a string', 'hello'],
  ['an array', [1, 2, 3]],
  ['null', null],
  ['true', true],
  [
    'an object of wrong types',
    { name: 123, kind: false, households: '十', residents: [], gridId: 'a', id: 'x', folder: 5 },
  ],
  ['negative and fractional numbers', { id: -1, households: -5, residents: 1.5, name: '楼', gridId: null, note: '' }],
  ['a huge string', { name: HUGE, address: HUGE, kind: '村', phone: '', id: 1, note: HUGE, folder: HUGE }],
  ['SQL text in the wrong field type', { id: '1; drop table buildings; --', name: 1 }],
  ['script text in an enum', { kind: '<script>alert(1)</script>', name: 'a', address: 'b', phone: '' }],
  ['unknown extra fields', { name: '一网格', note: '', unexpected: true, __proto__: { polluted: 1 } }],
  ['a prototype-pollution key', JSON.parse('{"__proto__": {"polluted": 1}, "constructor": 1}')],
]

const CHINESE = /[\u4e00-\u9fa5]/
// Messages come from our field builders or dispatch's Chinese error map: no program words at all.
const ENGLISH_WORDS = /[A-Za-z]{2,}/

/** Row counts of every table the migrations made (read from the file, so a new table is never missed). */
async function tableCounts(db: TempDb['db']): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)
  const counts: Record<string, number> = {}
  for (const { name } of tables.rows) {
    const row = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(db)
    counts[name] = Number(row.rows[0]!.n)
  }
  return counts
}

describe('registry', () => {
  let t: TempDb
  beforeAll(async () => {
    t = await openTempDb()
  })
  afterAll(async () => t.cleanup())

  it('counts rows in every table, the follow-up tables of migration 3 included', async () => {
    const tables = Object.keys(await tableCounts(t.db))
    expect(tables).toEqual(expect.arrayContaining(['community', 'meetings', 'topics', 'resolutions', 'audit_log']))
    expect(tables.length).toBeGreaterThan(16)
  })

  it('names every channel <module>.<action>', () => {
    expect(CHANNELS.length).toBeGreaterThan(5)
    for (const c of CHANNELS) expect(c).toMatch(/^[a-z]+\.[a-zA-Z]+$/)
  })

  it('answers an unknown channel with a Chinese error', async () => {
    for (const channel of ['nope.x', '', '__proto__', 'constructor', 'toString', 'community']) {
      const r = await dispatch(registry, t.db, t.ctx, channel, {})
      expect(r).toMatchObject({ ok: false, code: 'UNKNOWN_CHANNEL' })
      if (!r.ok) expect(r.message).toMatch(CHINESE)
    }
  })

  it.each(MALFORMED)('refuses %s on every write channel, in Chinese, writing nothing', async (_label, input) => {
    const before = await tableCounts(t.db)
    for (const channel of CHANNELS) {
      const r = await dispatch(registry, t.db, t.ctx, channel, input)
      if (r.ok) {
        // Only calls that take no input may succeed, and they must not have written anything.
        expect(registry[channel].input.safeParse(undefined).success, `${channel} accepted ${_label}`).toBe(true)
        continue
      }
      expect(r.message, `${channel}: ${r.message}`).toMatch(CHINESE)
      expect(r.message, `${channel}: ${r.message}`).not.toMatch(ENGLISH_WORDS)
      expect(r.message.length).toBeLessThan(300)
    }
    expect(await tableCounts(t.db)).toEqual(before)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    // And the process still answers.
    expect(await dispatch(registry, t.db, t.ctx, 'community.overview', undefined)).toMatchObject({ ok: true })
  })

  it('names the field that is wrong', async () => {
    const r = await dispatch(registry, t.db, t.ctx, 'community.createBuilding', {
      name: '',
      gridId: null,
      households: -1,
      residents: 3,
      note: '',
    })
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    if (!r.ok) {
      expect(r.message).toContain('「楼栋名称」')
      expect(r.message).toContain('「户数」不能是负数')
    }
  })

  it('stores SQL and script text verbatim, as data', async () => {
    const name = "'); drop table grids;--<b>"
    const r = await dispatch(registry, t.db, t.ctx, 'community.createGrid', { name, note: '<b>x</b>' })
    expect(r.ok).toBe(true)
    const rows = await t.db.selectFrom('grids').select('name').execute()
    expect(rows.map((x) => x.name)).toContain(name)
  })
})
