import type { ExpressionBuilder } from 'kysely'
import type { Database } from '../database/schema'
import type { ReminderClock } from '../registry/module'
import { AppError, notFound } from '../../shared/app-error'
import { nowIso, officeDate } from '../../shared/time'
import { audit } from '../database/audit'
import type { Db } from '../database/open-database'
import { attentionFilter, type Attention } from './case-reads'
import { liveCase } from './case-service'

/**
 * 回访 (follow-up visits planned from the clauses' due dates, recorded with performance,
 * satisfaction, any lawsuit and any sign of escalation) and 激化苗头 (signs of escalation: one
 * action from any case, on the home page until resolved, counted toward 防止民转刑).
 */

export interface VisitInput {
  visitId: number
  doneOn: string
  visitor: string
  partyId: number | null
  performance: string
  satisfaction: string
  lawsuit: string
  escalationSigns: string
  measures: string
}

export async function recordVisit(db: Db, input: VisitInput, now = nowIso()): Promise<void> {
  const v = await db.selectFrom('mediation_visits').selectAll().where('id', '=', input.visitId).executeTakeFirst()
  if (!v) throw notFound('回访计划')
  const c = await liveCase(db, v.case_id)
  if (c.status === '归档') throw new AppError('ARCHIVED', '案件已归档，不能再修改回访记录。')
  if (input.doneOn < c.accepted_on) throw new AppError('VALIDATION', `回访日期不能早于受理日期 ${c.accepted_on}。`)
  if (input.doneOn > officeDate(now)) throw new AppError('VALIDATION', '回访日期不能晚于今天。')
  if (!input.visitor.trim()) throw new AppError('VALIDATION', '请填写回访人。')
  if (!input.performance.trim()) throw new AppError('VALIDATION', '请填写履行情况。')
  if (input.escalationSigns.trim() && !input.measures.trim()) {
    throw new AppError('VALIDATION', '发现了激化迹象，请写明采取的措施。')
  }
  await db
    .updateTable('mediation_visits')
    .set({
      done_on: input.doneOn,
      visitor: input.visitor.trim(),
      party_id: input.partyId,
      performance: input.performance.trim(),
      satisfaction: input.satisfaction.trim(),
      lawsuit: input.lawsuit.trim(),
      escalation_signs: input.escalationSigns.trim(),
      measures: input.measures.trim(),
    })
    .where('id', '=', v.id)
    .execute()
  await audit(db, '修改', 'mediation_visit', v.id, { doneOn: input.doneOn })
}

/** An extra visit planned by hand. */
export async function planVisit(db: Db, input: { caseId: number; plannedOn: string; reason: string }, now = nowIso()) {
  const c = await liveCase(db, input.caseId)
  if (input.plannedOn < c.accepted_on) throw new AppError('VALIDATION', `回访日期不能早于受理日期 ${c.accepted_on}。`)
  const { id } = await db
    .insertInto('mediation_visits')
    .values({
      case_id: c.id,
      planned_on: input.plannedOn,
      reason: input.reason.trim() || '回访',
      done_on: null,
      party_id: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await audit(db, '新增', 'mediation_visit', id, { caseId: c.id })
  return { id }
}

/** 激化苗头: the signs and the measures, and how many people would have been involved. */
export async function raiseAlert(
  db: Db,
  input: { caseId: number; foundOn: string | null; signs: string; measures: string; people: number },
  now = nowIso(),
): Promise<{ id: number }> {
  const c = await liveCase(db, input.caseId)
  const on = input.foundOn ?? officeDate(now)
  if (!input.signs.trim()) throw new AppError('VALIDATION', '请写明发现的激化苗头（如：扬言报复、准备聚集）。')
  if (!input.measures.trim()) throw new AppError('VALIDATION', '请写明采取的预防措施。')
  if (on < c.accepted_on) throw new AppError('VALIDATION', `发现日期不能早于受理日期 ${c.accepted_on}。`)
  const { id } = await db
    .insertInto('mediation_alerts')
    .values({
      case_id: c.id,
      found_on: on,
      signs: input.signs.trim(),
      measures: input.measures.trim(),
      people: input.people,
      resolved_on: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await audit(db, '新增', 'mediation_alert', id, { caseId: c.id })
  return { id }
}

export async function resolveAlert(
  db: Db,
  input: { alertId: number; resolution: string; on: string | null },
  now = nowIso(),
) {
  const a = await db.selectFrom('mediation_alerts').selectAll().where('id', '=', input.alertId).executeTakeFirst()
  if (!a) throw notFound('激化苗头')
  if (a.resolved_on) throw new AppError('STATE', '这条激化苗头已经化解了。')
  if (!input.resolution.trim()) throw new AppError('VALIDATION', '请写明怎样化解的。')
  const on = input.on ?? officeDate(now)
  if (on < a.found_on) throw new AppError('VALIDATION', `化解日期不能早于发现日期 ${a.found_on}。`)
  await db
    .updateTable('mediation_alerts')
    .set({ resolved_on: on, resolution: input.resolution.trim() })
    .where('id', '=', a.id)
    .execute()
  await audit(db, '修改', 'mediation_alert', a.id, { resolvedOn: on })
}

/**
 * The home page: cases with an open 激化苗头 (first: they stay on top until resolved), with a
 * follow-up visit due, with a clause past its date — counted with the list's own filter.
 */
export function mediationReminders(eb: ExpressionBuilder<Database, never>, { today }: ReminderClock) {
  // The case list's own attention filter, counted as a scalar subquery of the home page's one statement.
  const countOf = (attention: Attention) =>
    eb
      .selectFrom('mediation_cases')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('id', 'in', attentionFilter(eb, attention, today))
      .$asScalar()
  return {
    mediationAlerts: countOf('alerts'),
    mediationVisitsDue: countOf('visits'),
    mediationClausesOverdue: countOf('clauses'),
  }
}
