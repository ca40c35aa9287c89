import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { defaultDemoOptions, generateCommunity } from '../demo/generate-community'
import { buildingEveryCall } from './prepared'
import { getTopic, listTopics, countTopics } from '../topics/topic-reads'
import { countResolutions, getResolution, listResolutions } from '../topics/resolution-reads'
import { stillToTell } from '../feedback/still-to-tell'
import { getMeetingRecord, listMeetings } from '../meetings/meeting-service'
import { holidayBook } from '../meetings/calendar-days'
import { getAgenda } from '../meetings/agenda-service'
import { attendanceOf } from '../meetings/attendance-service'
import { getMinutes } from '../meetings/minutes-service'
import { seriesScheduledUntil } from '../meetings/series-service'
import { listResidents } from '../people/roster-service'
import { listPartners } from '../partners/partner-service'
import { listAgreements } from '../partners/agreement-reads'
import { moneyPeriodsOpen } from '../partners/fulfilment-service'
import { listEntries } from '../fund/ledger-reads'
import { caseDetail, listCases } from '../mediation/case-reads'
import { listProposals } from '../contest/proposal-service'
import type { TopicQuery } from '../topics/topic-reads'

/**
 * Every read that runs prepared statements (database/prepared.ts) answers exactly what it answers
 * when each statement is built for the call with the real values — on the demo community, for
 * varied filters and pages, each shape reused with other values than it was compiled with.
 */
let t: TempDb
const NOW = '2026-11-20T02:00:00.000Z'
let reads: Array<[string, () => Promise<unknown>]> = []

