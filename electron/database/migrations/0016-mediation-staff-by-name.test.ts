import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { tempDir } from '../../testing/temp-db'
import { casesOf } from '../../mediation/case-access'
import { MIGRATIONS } from '.'
import { migration0016 } from './0016-mediation-staff-by-name'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

describe('migration: mediation staff by name', () => {
  it('keeps every row and answers an elder’s cases from the index, not by reading every case’s staff', async () => {
    const file = join(tempDir(), 'before.sqlite')
    const old = await openDatabase(file, { migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(migration0016)) })
    const now = '2026-06-20T02:00:00.000Z'
    await sql`insert into mediation_cases (id, year, seq, case_no, title, source, dispute_type, difficulty, facts, committee, accepted_on, status, created_at, updated_at)
      values (1, 2026, 1, '〔2026〕甲人调字第1号', '漏水', '当事人申请', '邻里', '简单', '漏水', '调委会', '2026-06-01', '受理', ${now}, ${now})`.execute(
      old.db,
    )
    await sql`insert into mediation_staff (case_id, role, name, created_at) values (1, '乡贤', '陈老伯', ${now}), (1, '人民调解员', '王德明', ${now})`.execute(
      old.db,
    )
    await old.close()

    opened = await openDatabase(file)
    const db = opened.db
    expect(await db.selectFrom('mediation_staff').select('name').orderBy('id').execute()).toEqual([
      { name: '陈老伯' },
      { name: '王德明' },
    ])
    const query = casesOf(db, '陈老伯').compile()
    const plan = await sql.raw(`explain query plan ${query.sql.replace(/\?/g, () => "'陈老伯'")}`).execute(db)
    const detail = (plan.rows as { detail: string }[]).map((r) => r.detail).join('\n')
    expect(detail).toMatch(/SEARCH mediation_staff USING (COVERING )?INDEX mediation_staff_taking_part \(name=/)
    expect(await casesOf(db, '陈老伯').execute()).toEqual([{ case_id: 1 }])
  })
})
