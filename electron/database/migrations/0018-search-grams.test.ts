import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { MIGRATIONS } from '.'
import { migration0018 } from './0018-search-grams'
import { tempDir } from '../../testing/temp-db'
import { GRAM_KIND } from '../gram-search'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

const BEFORE = MIGRATIONS.indexOf(migration0018)

describe('migration: search grams', () => {
  it('back-fills the grams of the topics and residents of a file of the version before, and triggers keep them', async () => {
    const file = join(tempDir(), 'before.sqlite')
    const old = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE) })
    await sql`insert into residents (name, note, tags, room, unit, created_at, updated_at)
      values ('老王', 'AB', '[]', '3', '1', '2020-01-01', '2020-01-01')`.execute(old.db)
    const category = await sql<{ id: number }>`select id from topic_categories limit 1`.execute(old.db)
    await sql`insert into topics (year, seq, received_at, received_on, channel, category_id, urgency, description, status, created_at, updated_at)
      values (2020, 1, '2020-01-01T01:00:00.000Z', '2020-01-01', '电话', ${category.rows[0]!.id}, '一般', '停车难', '征集中', '2020-01-01', '2020-01-01')`.execute(
      old.db,
    )
    await old.close()

    opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE + 1) })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(migration0018.version)
    const grams = async (kind: number) =>
      (await db.selectFrom('search_grams').select('gram').where('kind', '=', kind).orderBy('gram').execute()).map(
        (g) => g.gram,
      )
    expect(await grams(GRAM_KIND.topicDescription)).toEqual(['停车', '车难', '难'].sort())
    // '老王\x1fab\x1f[]\x1f3\x1f1': lower-cased, every distinct substr(…, n, 2).
    const text = '老王\u001fab\u001f[]\u001f3\u001f1'
    const chars = Array.from(text)
    expect(await grams(GRAM_KIND.residentText)).toEqual(
      [...new Set(chars.map((c, i) => c + (chars[i + 1] ?? '')))].sort(),
    )
    await sql`update topics set description = '路灯' where year = 2020`.execute(db)
    expect(await grams(GRAM_KIND.topicDescription)).toEqual(['灯', '路灯'].sort())
  })
})
