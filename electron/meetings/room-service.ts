import { inTransaction } from '../database/unit-of-work'
import { AppError, notFound } from '../../shared/app-error'
import { nowIso, officeDate, officeDateTime } from '../../shared/time'
import { chineseDate } from '../../shared/dates'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'

/**
 * Rooms are records, so a double booking can be refused with the name of the other meeting.
 * A removed room that past meetings used is kept, marked deleted: it is no longer offered, and
 * those meetings still show its name.
 */
export async function listRooms(db: Db) {
  return db
    .selectFrom('rooms')
    .select(['id', 'name', 'capacity', 'note'])
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .execute()
}

export async function createRoom(db: Db, input: { name: string; capacity: number; note: string }) {
  return inTransaction(db, async (trx) => {
    const same = await trx
      .selectFrom('rooms')
      .select(['id', 'deleted_at'])
      .where('name', '=', input.name)
      .executeTakeFirst()
    if (same && same.deleted_at === null) throw new AppError('DUPLICATE', `已经有名为「${input.name}」的场地了。`)
    if (same) {
      // The same room again (it was removed): bring it back, so its past meetings stay with it.
      await trx
        .updateTable('rooms')
        .set({ ...input, deleted_at: null })
        .where('id', '=', same.id)
        .execute()
      await audit(trx, '新增', '场地', same.id, { name: input.name, restored: true })
      return { id: same.id }
    }
    const row = await trx.insertInto('rooms').values(input).returning('id').executeTakeFirstOrThrow()
    return { id: row.id }
  })
}

export async function updateRoom(db: Db, id: number, input: { name: string; capacity: number; note: string }) {
  const dup = await db
    .selectFrom('rooms')
    .select('deleted_at')
    .where('name', '=', input.name)
    .where('id', '!=', id)
    .executeTakeFirst()
  if (dup) {
    throw new AppError(
      'DUPLICATE',
      dup.deleted_at === null
        ? `已经有名为「${input.name}」的场地了。`
        : `以前删除过名为「${input.name}」的场地（旧会议还记着它），请换一个名称。`,
    )
  }
  const res = await db
    .updateTable('rooms')
    .set(input)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (res.numUpdatedRows === 0n) throw notFound('场地')
}

/**
 * Removes a room. Refused while meetings still to come, or a series still running, are booked in
 * it (naming them: move them first). A room past meetings used is hidden, not deleted, so they
 * keep its name; a room nothing ever used is deleted.
 */
export async function deleteRoom(db: Db, id: number, now = nowIso()): Promise<{ kept: boolean }> {
  return inTransaction(db, async (trx) => {
    const room = await trx
      .selectFrom('rooms')
      .select(['id', 'name'])
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    if (!room) throw notFound('场地')
    const today = officeDate(now)
    const running = await trx
      .selectFrom('meeting_series')
      .select('title')
      .where('room_id', '=', id)
      .where((eb) => eb.or([eb('end_type', '!=', 'date'), eb('end_date', '>=', today)]))
      .execute()
    if (running.length) {
      throw new AppError(
        'IN_USE',
        `系列会议「${running.map((r) => r.title).join('、')}」还在用「${room.name}」。请先修改或结束这个系列，再删除场地。`,
      )
    }
    const coming = await trx
      .selectFrom('meetings')
      .select(['title', 'starts_at'])
      .where('room_id', '=', id)
      .where('starts_at', '>=', now)
      .where('status', 'not in', [...RELEASED_STATUSES])
      .orderBy('starts_at')
      .execute()
    if (coming.length) {
      const first = coming[0]!
      throw new AppError(
        'IN_USE',
        `「${room.name}」还有 ${coming.length} 次以后的会议要用（最近一次：${chineseDate(officeDate(first.starts_at))}「${first.title}」）。请先给这些会议换场地或取消，再删除场地。`,
      )
    }
    const used = await trx.selectFrom('meetings').select('id').where('room_id', '=', id).executeTakeFirst()
    const usedBySeries = await trx
      .selectFrom('meeting_series')
      .select('id')
      .where('room_id', '=', id)
      .executeTakeFirst()
    const kept = Boolean(used || usedBySeries)
    if (kept) await trx.updateTable('rooms').set({ deleted_at: now }).where('id', '=', id).execute()
    else await trx.deleteFrom('rooms').where('id', '=', id).execute()
    await audit(trx, '删除', '场地', id, { name: room.name, kept })
    return { kept }
  })
}

/** Meetings that no longer take the room. */
export const RELEASED_STATUSES = ['取消', '延期'] as const

/**
 * Refuses a booking that overlaps another live meeting in the same room, naming that meeting.
 * Times are UTC ISO strings, which compare correctly as text.
 */
export async function assertRoomFree(
  db: Db,
  roomId: number | null,
  startsAt: string,
  endsAt: string,
  exceptMeetingId: number | null,
): Promise<void> {
  if (roomId === null) return
  const room = await db.selectFrom('rooms').select(['name', 'deleted_at']).where('id', '=', roomId).executeTakeFirst()
  if (!room) throw notFound('场地')
  if (room.deleted_at !== null) {
    // A meeting that already had the room keeps it (its record must still read true).
    const had =
      exceptMeetingId !== null &&
      (await db
        .selectFrom('meetings')
        .select('id')
        .where('id', '=', exceptMeetingId)
        .where('room_id', '=', roomId)
        .executeTakeFirst())
    if (!had) throw new AppError('ROOM_DELETED', `场地「${room.name}」已删除，请选择其他场地。`)
  }
  let q = db
    .selectFrom('meetings as m')
    .innerJoin('rooms as r', 'r.id', 'm.room_id')
    .select(['m.title', 'm.starts_at', 'm.ends_at', 'r.name as roomName'])
    .where('m.room_id', '=', roomId)
    .where('m.status', 'not in', [...RELEASED_STATUSES])
    .where('m.starts_at', '<', endsAt)
    .where('m.ends_at', '>', startsAt)
  if (exceptMeetingId !== null) q = q.where('m.id', '!=', exceptMeetingId)
  const other = await q.executeTakeFirst()
  if (!other) return
  const s = officeDateTime(other.starts_at)
  const e = officeDateTime(other.ends_at)
  throw new AppError(
    'ROOM_BOOKED',
    `「${other.roomName}」在这个时间已被「${other.title}」占用（${chineseDate(s.slice(0, 10))} ${s.slice(11)}–${e.slice(11)}）。请换一个场地或时间。`,
  )
}
