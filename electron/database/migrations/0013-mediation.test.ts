import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { MIGRATIONS } from '.'
import { migration0013 } from './0013-mediation'
import { tempDir } from '../../testing/temp-db'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

const BEFORE = MIGRATIONS.indexOf(migration0013)

describe('migration: the mediation casebook', () => {
  it('upgrades a file of the version before, keeping its data, and its rules hold in the data file itself', async () => {
    const file = join(tempDir(), 'before.sqlite')
    const old = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE) })
    await old.db.insertInto('rooms').values({ name: '调解室', capacity: 10, note: '' }).execute()
    await old.close()

    opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE + 1) })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(migration0013.version)
    expect(await db.selectFrom('rooms').select('name').execute()).toEqual([{ name: '调解室' }])

    const base = {
      year: 2026,
      seq: 1,
      case_no: '〔2026〕幸福里人调字第1号',
      title: '漏水',
      source: '当事人申请' as const,
      dispute_type: '邻里' as const,
      difficulty: '简单' as const,
      facts: '漏水',
      committee: '幸福里社区居民委员会人民调解委员会',
      accepted_on: '2026-06-01',
      status: '受理' as const,
      rights_notified_on: null,
      extended_until: null,
      ended_on: null,
      archived_on: null,
      topic_id: null,
      created_at: 'a',
      updated_at: 'a',
    }
    const { id } = await db.insertInto('mediation_cases').values(base).returning('id').executeTakeFirstOrThrow()
    // a number is never given twice; an ended case has its reason; states are the lawful ones
    await expect(
      db
        .insertInto('mediation_cases')
        .values({ ...base, seq: 2 })
        .execute(),
    ).rejects.toThrow(/UNIQUE/)
    await expect(
      db
        .insertInto('mediation_cases')
        .values({ ...base, seq: 2, case_no: 'b', status: '终止' })
        .execute(),
    ).rejects.toThrow(/CHECK/)
    await expect(
      db
        .insertInto('mediation_cases')
        .values({ ...base, seq: 3, case_no: 'c', status: '已解决' as never })
        .execute(),
    ).rejects.toThrow(/CHECK/)
    // an agent needs the party and the scope; only a 人民调解员 presides
    await expect(
      db
        .insertInto('mediation_parties')
        .values({
          case_id: id,
          side: '委托代理人',
          kind: '个人',
          resident_id: null,
          name: '代',
          birth_date: null,
          agent_for: null,
          created_at: 'a',
        })
        .execute(),
    ).rejects.toThrow(/CHECK/)
    await expect(
      db
        .insertInto('mediation_staff')
        .values({
          case_id: id,
          role: '乡贤',
          name: '赵',
          presiding: 1,
          declared_tie: null,
          declared_at: null,
          recused_at: null,
          created_at: 'a',
        })
        .execute(),
    ).rejects.toThrow(/CHECK/)
    // a reported month is final
    await db.insertInto('mediation_frozen_months').values({ month: '2026-05', figures: '{}', frozen_at: 'a' }).execute()
    await expect(sql`update mediation_frozen_months set figures = 'x'`.execute(db)).rejects.toThrow(
      /已上报的月份统计不能修改或删除/,
    )
    await expect(sql`delete from mediation_frozen_months`.execute(db)).rejects.toThrow(/已上报的月份统计不能修改或删除/)
  })
})