beforeAll(async () => {
  t = await openTempDb()
  await generateCommunity(t.db, defaultDemoOptions(new Date(NOW)))
  const db = t.db
  const ids = async (table: 'topics' | 'resolutions' | 'meetings' | 'mediation_cases' | 'partners' | 'contests') =>
    (await db.selectFrom(table).select('id').orderBy('id').execute()).map((r) => r.id)
  const [topics, resolutions, meetings, cases, partners, contests] = await Promise.all([
    ids('topics'),
    ids('resolutions'),
    ids('meetings'),
    ids('mediation_cases'),
    ids('partners'),
    ids('contests'),
  ])
  const { department } = await db
    .selectFrom('resolutions')
    .select('lead_department as department')
    .executeTakeFirstOrThrow()
  const some = (list: number[]) => [list[0]!, list[Math.floor(list.length / 2)]!, list.at(-1)!]
  const topicQuery = (q: Partial<TopicQuery>): TopicQuery => ({
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
    ...q,
  })
  const topicFilters: Partial<TopicQuery>[] = [
    {},
    { limit: 5, offset: 5 },
    { offset: 580 },
    { status: '转办' },
    { status: '已作废' },
    { status: '已议', channel: '电话' },
    { channel: '微信群', limit: 3 },
    { categoryId: 2 },
    { gridId: 1 },
    { from: '2025-01-01', to: '2025-06-30' },
    { from: '2026-03-01', to: '2026-03-31', status: '不予采纳' },
    { untold: true },
    { overdueRouting: true },
    { search: '电梯' },
    // Searches of each shape (a 1-character range, one gram, a longer text), each shape reused.
    { search: '电' },
    { search: '梯' },
    { search: '楼道' },
    { search: '电梯维修' },
    { search: '王', status: '转办' },
    { search: 'A' },
    { search: '%' },
    { search: '_' },
  ]
  reads = [
    ...topicFilters.map((f): [string, () => Promise<unknown>] => [
      `议题 ${JSON.stringify(f)}`,
      () => listTopics(db, topicQuery(f), NOW),
    ]),
    ['议题数 转办', () => countTopics(db, { status: '转办' }, NOW)],
    ...some(topics).map((id): [string, () => Promise<unknown>] => [`议题 ${id}`, () => getTopic(db, id, NOW)]),
    ...[
      {},
      { status: '逾期' as const },
      { status: '办理中' as const },
      { year: 2025 },
      { year: 2026, status: '已办结' as const },
      { department },
      { search: '道路' },
    ].map((f): [string, () => Promise<unknown>] => [
      `决议 ${JSON.stringify(f)}`,
      () =>
        listResolutions(
          db,
          { status: null, department: null, year: null, search: '', limit: 10, offset: 0, ...f },
          NOW,
        ),
    ]),
    ['决议数 逾期', () => countResolutions(db, { status: '逾期' }, NOW)],
    ...some(resolutions).map((id): [string, () => Promise<unknown>] => [
      `决议 ${id}`,
      () => getResolution(db, id, NOW),
    ]),
    ['待告知 第一页', () => stillToTell(db, { limit: 20, offset: 0 }, NOW)],
    ['待告知 第三页', () => stillToTell(db, { limit: 10, offset: 20 }, NOW)],
    ['会议 一年', () => listMeetings(db, { from: '2025-01-01', to: '2025-12-31' })],
    ['会议 一月', () => listMeetings(db, { from: '2026-10-26', to: '2026-12-06', status: null, kind: null })],
    ['会议 已归档', () => listMeetings(db, { from: '2024-01-01', to: '2026-12-31', status: '已归档' })],
    ['会议 搜索', () => listMeetings(db, { from: '2024-01-01', to: '2026-12-31', search: '议事' })],
    ...some(meetings).map((id): [string, () => Promise<unknown>] => [`会议 ${id}`, () => getMeetingRecord(db, id)]),
    ...some(meetings).flatMap((id): [string, () => Promise<unknown>][] => [
      [`议程 ${id}`, () => getAgenda(db, id)],
      [`出席 ${id}`, () => attendanceOf(db, id)],
      [`纪要 ${id}`, () => getMinutes(db, id)],
    ]),
    ['节假日', async () => (await holidayBook(db)).officeYears],
    ['系列会议', () => seriesScheduledUntil(db, '2027-12-31', '2026-11-20')],
    ...[
      { search: '', limit: 20, offset: 0 },
      { search: '', limit: 15, offset: 30 },
      { search: '', limit: 50, offset: 2990 },
      { search: '王', limit: 20, offset: 0 },
      { search: '张', limit: 20, offset: 40 },
      { search: '1', limit: 20, offset: 0 },
      { search: '1', limit: 20, offset: 200 },
      { search: '号', limit: 10, offset: 0 },
      { search: '低保', limit: 20, offset: 0 },
      { search: '王秀', limit: 20, offset: 0 },
      { search: '王秀英', limit: 20, offset: 0 },
      { search: 'a%', limit: 20, offset: 0 },
    ].map((q): [string, () => Promise<unknown>] => [`居民 ${JSON.stringify(q)}`, () => listResidents(db, q)]),
    ['合伙人', () => listPartners(db, { search: '', kind: null, limit: 20, offset: 0 })],
    ['合伙人 企业 第二页', () => listPartners(db, { search: '', kind: '社会组织', limit: 2, offset: 1 })],
    ['合伙人 页外', () => listPartners(db, { search: '', kind: null, limit: 20, offset: 5000 })],
    ['合伙人 搜索', () => listPartners(db, { search: '物业', kind: null, limit: 20, offset: 0 })],
    ['协议 全部', () => listAgreements(db, { partnerId: null, state: null, search: '' }, NOW)],
    ...some(partners).map((id): [string, () => Promise<unknown>] => [
      `协议 合伙人 ${id}`,
      () => listAgreements(db, { partnerId: id, state: null, search: '' }, NOW),
    ]),
    ...some(partners).map((id): [string, () => Promise<unknown>] => [
      `待到账 ${id}`,
      () => moneyPeriodsOpen(db, id, NOW),
    ]),
    ...[
      { subfundId: null, year: null, direction: null, search: '' },
      { subfundId: 1, year: 2025, direction: null, search: '' },
      { subfundId: null, year: 2026, direction: '支出' as const, search: '' },
      { subfundId: null, year: null, direction: null, search: '慰问' },
    ].map((q): [string, () => Promise<unknown>] => [
      `基金 ${JSON.stringify(q)}`,
      () => listEntries(db, { ...q, limit: 20, offset: 0 }),
    ]),
    ...[
      { year: null, status: null, disputeType: null, search: '' },
      { year: null, status: '进行中' as const, disputeType: '邻里' as const, search: '' },
      { year: 2025, status: null, disputeType: null, search: '' },
      { year: null, status: null, disputeType: null, search: '王', attention: 'visits' as const },
    ].map((q): [string, () => Promise<unknown>] => [
      `调解 ${JSON.stringify(q)}`,
      () => listCases(db, { ...q, limit: 20, offset: 0 }, NOW),
    ]),
    ...some(cases).map((id): [string, () => Promise<unknown>] => [`案件 ${id}`, () => caseDetail(db, id, NOW)]),
    ...contests.flatMap((id): [string, () => Promise<unknown>][] => [
      [`提案 ${id}`, () => listProposals(db, id, { search: '', eligibility: null })],
      [`提案 ${id} 合格`, () => listProposals(db, id, { search: '', eligibility: '合格' })],
    ]),
  ]
}, 120_000)
afterAll(() => t.cleanup())

describe('prepared reads', () => {
  it('answer what the same reads built for each call answer, for varied filters, pages and records', async () => {
    const expected = new Map<string, unknown>()
    for (const [name, read] of reads) expected.set(name, await buildingEveryCall(read))
    // Twice over, in both orders: every shape is reused with values other than those it was built with.
    const warn = vi.spyOn(console, 'warn')
    try {
      for (const order of [reads, [...reads].reverse()]) {
        for (const [name, read] of order) expect(await read(), name).toEqual(expected.get(name))
      }
      // Every statement was compiled once per shape: none fell back to a build per call (the
      // searches included: their patterns and keys are values).
      expect(warn.mock.calls.filter(([m]) => /^prepared:/.test(String(m)))).toEqual([])
    } finally {
      warn.mockRestore()
    }
    // The demo has what the reads look at: the comparison is not of empty lists.
    const filled = [...expected.values()].filter((v) =>
      Array.isArray(v)
        ? v.length > 0
        : typeof v === 'object' && v !== null && 'rows' in v
          ? (v as { rows: unknown[] }).rows.length > 0
          : true,
    )
    expect(filled.length).toBeGreaterThan(reads.length * 0.8)
  })
})
