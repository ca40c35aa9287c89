import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { nowIso, officeDate } from '../../shared/time'
import { addDays } from '../../shared/dates'
import { generateCommunity } from '../demo/generate-community'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { dispatch } from './dispatch'
import { registry } from '.'

/**
 * Reads never write (architecture): opening a list, a record or the dashboard changes nothing in
 * the file. Writes that follow from the passing of time (series meetings ahead, overdue
 * resolutions onto the next agenda) happen in the daily upkeep and in the changes that cause
 * them. Checked on a demo file with SQLite's own count of changed rows on the connection.
 */
let t: TempDb
beforeAll(async () => {
  t = await openTempDb()
  await generateCommunity(t.db, {
    years: 1,
    meetingsPerYear: 30,
    buildings: 4,
    households: 120,
    residents: 150,
    topics: 80,
    resolutions: 30,
    fundEntries: 200,
  })
})
afterAll(() => t.cleanup())

const changes = async () => (await sql<{ n: number }>`select total_changes() as n`.execute(t.db)).rows[0]!.n

describe('reads never write', () => {
  it('no list, record, calendar, dashboard or reminder call changes a row', async () => {
    const today = officeDate(nowIso())
    const meeting = await t.db
      .selectFrom('meetings')
      .select('id')
      .orderBy('starts_at', 'desc')
      .executeTakeFirstOrThrow()
    const topic = await t.db.selectFrom('topics').select('id').executeTakeFirstOrThrow()
    const resolution = await t.db.selectFrom('resolutions').select('id').executeTakeFirstOrThrow()
    const fundEntry = await t.db
      .selectFrom('fund_entries')
      .select(['id', 'subfund_id'])
      .where('direction', '=', '收入')
      .executeTakeFirstOrThrow()
    const mediationCase = await t.db
      .selectFrom('mediation_cases as c')
      .innerJoin('mediation_agreements as a', 'a.case_id', 'c.id')
      .select('c.id')
      .executeTakeFirstOrThrow()
    const reads: Array<[string, unknown]> = [
      ['meetings.list', { from: addDays(today, -400), to: addDays(today, 700) }],
      ['meetings.calendar', { from: today, to: addDays(today, 41) }],
      ['meetings.get', { id: meeting.id }],
      ['meetings.attendance', { meetingId: meeting.id }],
      ['topics.list', {}],
      ['topics.get', { id: topic.id }],
      ['resolutions.list', {}],
      ['resolutions.get', { id: resolution.id }],
      ['feedback.stillToTell', {}],
      ['dashboard.figures', { from: addDays(today, -365), to: today }],
      ['home.reminders', undefined],
      ['people.list', {}],
      ['council.list', undefined],
      ['community.overview', undefined],
      ['fund.subfunds', undefined],
      ['fund.entries', {}],
      ['fund.entry', { id: fundEntry.id }],
      ['fund.statement', { subfundId: fundEntry.subfund_id, year: Number(today.slice(0, 4)) }],
      ['fund.reconciliation', undefined],
      ['fund.receipt', { id: fundEntry.id }],
      ['fund.publicNotice', { from: addDays(today, -365), to: today }],
      ['mediation.cases', { search: '王' }],
      ['mediation.cases', { attention: 'visits' }],
      ['mediation.dossier', { caseId: mediationCase.id }],
      ['mediation.agreementGaps', { caseId: mediationCase.id }],
      ['mediation.statistics', { year: Number(today.slice(0, 4)) }],
      ...(['people.importLayout', 'people.importPreview'] as const).map((channel): [string, unknown] => [
        channel,
        { fileName: '名册.csv', contentBase64: Buffer.from('姓名,单元,楼栋\n新来的,1,新楼\n').toString('base64') },
      ]),
      ...(['community.importBuildingsLayout', 'community.importBuildingsPreview'] as const).map(
        (channel): [string, unknown] => [
          channel,
          { fileName: '楼栋.csv', contentBase64: Buffer.from('楼栋,所属网格\n新楼,新网格\n').toString('base64') },
        ],
      ),
      ...(['community.importGridsPreview', 'partners.importLayout', 'partners.importPreview'] as const).map(
        (channel): [string, unknown] => [
          channel,
          { fileName: '表.csv', contentBase64: Buffer.from('名称,网格,类型\n新来的,新网格,企业\n').toString('base64') },
        ],
      ),
    ]
    for (const [channel, input] of reads) {
      const before = await changes()
      const answer = await dispatch(registry, t.db, t.ctx, channel, input)
      expect(answer.ok, `${channel}: ${JSON.stringify(answer).slice(0, 200)}`).toBe(true)
      expect(await changes(), channel).toBe(before)
    }
  })
})
