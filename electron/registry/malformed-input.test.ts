import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { z } from 'zod'
import { CHANNELS, registry } from '.'
import { dispatch } from './dispatch'
import { openTempDb, type TempDb } from '../testing/temp-db'

/**
 * Every channel of the registry, every field of its input, fed the wrong thing: a wrong type, a
 * null, a string where a number goes, a huge or negative number, a bad choice, a date outside
 * 1900–2200, arrays, unknown keys, nested garbage. Each answer must be ok: false with a message
 * a clerk reads — Chinese, no program word (two Latin letters in a row) — and nothing may be
 * written. The inputs are derived from the schemas themselves, so a channel added tomorrow is
 * covered without touching this file.
 */

type Schema = z.ZodType
interface Def {
  type: string
  innerType?: Schema
  in?: Schema
  shape?: Record<string, Schema>
  element?: Schema
  options?: Schema[]
  entries?: Record<string, string>
  values?: unknown[]
}
const defOf = (s: Schema) => (s as unknown as { _zod: { def: Def } })._zod.def

/** Strips optional / nullable / default / pipe wrappers down to the schema that checks the value. */
function core(s: Schema): Schema {
  const d = defOf(s)
  if (d.innerType) return core(d.innerType)
  if (d.type === 'pipe' && d.in) return core(d.in)
  return s
}

const STRING_SAMPLES = [
  '社区测试',
  // A password that must be ASCII (归档密码): a date-shaped sample would pass it by chance.
  'Desk-2026pw',
  '2026-03-12',
  '2026-03-12T19:00',
  '19:00',
  '13812345678',
  '/tmp/社区备份',
  '2026-03',
  '1234.56',
]
const NUMBER_SAMPLES = [1, 2026, 15, 60, 0]

/** A value the schema accepts, built from its definition (the base each bad value is put into). */
function sample(s: Schema): unknown {
  const c = core(s)
  const d = defOf(c)
  switch (d.type) {
    case 'string':
      // The whole field first: a string that is transformed (an amount in yuan) must also parse.
      return STRING_SAMPLES.find((v) => s.safeParse(v).success) ?? STRING_SAMPLES.find((v) => c.safeParse(v).success)
    case 'number':
      return NUMBER_SAMPLES.find((v) => c.safeParse(v).success)
    case 'boolean':
      return false
    case 'enum':
      return Object.values(d.entries!)[0]
    case 'literal':
      return d.values![0]
    case 'array':
      return []
    case 'object':
      return Object.fromEntries(Object.entries(d.shape!).map(([k, v]) => [k, sample(v)]))
    case 'union':
      return sample(d.options![0]!)
    default:
      throw new Error(`no sample for a ${d.type} schema`)
  }
}

const HUGE_TEXT = '长'.repeat(20_001)
const NESTED_GARBAGE = { a: { b: { c: [1, { d: null }] } }, constructor: { prototype: 1 } }

/** Values the field must refuse, chosen by what kind of field it is. */
function badValues(s: Schema): unknown[] {
  const c = core(s)
  const d = defOf(c)
  const common: unknown[] = [[], NESTED_GARBAGE]
  if (!s.safeParse(null).success) common.push(null)
  switch (d.type) {
    case 'string': {
      const kind = sample(c)
      const dates = ['9999-12-31', '1899-12-31', '2201-01-01', '0000-01-01', '+010000-01-01', '2026-02-30', '2026-1-1']
      const times = ['9999-12-31T19:00', '1899-12-31T23:59', '2201-01-01T00:00', '2026-02-30T19:00', '2026-03-12T24:00']
      const extra =
        kind === '2026-03-12'
          ? dates
          : kind === '2026-03-12T19:00'
            ? times
            : kind === '19:00'
              ? ['25:00', '7pm', '19:60']
              : kind === '13812345678'
                ? ['123', '1381234', '12345678', 'call me']
                : [HUGE_TEXT]
      return [...common, 42, true, -10, ...extra]
    }
    case 'number':
      return [...common, '12', '十', -10, -1, 1.5, 1e308, -1e308, 2 ** 53, true]
    case 'boolean':
      return [...common, 'yes', 'true', 1, 0]
    case 'enum': {
      const allowed = Object.values(d.entries!)
      return [...common, ...['zzz', 'up', 'skip', '其他', ''].filter((v) => !allowed.includes(v)), 1, true]
    }
    case 'literal':
      return [...common, 'zzz', 99]
    case 'array':
      return [...common.filter((v) => !Array.isArray(v)), 'x', 42, [null], [42, { zz: 1 }], Array(1001).fill('长')]
    case 'object':
      return [...common, 'x', 42, true, { ...(sample(c) as object), zz: 1 }]
    case 'union':
      return [...common, 'x', 42, {}, { zz: 1 }]
    default:
      throw new Error(`no bad values for a ${d.type} schema`)
  }
}

