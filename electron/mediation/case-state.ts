import { AppError, notFound } from '../../shared/app-error'
import { ENDED_STATES, type CaseState } from '../../shared/mediation-values'
import type { Db } from '../database/open-database'
import type { Trx } from '../database/unit-of-work'

/**
 * What every step of a case starts from: the live case (or 调解案件 not found), the refusal to
 * change a case that has ended or been archived, and the state a step moves it to.
 */

export async function liveCase(db: Db, id: number) {
  const c = await db.selectFrom('mediation_cases').selectAll().where('id', '=', id).executeTakeFirst()
  if (!c) throw notFound('调解案件')
  return c
}

export function refuseIfClosed(state: CaseState, what: string) {
  if (state === '归档') throw new AppError('ARCHIVED', `案件已归档，不能再${what}。`)
  if (ENDED_STATES.includes(state)) throw new AppError('ENDED', `案件已${state}，不能再${what}。`)
}

export async function setStatus(trx: Trx | Db, caseId: number, status: CaseState, now: string): Promise<void> {
  await trx.updateTable('mediation_cases').set({ status, updated_at: now }).where('id', '=', caseId).execute()
}
