import type { Db } from '../database/open-database'
import { inTransaction, type Trx } from '../database/unit-of-work'

/**
 * What other modules may want to follow on a meeting's agenda, without the meetings module
 * knowing them (a module imports another only one way round; topics depend on meetings). A
 * listener runs inside the same transaction as the change, so it commits or fails with it.
 * Topics register theirs where they are defined (topics/topic-service.ts, topics/overdue-report.ts).
 */
export interface AgendaItemChange {
  item: { id: number; topic_id: number | null }
  change: 'decided' | 'reopened' | 'removed'
}
/** Meetings were created, moved, ended or changed status: what hangs on "the next meeting" may move. */
export type MeetingChange = Record<string, never>

type Listener<E> = (trx: Db, event: E) => Promise<void>

const itemListeners: Array<Listener<AgendaItemChange>> = []
const meetingListeners: Array<Listener<MeetingChange>> = []

export function onAgendaItemChange(listener: Listener<AgendaItemChange>): void {
  if (!itemListeners.includes(listener)) itemListeners.push(listener)
}

export function onMeetingChange(listener: Listener<MeetingChange>): void {
  if (!meetingListeners.includes(listener)) meetingListeners.push(listener)
}

export async function agendaItemChanged(trx: Db, event: AgendaItemChange): Promise<void> {
  for (const listener of itemListeners) await listener(trx, event)
}

export async function meetingChanged(trx: Db, event: MeetingChange): Promise<void> {
  for (const listener of meetingListeners) await listener(trx, event)
}

/**
 * A unit of work that adds, moves or changes the status of meetings: when it has done its work,
 * the listeners follow (the next meeting's 督办通报, say), in the same transaction.
 */
export function changingMeetings<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  return inTransaction(db, async (trx) => {
    const result = await work(trx)
    await meetingChanged(trx, {})
    return result
  })
}
