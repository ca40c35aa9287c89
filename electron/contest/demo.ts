import type { Insertable } from 'kysely'
import {
  DEFAULT_CRITERIA,
  DEFAULT_TIE_CHAIN,
  INELIGIBLE_REASONS,
  type IneligibleReason,
} from '../../shared/contest-values'
import { addDays } from '../../shared/dates'
import type { Db } from '../database/open-database'
import type { ContestProposalsTable, ContestScoresTable } from '../database/schema'
import { inTransaction } from '../database/unit-of-work'
import { made, type DemoContext } from '../demo/context'
import { insertChunks } from '../demo/insert-chunks'
import { rng } from '../demo/random'
import { computeResults } from './results-service'

/**
 * The contest's part of the demo community: `contests` yearly contests up to `endYear`, each with
 * `contestProposals` proposals from the roster's residents (some from resident groups), about one in
 * ten found ineligible with a reason, `contestJudges` judges (a third of them resident
 * representatives, recused from proposals of their own building), every judge's sheet submitted
 * (some from paper), and scores drawn from each proposal's quality plus each judge's leniency. A
 * contest whose 公示 period is over is final, its funded proposals are projects, and in past years
 * about two thirds of them are accepted (验收) — so the implementation rate and the awards on the
 * home page come out of the records. Its own dice, so other modules' demos do not change it.
 */
const EXPERTS = ['周明华', '吴晓东', '郑丽娟', '冯建平', '陈思远', '褚国强', '卫红梅', '蒋文斌', '沈玉兰', '韩志刚']
const TITLES = [
  '楼道加装扶手',
  '口袋公园改造',
  '长者助餐点',
  '儿童四点半课堂',
  '非机动车充电棚',
  '垃圾分类督导',
  '屋顶花园',
  '邻里共享工具屋',
  '健身器材更新',
  '楼道照明改造',
  '社区图书角',
  '雨水花园',
  '无障碍坡道',
  '宠物友好公约',
  '停车秩序微改造',
]

