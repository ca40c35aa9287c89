import type { Db } from '../database/open-database'

/**
 * A topic's answer (answered_at) is what puts its reporter on 待告知居民; told_at says the answer
 * reached them. A duplicate (duplicate_of_id) that has no path of its own — still 征集中 or 已采纳,
 * neither routed, declined nor put on an agenda — is answered by its original: whenever the
 * original's answer changes, so does the duplicate's, and its reporter is owed the news separately
 * (telling the first reporter tells nobody else). An anonymous duplicate has nobody to tell apart
 * from the notice the original already gets, so it does not follow. Every write of answered_at goes
 * through here.
 */
export const WAITING_ON_ORIGINAL = ['征集中', '已采纳'] as const

/** Sets (or clears, with null) the answer of these topics, and carries it to their duplicates. */
export async function setTopicAnswer(trx: Db, topicIds: number[], answeredAt: string | null, now: string) {
  if (topicIds.length === 0) return
  await trx
    .updateTable('topics')
    .set({ answered_at: answeredAt, told_at: null, updated_at: now })
    .where('id', 'in', topicIds)
    .execute()
  await followOriginals(trx, topicIds, now)
}

/**
 * Brings the duplicates of these originals in step with them (idempotent). A duplicate whose answer
 * changes is owed the news again (told_at cleared); one already in step is left alone.
 */
export async function followOriginals(trx: Db, originalIds: number[], now: string, seen = new Set<number>()) {
  const ids = originalIds.filter((id) => !seen.has(id))
  if (ids.length === 0) return
  for (const id of ids) seen.add(id)
  const duplicates = await trx
    .selectFrom('topics as d')
    .innerJoin('topics as o', 'o.id', 'd.duplicate_of_id')
    .select(['d.id', 'd.answered_at', 'o.answered_at as originalAnswer'])
    .where('d.duplicate_of_id', 'in', ids)
    .where('d.status', 'in', WAITING_ON_ORIGINAL)
    .where('d.resident_id', 'is not', null)
    .execute()
  const changed: number[] = []
  for (const d of duplicates) {
    if (d.answered_at === d.originalAnswer) continue
    await trx
      .updateTable('topics')
      .set({ answered_at: d.originalAnswer, told_at: null, updated_at: now })
      .where('id', '=', d.id)
      .execute()
    changed.push(d.id)
  }
  // A duplicate of a duplicate follows the chain.
  await followOriginals(trx, changed, now, seen)
}

/**
 * After a topic was marked (or unmarked) as a duplicate, or its reporter changed: a waiting duplicate
 * with a reporter takes its original's answer; any other waiting topic has no answer of its own.
 */
export async function followOwnOriginal(trx: Db, topicId: number, now: string) {
  const t = await trx
    .selectFrom('topics as t')
    .leftJoin('topics as o', 'o.id', 't.duplicate_of_id')
    .select(['t.status', 't.resident_id', 't.answered_at', 'o.answered_at as originalAnswer'])
    .where('t.id', '=', topicId)
    .executeTakeFirst()
  if (!t || !(WAITING_ON_ORIGINAL as readonly string[]).includes(t.status)) return
  const answer = t.resident_id === null ? null : (t.originalAnswer ?? null)
  if (t.answered_at === answer) return
  await setTopicAnswer(trx, [topicId], answer, now)
}
