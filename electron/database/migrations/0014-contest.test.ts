import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { MIGRATIONS } from '.'
import { migration0014 } from './0014-contest'
import { tempDir } from '../../testing/temp-db'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

const BEFORE = MIGRATIONS.indexOf(migration0014)

describe('migration: contest', () => {
  it('adds the contest tables to a file of the version before, and the database guards the rules', async () => {
    const file = join(tempDir(), 'before.sqlite')
    const old = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE) })
    await old.close()
    opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE + 1) })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(migration0014.version)
    const { rows } = await sql<{
      name: string
    }>`select name from sqlite_schema where type = 'table' and name like 'contest%'`.execute(db)
    expect(rows.map((r) => r.name).sort()).toEqual(
      [
        'contests',
        'contest_attachments',
        'contest_corrections',
        'contest_criteria',
        'contest_draws',
        'contest_judges',
        'contest_milestones',
        'contest_objections',
        'contest_paper_entries',
        'contest_projects',
        'contest_proposals',
        'contest_recusals',
        'contest_scores',
        'contest_sheets',
      ].sort(),
    )
    await sql`insert into contests (year, name, budget, cap, trim_from, min_score, tie_chain, funding_rule,
      objection_days, phases, created_at) values (2026, '大赛', 100, 50, 5, 600, '[]', 'greedySkip', 7, '{}', 'x')`.execute(
      db,
    )
    await sql`insert into contest_criteria (contest_id, position, name, weight, max_score) values (1, 0, '必要性', 100, 10)`.execute(
      db,
    )
    // An override without the committee's decision is refused.
    await expect(sql`update contests set override_rule = 'knapsack' where id = 1`.execute(db)).rejects.toThrow()
    await sql`update contests set scoring_opened_at = 'now' where id = 1`.execute(db)
    await expect(sql`update contest_criteria set max_score = 20`.execute(db)).rejects.toThrow(/评分已经开始/)
    await expect(sql`delete from contest_criteria`.execute(db)).rejects.toThrow(/评分已经开始/)
    await expect(
      sql`insert into contest_criteria (contest_id, position, name, weight, max_score) values (1, 1, '可行性', 10, 10)`.execute(
        db,
      ),
    ).rejects.toThrow(/评分已经开始/)
    await expect(sql`update contests set scoring_opened_at = null where id = 1`.execute(db)).rejects.toThrow(
      /评分已经开始/,
    )
    // What may change after scoring opens still can: the notice date.
    await sql`update contests set published_on = '2026-06-01' where id = 1`.execute(db)
  })
})
