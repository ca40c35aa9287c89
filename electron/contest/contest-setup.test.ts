import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CRITERIA } from '../../shared/contest-values'
import { createTopic } from '../topics/topic-service'
import { stillToTell } from '../feedback/still-to-tell'
import { createContest, getContest, openScoring, updateContest } from './contest-service'
import { createProposal, ineligibleToTell, listProposals, proposalFromTopic, reviewProposal } from './proposal-service'
import { addJudge, declareRecusal, recusalRecord, recusalSuggestions } from './panel-service'
import { judgeSheet, saveScores } from './scoring-service'
import { addAttachment, listAttachments, readAttachment } from './attachment-service'
import {
  cells,
  contestInput,
  count,
  fail,
  fen,
  NOW,
  proposal,
  readyContest,
  res,
  t,
  useContestDb,
} from '../testing/contest-fixture'

/**
 * The contest against a real SQLite file: set-up and freezing, proposals (from a topic, 资格审查
 * feeding 待告知) and their materials, recusal suggestions from the roster — every bad input
 * refused in Chinese and nothing saved.
 */
useContestDb()

describe('contest set-up', () => {
  it('refuses weights that do not sum to 100, saving nothing', async () => {
    const criteria = DEFAULT_CRITERIA.map((c) => ({ ...c }))
    criteria[0]!.weight = 35
    await fail(createContest(t.db, contestInput({ criteria })), /权重加起来应当是 100，现在是 105/)
    expect(await count('contests')).toBe(0)
  })

  it('prints its rules, and freezes rules and criteria when scoring opens (the database refuses too)', async () => {
    const { id } = await createContest(t.db, contestInput(), NOW)
    const rules = await getContest(t.db, id)
    expect(rules.rulesText.join('\n')).toMatch(/去掉一个最高分和一个最低分/)
    expect(rules.rulesText.join('\n')).toMatch(/受益面/)
    // Before scoring: changes are fine.
    await updateContest(t.db, id, contestInput({ budget: fen(120_000) }))
    const p = await createProposal(t.db, id, proposal({ proposerResidentId: res['李建国']! }))
    await reviewProposal(t.db, p.id, { eligible: true, code: null, note: '' })
    await addJudge(t.db, id, { name: '周教授', kind: '专家', residentId: null, organisation: '' })
    await openScoring(t.db, id, NOW)

    const criteria = DEFAULT_CRITERIA.map((c) => ({ ...c }))
    criteria[0]!.max = 20
    await fail(updateContest(t.db, id, contestInput({ criteria })), /评分已经开始/)
    await expect(sql`update contest_criteria set weight = 40 where contest_id = ${id}`.execute(t.db)).rejects.toThrow(
      /评分已经开始/,
    )
    await expect(sql`update contests set budget = 1 where id = ${id}`.execute(t.db)).rejects.toThrow(/评分已经开始/)
    await fail(createProposal(t.db, id, proposal({ proposerGroup: '银发小组' })), /评分已经开始，不能再新增提案/)
    expect((await getContest(t.db, id)).budget).toBe(fen(120_000))
  })
})

describe('proposals', () => {
  it('turns a resident topic into a proposal with one action, once', async () => {
    const { id } = await createContest(t.db, contestInput(), NOW)
    const category = await t.db.selectFrom('topic_categories').select('id').executeTakeFirstOrThrow()
    const topic = await createTopic(
      t.db,
      {
        receivedAt: null,
        channel: '走访',
        residentId: res['王芳']!,
        gridId: null,
        buildingId: null,
        categoryId: category.id,
        urgency: '一般',
        description: '小区健身器材老旧，希望更换',
        duplicateOfId: null,
      },
      NOW,
    )
    const made = await proposalFromTopic(t.db, id, topic.id, NOW)
    const list = await listProposals(t.db, id, { search: '', eligibility: null })
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ id: made.id, proposer: '王芳', proposerMasked: '王*', fromTopic: true })
    expect(list[0]!.title).toBe('小区健身器材老旧，希望更换')
    await fail(proposalFromTopic(t.db, id, topic.id, NOW), /已经转为提案了/)
    // Without a budget it cannot pass 资格审查.
    await fail(reviewProposal(t.db, made.id, { eligible: true, code: null, note: '' }), /还没有填预算/)
  })

  it('keeps the reason of an ineligible proposal, and the proposer joins 待告知居民', async () => {
    const { id } = await createContest(t.db, contestInput(), NOW)
    const p = await createProposal(t.db, id, proposal({ proposerResidentId: res['赵敏']!, title: '开办收费托管班' }))
    await fail(reviewProposal(t.db, p.id, { eligible: false, code: null, note: '' }), /要选择原因/)
    await reviewProposal(t.db, p.id, { eligible: false, code: 'commercial', note: '' }, NOW)
    const told = await ineligibleToTell(t.db, 10)
    expect(told.total).toBe(1)
    expect(told.rows[0]).toMatchObject({ id: p.id, reason: '属于营利性项目' })
    const list = await stillToTell(t.db, { limit: 20, offset: 0 }, NOW)
    const row = list.rows.find((r) => r.kind === 'proposal')
    expect(row?.message).toMatch(/赵\*.*开办收费托管班.*属于营利性项目/)
    expect(list.total).toBeGreaterThanOrEqual(1)
  })

  it('searches titles, proposers and groups, with % and _ meaning themselves', async () => {
    const { id } = await createContest(t.db, contestInput(), NOW)
    await createProposal(t.db, id, proposal({ proposerGroup: '银发小组', title: '绿化覆盖率提到50%' }))
    await createProposal(t.db, id, proposal({ proposerGroup: '银发小组', title: '500 米健身步道' }))
    await createProposal(t.db, id, proposal({ proposerResidentId: res['赵敏']!, title: '楼道_照明' }))
    const titles = async (search: string) =>
      (await listProposals(t.db, id, { search, eligibility: null })).map((p) => p.title)
    expect(await titles('50%')).toEqual(['绿化覆盖率提到50%'])
    expect(await titles('50')).toEqual(['绿化覆盖率提到50%', '500 米健身步道'])
    expect(await titles('_')).toEqual(['楼道_照明'])
    expect(await titles('赵敏')).toEqual(['楼道_照明'])
    expect(await titles('银发')).toHaveLength(2)
  })
})

