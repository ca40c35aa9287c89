import { officeDateTime } from '../../shared/time'
import type { Db } from '../database/open-database'

/** What the residents who raised a topic were told, for the topic's page (the feedback module writes it). */
export async function feedbackOfTopic(db: Db, topicId: number) {
  const rows = await db
    .selectFrom('feedback')
    .select(['id', 'channel', 'told_at', 'content', 'satisfaction'])
    .where('topic_id', '=', topicId)
    .orderBy('told_at')
    .execute()
  return rows.map((f) => ({
    id: f.id,
    channel: f.channel,
    toldAt: officeDateTime(f.told_at),
    content: f.content,
    satisfaction: f.satisfaction,
  }))
}
