import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { defaultDemoOptions, generateCommunity } from '../demo/generate-community'
import { listResolutions } from './resolution-reads'
import { isOpenResolution } from '../../shared/followup-values'
import { officeDate } from '../../shared/time'

/**
 * 决议督办 filtered by 逾期 reads its page from the index of open resolutions (migration
 * open-resolution-order) in a page-of-numbers subquery: every page holds exactly the open
 * resolutions past due, newest number first, as the rule says when applied to every row.
 */
let t: TempDb
const NOW = '2026-11-20T02:00:00.000Z'

beforeAll(async () => {
  t = await openTempDb()
  await generateCommunity(t.db, defaultDemoOptions(new Date(NOW)))
  // More overdue ones than a page, in both open statuses, across years.
  const picked = await t.db.selectFrom('resolutions').select('id').orderBy('id').execute()
  for (const [i, r] of picked.entries()) {
    if (i % 9 !== 0) continue
    await t.db
      .updateTable('resolutions')
      .set({ status: i % 2 ? '待办' : '办理中', completed_at: null, due_date: i % 4 ? '2026-01-31' : '2027-03-01' })
      .where('id', '=', r.id)
      .execute()
  }
}, 60_000)
afterAll(async () => t?.close())

describe('决议督办 逾期', () => {
  it('pages through exactly the open resolutions past due, newest number first, with the right total', async () => {
    const today = officeDate(NOW)
    const all = await t.db.selectFrom('resolutions').select(['id', 'year', 'seq', 'status', 'due_date']).execute()
    const expected = all
      .filter((r) => isOpenResolution(r.status) && r.due_date < today)
      .sort((a, b) => b.year - a.year || b.seq - a.seq)
      .map((r) => r.id)
    expect(expected.length).toBeGreaterThan(7)
    const filter = { status: '逾期' as const, department: null, year: null, search: '' }
    const seen: number[] = []
    for (let offset = 0; offset < expected.length + 3; offset += 3) {
      const page = await listResolutions(t.db, { ...filter, limit: 3, offset }, NOW)
      expect(page.total).toBe(expected.length)
      expect(page.rows.every((r) => r.overdue)).toBe(true)
      seen.push(...page.rows.map((r) => r.id))
    }
    expect(seen).toEqual(expected)
    // With another filter on top (a year), still the rule's rows in order.
    const year = all.find((r) => expected.includes(r.id))!.year
    const ofYear = await listResolutions(t.db, { ...filter, year, limit: 50, offset: 0 }, NOW)
    expect(ofYear.rows.map((r) => r.id)).toEqual(expected.filter((id) => all.find((r) => r.id === id)!.year === year))
  })
})
