import { notFound } from '../../shared/app-error'
import type { Db } from '../database/open-database'

/**
 * One topic as another module takes it over (a mediation case opened from a resident's dispute):
 * who raised it, what it says, its category's name. Topics know nothing of the modules that read it.
 */
export async function topicForMediation(db: Db, id: number) {
  const t = await db
    .selectFrom('topics as t')
    .innerJoin('topic_categories as c', 'c.id', 't.category_id')
    .select([
      't.id',
      't.resident_id as residentId',
      't.description',
      't.received_on as receivedOn',
      'c.name as categoryName',
    ])
    .where('t.id', '=', id)
    .where('t.voided_at', 'is', null)
    .executeTakeFirst()
  if (!t) throw notFound('议题')
  return t
}