describe('the panel and recusal', () => {
  it('suggests recusals from the roster and the proposals; a declared one prints and bars the score', async () => {
    const { id, P, J } = await readyContest()
    const s = await recusalSuggestions(t.db, id)
    const pairs = s.map((x) => [x.judgeName, x.proposalId, x.tie])
    expect(pairs).toContainEqual(['李小梅', P[0], 'household'])
    expect(pairs).toContainEqual(['张伟', P[1], 'building'])
    expect(pairs).toContainEqual(['孙主任', P[2], 'organisation'])
    expect(pairs).toContainEqual(['周教授', P[1], 'drafted'])
    expect(pairs).toHaveLength(4)
    await declareRecusal(t.db, { judgeId: J['李小梅']!, proposalId: P[0]!, tie: 'household', reason: '' }, NOW)
    await fail(
      declareRecusal(t.db, { judgeId: J['李小梅']!, proposalId: P[0]!, tie: 'household', reason: '' }),
      /已经登记过了/,
    )
    expect(await recusalSuggestions(t.db, id)).toHaveLength(3)
    expect((await recusalRecord(t.db, id))[0]).toMatchObject({ judge: '李小梅', reason: '与提案人同一户' })

    await openScoring(t.db, id, NOW)
    const sheet = await judgeSheet(t.db, J['李小梅']!)
    expect(sheet.proposals.find((p) => p.id === P[0])!.recused).toBe(true)
    await fail(saveScores(t.db, J['李小梅']!, cells(sheet.criteria, P[0]!, 8)), /已回避/)
    expect(await count('contest_scores')).toBe(0)
    // Even written around the app, the score cannot exist.
    await saveScores(t.db, J['李小梅']!, cells(sheet.criteria, P[1]!, 8))
    const sheetId = (await t.db.selectFrom('contest_sheets').select('id').executeTakeFirstOrThrow()).id
    await expect(
      sql`insert into contest_scores values (${sheetId}, ${P[0]}, ${sheet.criteria[0]!.id}, 5)`.execute(t.db),
    ).rejects.toThrow(/已回避/)
    // And a recusal after scoring is refused.
    await fail(
      declareRecusal(t.db, { judgeId: J['李小梅']!, proposalId: P[1]!, tie: 'other', reason: '后来发现' }),
      /打过分/,
    )
  })
})

describe('attachments', () => {
  it('keeps a proposal’s materials beside the data file by their fingerprint; 验收材料 only once the project exists', async () => {
    const { id } = await createContest(t.db, contestInput(), NOW)
    const p = (await createProposal(t.db, id, proposal({ proposerGroup: '银发志愿队' }))).id
    const photo = Buffer.from('现场照片').toString('base64')
    await fail(
      addAttachment(t.db, t.ctx.dataFile, {
        proposalId: p,
        purpose: '提案材料',
        fileName: '说明.exe',
        contentBase64: photo,
      }),
      /只能保存照片/,
    )
    await fail(
      addAttachment(t.db, t.ctx.dataFile, {
        proposalId: p,
        purpose: '验收材料',
        fileName: '验收.jpg',
        contentBase64: photo,
      }),
      /还没有立项/,
    )
    const a = await addAttachment(
      t.db,
      t.ctx.dataFile,
      { proposalId: p, purpose: '提案材料', fileName: '现场.jpg', contentBase64: photo },
      NOW,
    )
    const list = await listAttachments(t.db, p)
    expect(list).toMatchObject([
      { id: a.id, purpose: '提案材料', fileName: '现场.jpg', size: Buffer.from('现场照片').length },
    ])
    expect(await readAttachment(t.db, t.ctx.dataFile, a.id)).toEqual({
      fileName: '现场.jpg',
      contentBase64: photo,
      intact: true,
    })
    await expect(sql`delete from contest_attachments`.execute(t.db)).rejects.toThrow(/不能修改或删除/)
  })
})
