import { AppError } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import type { Db } from '../database/open-database'
import { inTransaction } from '../database/unit-of-work'
import { contestRow } from './contest-service'
import { proposalNumber, proposerMasked } from './proposal-service'
import { computeResults } from './results-service'

/**
 * The 路演 evening on the projector (the meetings' projection window shows this whenever no meeting
 * is on it): the current proposal — title, proposer masked, request, photo — while proposers
 * present, and after the panel closes the results board. Kept in the data file like the meetings'
 * projection, so the projector window just polls it.
 */
interface State {
  contestId: number | null
  proposalId: number | null
  board: boolean
}
const KEY = 'contest-projection'
const IDLE: State = { contestId: null, proposalId: null, board: false }

async function readState(db: Db): Promise<State> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst()
  return row ? { ...IDLE, ...(JSON.parse(row.value) as State) } : { ...IDLE }
}

async function eligible(db: Db, contestId: number) {
  return db
    .selectFrom('contest_proposals')
    .select(['id', 'seq', 'title', 'request', 'photo', 'proposer_resident_id', 'proposer_group'])
    .where('contest_id', '=', contestId)
    .where('eligibility', '=', '合格')
    .orderBy('seq')
    .execute()
}

export type ContestProjectionAction = 'show' | 'next' | 'prev' | 'board' | 'stop'

export async function controlContestProjection(
  db: Db,
  command: { action: ContestProjectionAction; contestId: number; proposalId?: number },
) {
  await inTransaction(db, async (trx) => {
    const state = await readState(trx)
    let next: State
    if (command.action === 'stop') next = { ...IDLE }
    else {
      const c = await contestRow(trx, command.contestId)
      const list = await eligible(trx, c.id)
      if (command.action === 'board') {
        if (!c.scoring_closed_at) throw new AppError('NOT_READY', '评分结束后才能投屏评审结果。')
        next = { contestId: c.id, proposalId: null, board: true }
      } else if (command.action === 'show') {
        const p = list.find((x) => x.id === command.proposalId) ?? list[0]
        if (!p) throw new AppError('NOT_READY', '还没有通过资格审查的提案可以投屏。')
        next = { contestId: c.id, proposalId: p.id, board: false }
      } else {
        const at = list.findIndex((x) => x.id === state.proposalId)
        if (state.contestId !== c.id || at < 0)
          throw new AppError('NOT_PROJECTING', '现在没有在投屏提案，请先点某个提案的“投屏”。')
        const to = Math.min(list.length - 1, Math.max(0, at + (command.action === 'next' ? 1 : -1)))
        next = { ...state, proposalId: list[to]!.id }
      }
    }
    const value = JSON.stringify(next)
    await trx
      .insertInto('settings')
      .values({ key: KEY, value, updated_at: nowIso() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: nowIso() }))
      .execute()
  })
  return contestProjectionView(db)
}

export async function contestProjectionView(db: Db) {
  const state = await readState(db)
  if (state.contestId === null) return { active: false as const }
  const c = await db.selectFrom('contests').selectAll().where('id', '=', state.contestId).executeTakeFirst()
  if (!c) return { active: false as const }
  const heading = `${c.year}年${c.name}`
  if (state.board) {
    const r = await computeResults(db, c.id)
    return {
      active: true as const,
      kind: 'board' as const,
      heading,
      rows: r.rows
        .filter((x) => x.rank !== null)
        .map((x) => ({
          rank: x.rank!,
          number: x.number,
          title: x.title,
          proposer: x.proposerMasked,
          score: x.score.toFixed(2),
          award: x.funded ? x.award : null,
        })),
    }
  }
  const list = await eligible(db, c.id)
  const at = list.findIndex((x) => x.id === state.proposalId)
  const p = list[at]
  if (!p) return { active: false as const }
  const person = p.proposer_resident_id
    ? await db.selectFrom('residents').select('name').where('id', '=', p.proposer_resident_id).executeTakeFirst()
    : null
  return {
    active: true as const,
    kind: 'proposal' as const,
    heading,
    index: at,
    total: list.length,
    number: proposalNumber(c.year, p.seq),
    title: p.title,
    proposer: proposerMasked(person?.name ?? null, p.proposer_group),
    request: p.request,
    photo: p.photo,
  }
}
