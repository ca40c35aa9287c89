import type { Db } from '../database/open-database'
import type { AgendaItemsTable } from '../database/schema'

/**
 * Row-level agenda steps shared by the agenda, the topic register (上会) and the overdue report,
 * which would otherwise import each other. Call them inside the caller's transaction.
 */
export interface NewItem {
  title: string
  type: AgendaItemsTable['type']
  presenter: string
  plannedMinutes: number
  carriedFromId?: number | null
  topicId?: number | null
  isReport?: boolean
}

/** Puts an item at the end of a meeting's agenda, with no vote yet. */
export async function appendItem(trx: Db, meetingId: number, item: NewItem): Promise<number> {
  const last = await trx
    .selectFrom('agenda_items')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst()
  const row = await trx
    .insertInto('agenda_items')
    .values({
      meeting_id: meetingId,
      position: Number(last?.p ?? 0) + 1,
      title: item.title,
      type: item.type,
      presenter: item.presenter,
      planned_minutes: item.plannedMinutes,
      carried_from_id: item.carriedFromId ?? null,
      topic_id: item.topicId ?? null,
      is_report: item.isReport ? 1 : 0,
      votes_for: null,
      votes_against: null,
      votes_abstain: null,
      votes_eligible: null,
      pass_rule: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Numbers a meeting's items 1..n again after one was taken out. */
export async function renumber(trx: Db, meetingId: number): Promise<void> {
  const ids = await trx
    .selectFrom('agenda_items')
    .select('id')
    .where('meeting_id', '=', meetingId)
    .orderBy('position')
    .execute()
  for (const [k, r] of ids.entries()) {
    await trx
      .updateTable('agenda_items')
      .set({ position: k + 1 })
      .where('id', '=', r.id)
      .execute()
  }
}
