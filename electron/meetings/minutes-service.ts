import { AppError, notFound } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { inTransaction } from '../database/unit-of-work'
import { prepared } from '../database/prepared'

const minutesOf = prepared((db, v: { meetingId: number }) =>
  db.selectFrom('minutes').selectAll().where('meeting_id', '=', v.meetingId),
)

/**
 * Minutes (纪要): 草稿 → 已确认 → 已公示, with an outcome per agenda item. `meetingKnown`: the caller
 * has just read the meeting (meetings.get), so it is not looked up again to say 会议不存在.
 */
export async function getMinutes(db: Db, meetingId: number, meetingKnown = false) {
  if (!meetingKnown) {
    const m = await db.selectFrom('meetings').select('id').where('id', '=', meetingId).executeTakeFirst()
    if (!m) throw notFound('会议')
  }
  const [row] = await minutesOf(db, { meetingId })
  return {
    body: row?.body ?? '',
    status: row?.status ?? '草稿',
    confirmedAt: row?.confirmed_at ?? null,
    publishedAt: row?.published_at ?? null,
  }
}

export async function saveMinutes(
  db: Db,
  meetingId: number,
  body: string,
  outcomes: Array<{ itemId: number; outcome: string }>,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const meeting = await trx.selectFrom('meetings').select('status').where('id', '=', meetingId).executeTakeFirst()
    if (!meeting) throw notFound('会议')
    if (['草稿', '已通知', '取消', '延期'].includes(meeting.status)) {
      throw new AppError('TOO_EARLY', `会议还是「${meeting.status}」状态，开过会后才能写纪要。`)
    }
    const current = await trx
      .selectFrom('minutes')
      .select('status')
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst()
    if (current && current.status !== '草稿') throw new AppError('LOCKED', `纪要已${current.status}，不能再修改。`)
    for (const o of outcomes) {
      const res = await trx
        .updateTable('agenda_items')
        .set({ outcome: o.outcome })
        .where('id', '=', o.itemId)
        .where('meeting_id', '=', meetingId)
        .executeTakeFirst()
      if (res.numUpdatedRows === 0n) throw new AppError('INVALID_INPUT', '有议程事项不属于这次会议，请刷新后重试。')
    }
    await trx
      .insertInto('minutes')
      .values({
        meeting_id: meetingId,
        body,
        status: '草稿',
        confirmed_at: null,
        published_at: null,
        updated_at: nowIso(),
      })
      .onConflict((oc) => oc.column('meeting_id').doUpdateSet({ body, updated_at: nowIso() }))
      .execute()
    if (meeting.status === '进行中') {
      await trx
        .updateTable('meetings')
        .set({ status: '待整理纪要', updated_at: nowIso() })
        .where('id', '=', meetingId)
        .execute()
    }
  })
}

export async function confirmMinutes(db: Db, meetingId: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = await trx.selectFrom('minutes').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst()
    if (!row) throw new AppError('NO_MINUTES', '还没有写纪要，不能确认。')
    if (row.status !== '草稿') throw new AppError('LOCKED', `纪要已${row.status}。`)
    if (!row.body.trim()) throw new AppError('INVALID_INPUT', '纪要正文是空的，请先填写。')
    const at = nowIso()
    await trx
      .updateTable('minutes')
      .set({ status: '已确认', confirmed_at: at, updated_at: at })
      .where('meeting_id', '=', meetingId)
      .execute()
    await trx
      .updateTable('meetings')
      .set({ status: '纪要已确认', updated_at: at })
      .where('id', '=', meetingId)
      .execute()
    await audit(trx, '修改', '纪要确认', meetingId, {})
  })
}

export async function publishMinutes(db: Db, meetingId: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = await trx.selectFrom('minutes').select('status').where('meeting_id', '=', meetingId).executeTakeFirst()
    if (row?.status !== '已确认') throw new AppError('BAD_STATUS', '纪要确认后才能公示。')
    const at = nowIso()
    await trx
      .updateTable('minutes')
      .set({ status: '已公示', published_at: at, updated_at: at })
      .where('meeting_id', '=', meetingId)
      .execute()
  })
}
