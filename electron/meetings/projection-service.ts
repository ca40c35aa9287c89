import { AppError } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import type { Db } from '../database/open-database'
import { inTransaction } from '../database/unit-of-work'
import { getAgenda } from './agenda-service'
import { getMeetingRow } from './meeting-service'

/**
 * What the projector shows. The chair drives it from the main window (→ / ← / space); the state is
 * kept in the data file, so the projector window (a second Electron window, or a second browser
 * page) just polls it and follows within a second, over either transport.
 */
interface ProjectionState {
  meetingId: number | null
  index: number
  /** When the current item's clock last started; null while paused. */
  runningSince: string | null
  /** Seconds already spent on the current item before the last start. */
  elapsedBefore: number
}

const KEY = 'projection'
const IDLE: ProjectionState = { meetingId: null, index: 0, runningSince: null, elapsedBefore: 0 }

async function readState(db: Db): Promise<ProjectionState> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst()
  return row ? { ...IDLE, ...(JSON.parse(row.value) as ProjectionState) } : { ...IDLE }
}

async function writeState(db: Db, state: ProjectionState): Promise<void> {
  const value = JSON.stringify(state)
  await db
    .insertInto('settings')
    .values({ key: KEY, value, updated_at: nowIso() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: nowIso() }))
    .execute()
}

export type ProjectionAction = 'start' | 'next' | 'prev' | 'toggle' | 'goto' | 'stop'

export async function controlProjection(
  db: Db,
  command: { action: ProjectionAction; meetingId?: number; index?: number },
  now = new Date(),
) {
  // Read and written in one transaction: two presses of → at once move two items, not one.
  await inTransaction(db, async (trx) => {
    const state = await readState(trx)
    const restart = (index: number): ProjectionState => ({
      meetingId: state.meetingId,
      index,
      runningSince: now.toISOString(),
      elapsedBefore: 0,
    })
    let next: ProjectionState
    if (command.action === 'stop') next = { ...IDLE }
    else if (command.action === 'start') {
      if (!command.meetingId) throw new AppError('INVALID_INPUT', '请选择要投屏的会议。')
      await getMeetingRow(trx, command.meetingId)
      next = { meetingId: command.meetingId, index: 0, runningSince: now.toISOString(), elapsedBefore: 0 }
    } else {
      if (state.meetingId === null) throw new AppError('NOT_PROJECTING', '现在没有在投屏，请先点“开始投屏”。')
      const { items } = await getAgenda(trx, state.meetingId)
      const last = Math.max(0, items.length - 1)
      if (command.action === 'next') next = state.index >= last ? state : restart(state.index + 1)
      else if (command.action === 'prev') next = state.index <= 0 ? state : restart(state.index - 1)
      else if (command.action === 'goto') next = restart(Math.min(Math.max(0, command.index ?? 0), last))
      else if (state.runningSince) {
        next = {
          ...state,
          runningSince: null,
          elapsedBefore: state.elapsedBefore + secondsSince(state.runningSince, now),
        }
      } else next = { ...state, runningSince: now.toISOString() }
    }
    await writeState(trx, next)
  })
  return projectionView(db, now)
}

const secondsSince = (iso: string, now: Date) => Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 1000))

/** Everything the projector page renders, already computed. */
export async function projectionView(db: Db, now = new Date()) {
  const state = await readState(db)
  if (state.meetingId === null) return { active: false as const }
  const meeting = await getMeetingRow(db, state.meetingId).catch(() => null)
  if (!meeting) return { active: false as const }
  const agenda = await getAgenda(db, state.meetingId)
  const current = agenda.items[state.index] ?? null
  const elapsed = state.elapsedBefore + (state.runningSince ? secondsSince(state.runningSince, now) : 0)
  return {
    active: true as const,
    meetingId: meeting.id,
    title: meeting.title,
    start: meeting.start,
    roomName: meeting.roomName,
    index: state.index,
    total: agenda.items.length,
    running: state.runningSince !== null,
    items: agenda.items.map((i) => ({
      title: i.title,
      type: i.type,
      plannedMinutes: i.plannedMinutes,
      state: i.state,
    })),
    current: current && {
      title: current.title,
      type: current.type,
      presenter: current.presenter,
      plannedMinutes: current.plannedMinutes,
      remainingSeconds: current.plannedMinutes * 60 - elapsed,
      vote: current.vote,
      /** For the 督办通报: which overdue resolutions, and who answers for each. */
      reports: current.reports.map((r) => ({ number: r.number, leadDepartment: r.leadDepartment, dueDate: r.dueDate })),
    },
  }
}