interface Case {
  what: string
  input: unknown
  /** Set when the field is a date: its message must say which years are accepted. */
  date?: boolean
}

/** The channel's base input with one field (at any depth) replaced by each bad value. */
function cases(schema: Schema): Case[] {
  const base = sample(schema)
  const out: Case[] = [
    ...['x', 42, true, null, [], [base], NESTED_GARBAGE].map((input) => ({ what: 'the whole input', input })),
  ]
  if (base && typeof base === 'object') {
    out.push({ what: 'an unknown key', input: { ...base, zz: 1 } })
    out.push({ what: 'a prototype key', input: { ...base, ...JSON.parse('{"__proto__": {"polluted": 1}}') } })
  }
  const walk = (s: Schema, path: string[], put: (v: unknown) => unknown) => {
    const c = core(s)
    const d = defOf(c)
    if (d.type === 'object') {
      const here = sample(c) as Record<string, unknown>
      for (const [k, field] of Object.entries(d.shape!)) {
        walk(field, [...path, k], (v) => put({ ...here, [k]: v }))
      }
    }
    if (d.type === 'union') for (const option of d.options!) walk(option, path, put)
    if (d.type === 'array') {
      const element = defOf(core(d.element!))
      if (element.type === 'object') walk(d.element!, [...path, '0'], (v) => put([v]))
    }
    if (path.length === 0) return
    const sampled = sample(c)
    for (const bad of badValues(s)) {
      out.push({
        what: `${path.join('.')} = ${JSON.stringify(bad)?.slice(0, 40)}`,
        input: put(bad),
        date:
          typeof sampled === 'string' &&
          /^\d{4}-/.test(sampled) &&
          typeof bad === 'string' &&
          /^\d{4}-\d\d-\d\d/.test(bad) &&
          !/-02-30|T24/.test(bad),
      })
    }
  }
  walk(schema, [], (v) => v)
  return out
}

const PROGRAM_WORD = /[A-Za-z]{2,}/
const CHINESE = /[\u4e00-\u9fa5]/

async function rowCounts(db: TempDb['db']): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)
  const counts: Record<string, number> = {}
  for (const { name } of tables.rows) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(db)
    counts[name] = Number(r.rows[0]!.n)
  }
  return counts
}

describe('malformed input on every channel', () => {
  let t: TempDb
  beforeAll(async () => {
    t = await openTempDb()
  })
  afterAll(async () => t.cleanup())

  it('builds a valid base input for every channel (so each bad field is judged on its own)', () => {
    for (const channel of CHANNELS) {
      const schema = registry[channel].input as Schema
      const parsed = schema.safeParse(sample(schema))
      expect(parsed.success, `${channel}: ${parsed.error?.issues.map((i) => i.message).join('；')}`).toBe(true)
    }
  })

  it('answers every bad field of every channel with ok: false and a message in plain Chinese, writing nothing', async () => {
    const before = await rowCounts(t.db)
    const problems: string[] = []
    let sent = 0
    let dateFields = 0
    for (const channel of CHANNELS) {
      for (const c of cases(registry[channel].input as Schema)) {
        sent++
        const r = await dispatch(registry, t.db, t.ctx, channel, c.input)
        const where = `${channel} ← ${c.what}`
        if (r.ok) {
          problems.push(`${where}: accepted`)
          continue
        }
        if (!CHINESE.test(r.message) || PROGRAM_WORD.test(r.message) || r.message.length > 300) {
          problems.push(`${where}: ${r.message}`)
        }
        if (c.date) {
          dateFields++
          if (!r.message.includes('1900 年到 2200 年'))
            problems.push(`${where}: date not refused by the window: ${r.message}`)
        }
      }
    }
    expect(problems).toEqual([])
    expect(sent).toBeGreaterThan(CHANNELS.length * 10)
    expect(dateFields).toBeGreaterThan(50)
    expect(await rowCounts(t.db)).toEqual(before)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