export async function contestDemo(db: Db, ctx: DemoContext): Promise<void> {
  const o = ctx.options
  if (o.contests <= 0 || o.contestProposals <= 0) return
  const r = rng((o.seed ^ 0x1badb002) >>> 0)
  const residentIds = made(ctx, 'residentIds', '居民名册')
  const residents = await db.selectFrom('residents').select(['id', 'name', 'building_id']).execute()
  const nameOf = new Map(residents.map((x) => [x.id, x.name]))
  const buildingOf = new Map(residents.map((x) => [x.id, x.building_id]))
  ctx.log(`提案大赛：${o.contests} 届，每届 ${o.contestProposals} 个提案、${o.contestJudges} 位评委…`)

  const subfund =
    (await db.selectFrom('fund_subfunds').select('id').where('name', '=', '社区微更新').executeTakeFirst()) ??
    (await db
      .insertInto('fund_subfunds')
      .values({ name: '提案大赛专项', restriction: '限定性', purpose: '社区提案大赛获资助项目', created_at: ctx.at })
      .returning('id')
      .executeTakeFirstOrThrow())

  const summary = { contests: 0, proposals: 0, eligible: 0, scores: 0, projects: 0, accepted: 0 }
  for (let y = o.endYear - o.contests + 1; y <= o.endYear; y++) {
    const published = `${y}-05-01`
    const final = addDays(published, 7) <= o.today
    await inTransaction(db, async (trx) => {
      const contest = await trx
        .insertInto('contests')
        .values({
          year: y,
          name: '社区提案大赛',
          budget: 150_000_000,
          cap: 5_000_000,
          trim_from: 5,
          min_score: 700,
          priority_position: 2,
          tie_chain: JSON.stringify(DEFAULT_TIE_CHAIN),
          funding_rule: 'greedySkip',
          objection_days: 7,
          objection_place: '社区居委会一楼服务大厅',
          phases: JSON.stringify({
            征集: { start: `${y}-03-01`, end: `${y}-03-31` },
            资格审查: { start: `${y}-04-01`, end: `${y}-04-10` },
            评审: { start: `${y}-04-11`, end: `${y}-04-30` },
            公示: { start: published, end: addDays(published, 6) },
            实施: { start: `${y}-05-10`, end: `${y}-11-30` },
            结项: { start: `${y}-12-01`, end: `${y}-12-31` },
          }),
          // Opened, closed, published (and final) once the criteria are in: the database freezes them.
          scoring_opened_at: null,
          scoring_closed_at: null,
          published_on: null,
          final_at: null,
          created_at: `${y}-02-20T02:00:00.000Z`,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const criteria = []
      for (const [position, c] of DEFAULT_CRITERIA.entries()) {
        criteria.push(
          await trx
            .insertInto('contest_criteria')
            .values({
              contest_id: contest.id,
              position,
              name: c.name,
              weight: c.weight,
              max_score: c.max,
              description: c.description,
              levels: '[]',
            })
            .returning(['id', 'max_score'])
            .executeTakeFirstOrThrow(),
        )
      }
      await trx
        .updateTable('contests')
        .set({
          scoring_opened_at: `${y}-04-11T01:00:00.000Z`,
          scoring_closed_at: `${y}-04-30T10:00:00.000Z`,
          published_on: published,
          final_at: final ? `${addDays(published, 8)}T02:00:00.000Z` : null,
        })
        .where('id', '=', contest.id)
        .execute()
      const reasons = Object.keys(INELIGIBLE_REASONS).filter((k) => k !== 'other') as IneligibleReason[]
      const rows: Insertable<ContestProposalsTable>[] = []
      for (let s = 1; s <= o.contestProposals; s++) {
        const group = r.chance(0.15)
        const eligible = r.chance(0.9)
        const request = r.int(50, 600) * 10_000
        rows.push({
          contest_id: contest.id,
          seq: s,
          proposer_resident_id: group ? null : r.pick(residentIds),
          proposer_group: group
            ? `第${r.int(1, 6)}网格${r.pick(['居民小组', '志愿者队', '老年协会', '妈妈互助会'])}`
            : '',
          title: `${r.pick(TITLES)}（${s}）`,
          problem: '居民反映的问题',
          plan: '实施方案',
          beneficiaries: '',
          beneficiary_count: r.int(30, 800),
          budget_lines: JSON.stringify([{ item: '材料与施工', amount: request }]),
          request,
          min_viable: 0,
          topic_id: null,
          eligibility: eligible ? '合格' : '不合格',
          ineligible_code: eligible ? null : r.pick(reasons),
          reviewed_at: `${y}-04-08T02:00:00.000Z`,
          // Past contests' proposers were told long ago; this year's may still be waiting.
          told_at: eligible || y < o.endYear ? `${y}-04-12T02:00:00.000Z` : null,
          created_at: `${y}-03-15T02:00:00.000Z`,
        })
      }
      await insertChunks(trx, 'contest_proposals', rows)
      const proposals = await trx
        .selectFrom('contest_proposals')
        .select(['id', 'proposer_resident_id', 'eligibility'])
        .where('contest_id', '=', contest.id)
        .orderBy('seq')
        .execute()
      const scored = proposals.filter((p) => p.eligibility === '合格')

      const residentsJudging = Math.floor(o.contestJudges / 3)
      const judges: { id: number; bias: number; building: number | null }[] = []
      const names = new Set<string>(EXPERTS)
      for (let j = 0; j < o.contestJudges; j++) {
        let residentId = j < residentsJudging ? r.pick(residentIds) : null
        // Resident representatives are residents of the roster, under their own (distinct) names.
        while (residentId !== null && names.has(nameOf.get(residentId)!)) residentId = r.pick(residentIds)
        if (residentId !== null) names.add(nameOf.get(residentId)!)
        const row = await trx
          .insertInto('contest_judges')
          .values({
            contest_id: contest.id,
            name: residentId === null ? (EXPERTS[j - residentsJudging] ?? `评委${j + 1}`) : nameOf.get(residentId)!,
            kind: residentId === null ? '专家' : '居民代表',
            resident_id: residentId,
            organisation: '',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        judges.push({
          id: row.id,
          bias: r.int(-6, 6),
          building: residentId === null ? null : buildingOf.get(residentId)!,
        })
      }
      const recusals = []
      for (const j of judges) {
        if (j.building === null) continue
        for (const p of scored) {
          if (p.proposer_resident_id !== null && buildingOf.get(p.proposer_resident_id) === j.building) {
            recusals.push({
              judge_id: j.id,
              proposal_id: p.id,
              tie: 'building',
              reason: '与提案人同一楼栋',
              declared_at: `${y}-04-10T02:00:00.000Z`,
            })
          }
        }
      }
      if (recusals.length) await insertChunks(trx, 'contest_recusals', recusals)
      const recused = new Set(recusals.map((x) => `${x.judge_id}:${x.proposal_id}`))
      const quality = new Map(scored.map((p) => [p.id, r.int(50, 95)]))
      const scores: Insertable<ContestScoresTable>[] = []
      for (const [k, j] of judges.entries()) {
        const sheet = await trx
          .insertInto('contest_sheets')
          .values({ judge_id: j.id, mode: k % 4 === 3 ? '纸质' : '现场', submitted_at: null })
          .returning('id')
          .executeTakeFirstOrThrow()
        for (const p of scored) {
          if (recused.has(`${j.id}:${p.id}`)) continue
          for (const c of criteria) {
            const raw = (quality.get(p.id)! + j.bias + (r.next() - 0.5) * 16) / 10
            scores.push({
              sheet_id: sheet.id,
              proposal_id: p.id,
              criterion_id: c.id,
              score: Math.max(0, Math.min(c.max_score, Math.round(raw))),
            })
          }
        }
      }
      await insertChunks(trx, 'contest_scores', scores)
      await trx
        .updateTable('contest_sheets')
        .set({ submitted_at: `${y}-04-28T10:00:00.000Z` })
        .where(
          'judge_id',
          'in',
          judges.map((j) => j.id),
        )
        .execute()
      summary.scores += scores.length

      if (final) {
        const results = await computeResults(trx, contest.id)
        const funded = results.rows.filter((x) => x.funded)
        for (const f of funded) {
          const accepted = y < o.endYear && r.chance(0.66)
          const project = await trx
            .insertInto('contest_projects')
            .values({
              proposal_id: f.id,
              award: f.award,
              subfund_id: subfund.id,
              responsible: f.proposer,
              proposer_role: '提案人参与实施',
              started_on: `${y}-05-15`,
              accepted_on: accepted ? `${y}-11-${String(r.int(10, 28)).padStart(2, '0')}` : null,
              acceptance_note: accepted ? '现场验收合格，照片和发票已存档' : '',
              created_at: `${y}-05-15T02:00:00.000Z`,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
          await trx
            .insertInto('contest_milestones')
            .values([
              {
                project_id: project.id,
                title: '方案细化和采购',
                due_on: `${y}-06-30`,
                done_on: y < o.endYear ? `${y}-06-28` : null,
              },
              {
                project_id: project.id,
                title: '施工和布置',
                due_on: `${y}-10-31`,
                done_on: accepted ? `${y}-10-30` : null,
              },
            ])
            .execute()
          summary.projects++
          if (accepted) summary.accepted++
        }
      }
      summary.contests++
      summary.proposals += proposals.length
      summary.eligible += scored.length
    })
  }
  ctx.summary.contest = summary
}
