import { AppError, notFound } from '../../common/app-error'
import { chineseDate, utcToOfficeLocal } from '../../common/time'
import type { Db } from '../../database/open-database'

/** Rooms are records, so a double booking can be refused with the name of the other meeting. */
export async function listRooms(db: Db) {
  return db.selectFrom('rooms').select(['id', 'name', 'capacity', 'note']).orderBy('name').execute()
}

export async function createRoom(db: Db, input: { name: string; capacity: number; note: string }) {
  const dup = await db.selectFrom('rooms').select('id').where('name', '=', input.name).executeTakeFirst()
  if (dup) throw new AppError('DUPLICATE', `已经有名为「${input.name}」的场地了。`)
  const row = await db.insertInto('rooms').values(input).returning('id').executeTakeFirstOrThrow()
  return { id: row.id }
}

export async function updateRoom(db: Db, id: number, input: { name: string; capacity: number; note: string }) {
  const dup = await db
    .selectFrom('rooms')
    .select('id')
    .where('name', '=', input.name)
    .where('id', '!=', id)
    .executeTakeFirst()
  if (dup) throw new AppError('DUPLICATE', `已经有名为「${input.name}」的场地了。`)
  const res = await db.updateTable('rooms').set(input).where('id', '=', id).executeTakeFirst()
  if (res.numUpdatedRows === 0n) throw notFound('场地')
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
  if (!other) {
    const room = await db.selectFrom('rooms').select('id').where('id', '=', roomId).executeTakeFirst()
    if (!room) throw notFound('场地')
    return
  }
  const s = utcToOfficeLocal(other.starts_at)
  const e = utcToOfficeLocal(other.ends_at)
  throw new AppError(
    'ROOM_BOOKED',
    `「${other.roomName}」在这个时间已被「${other.title}」占用（${chineseDate(s.slice(0, 10))} ${s.slice(11)}–${e.slice(11)}）。请换一个场地或时间。`,
  )
}
