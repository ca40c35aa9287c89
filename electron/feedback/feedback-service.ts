import { AppError, notFound } from '../../shared/app-error'
import { nowIso, officeLocalToUtc } from '../../shared/time'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { inTransaction } from '../database/unit-of-work'
import { DONE_RESOLUTION, type FeedbackChannel, type Satisfaction } from '../../shared/followup-values'

/**
 * 反馈: how an answer reached the resident (公告栏, 微信群, 电话, 上门), when, what was said, and
 * how satisfied they were. Telling counts only at or after the answer: a note that the office
 * "has received it" is recorded, but the resident is still owed the answer itself.
 */
export type FeedbackTarget =
  { resolutionId: number; topicId?: undefined } | { topicId: number; resolutionId?: undefined }

export interface FeedbackInput {
  channel: FeedbackChannel
  /** Office-local 'YYYY-MM-DDTHH:mm'; null = now. */
  toldAt: string | null
  content: string
  satisfaction: Satisfaction | null
}

const EARLY_ENTRY_MS = 5 * 60_000

function toldInstant(toldAt: string | null, now: string, notBefore: string, what: string): string {
  const at = toldAt === null ? now : officeLocalToUtc(toldAt)
  if (Date.parse(at) > Date.parse(now) + EARLY_ENTRY_MS)
    throw new AppError('INVALID_INPUT', '「反馈时间」不能晚于现在。')
  if (at < notBefore) throw new AppError('INVALID_INPUT', `「反馈时间」不能早于${what}。`)
  return at
}

const NOT_ANSWERED_RESOLUTION = '决议还没有办结，居民还不能评价结果。请在办结并反馈之后再记录满意度。'
const NOT_ANSWERED_TOPIC = '这个议题还没有答复结果，居民还不能评价。请在答复并反馈之后再记录满意度。'

export async function addFeedback(
  db: Db,
  target: FeedbackTarget,
  input: FeedbackInput,
  now = nowIso(),
): Promise<{ id: number }> {
  if (target.resolutionId !== undefined) return resolutionFeedback(db, target.resolutionId, input, now)
  return topicFeedback(db, target.topicId, input, now)
}

async function resolutionFeedback(db: Db, id: number, input: FeedbackInput, now: string) {
  return inTransaction(db, async (trx) => {
    const r = await trx.selectFrom('resolutions').selectAll().where('id', '=', id).executeTakeFirst()
    if (!r) throw notFound('决议')
    if (r.status === '已撤销') throw new AppError('LOCKED', '决议已撤销，不需要再反馈。')
    const at = toldInstant(input.toldAt, now, r.decided_at, '决议作出的时间')
    const answered = r.completed_at !== null && at >= r.completed_at
    if (input.satisfaction !== null && !answered) throw new AppError('NOT_ANSWERED', NOT_ANSWERED_RESOLUTION)
    const row = await trx
      .insertInto('feedback')
      .values({
        resolution_id: id,
        topic_id: null,
        channel: input.channel,
        told_at: at,
        content: input.content,
        satisfaction: input.satisfaction,
        rated_at: input.satisfaction ? now : null,
        recorded_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (answered) {
      const status = input.satisfaction || r.status === '已评价' ? '已评价' : '已反馈'
      await trx.updateTable('resolutions').set({ status, updated_at: now }).where('id', '=', id).execute()
      // Telling about the resolution tells the residents whose topics it answers.
      await trx
        .updateTable('topics')
        .set({ told_at: at, updated_at: now })
        .where('told_at', 'is', null)
        .where('answered_at', 'is not', null)
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('agenda_items')
            .select('topic_id')
            .where('id', '=', r.agenda_item_id)
            .where('topic_id', 'is not', null)
            .$narrowType<{ topic_id: number }>(),
        )
        .execute()
    }
    await audit(trx, '新增', '决议反馈', id, { channel: input.channel, satisfaction: input.satisfaction })
    return { id: row.id }
  })
}

async function topicFeedback(db: Db, id: number, input: FeedbackInput, now: string) {
  return inTransaction(db, async (trx) => {
    const t = await trx.selectFrom('topics').selectAll().where('id', '=', id).executeTakeFirst()
    if (!t) throw notFound('议题')
    if (t.voided_at) throw new AppError('VOIDED', '这个议题已作废（登记错了），不需要告知居民。')
    const at = toldInstant(input.toldAt, now, t.received_at, '收到议题的时间')
    const answered = t.answered_at !== null && at >= t.answered_at
    if (input.satisfaction !== null && !answered) throw new AppError('NOT_ANSWERED', NOT_ANSWERED_TOPIC)
    const row = await trx
      .insertInto('feedback')
      .values({
        resolution_id: null,
        topic_id: id,
        channel: input.channel,
        told_at: at,
        content: input.content,
        satisfaction: input.satisfaction,
        rated_at: input.satisfaction ? now : null,
        recorded_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (answered && t.told_at === null) {
      await trx.updateTable('topics').set({ told_at: at, updated_at: now }).where('id', '=', id).execute()
    }
    await audit(trx, '新增', '议题反馈', id, { channel: input.channel, satisfaction: input.satisfaction })
    return { id: row.id }
  })
}

/**
 * Records the resident's satisfaction on the latest feedback given after the answer. There must be
 * such a feedback: satisfaction with nothing told is not a record of anything.
 */
export async function rate(db: Db, target: FeedbackTarget, satisfaction: Satisfaction, now = nowIso()): Promise<void> {
  const isResolution = target.resolutionId !== undefined
  await inTransaction(db, async (trx) => {
    const answeredAt = isResolution
      ? (
          await trx
            .selectFrom('resolutions')
            .select(['completed_at', 'status'])
            .where('id', '=', target.resolutionId)
            .executeTakeFirst()
            .then((r) => {
              if (!r) throw notFound('决议')
              return r
            })
        ).completed_at
      : (
          await trx
            .selectFrom('topics')
            .select('answered_at')
            .where('id', '=', target.topicId!)
            .executeTakeFirst()
            .then((t) => {
              if (!t) throw notFound('议题')
              return t
            })
        ).answered_at
    let q = trx.selectFrom('feedback').select(['id', 'told_at'])
    q = isResolution ? q.where('resolution_id', '=', target.resolutionId!) : q.where('topic_id', '=', target.topicId!)
    const latest = await q.orderBy('told_at', 'desc').orderBy('id', 'desc').executeTakeFirst()
    if (!latest) {
      throw new AppError(
        'NO_FEEDBACK',
        '还没有登记过向居民的反馈，不能记录满意度。请先登记反馈：怎么告知的、什么时候、说了什么。',
      )
    }
    if (answeredAt === null || latest.told_at < answeredAt) {
      throw new AppError('NOT_ANSWERED', isResolution ? NOT_ANSWERED_RESOLUTION : NOT_ANSWERED_TOPIC)
    }
    await trx.updateTable('feedback').set({ satisfaction, rated_at: now }).where('id', '=', latest.id).execute()
    if (isResolution) {
      await trx
        .updateTable('resolutions')
        .set({ status: '已评价', updated_at: now })
        .where('id', '=', target.resolutionId!)
        .where('status', 'in', DONE_RESOLUTION)
        .execute()
    }
    await audit(trx, '修改', '满意度', latest.id, { satisfaction })
  })
}
