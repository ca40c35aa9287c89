import { inTransaction } from '../database/unit-of-work'
import { AppError, notFound } from '../../shared/app-error'
import { nowIso, officeDate, officeLocalToUtc } from '../../shared/time'
import { addDays, chineseDate } from '../../shared/dates'
import type { Db } from '../database/open-database'
import type { MajorityRule } from '../database/schema'
import { audit } from '../database/audit'
import type { MemberCategory, MemberRole } from '../../shared/council-values'
import { prepared } from '../database/prepared'

/** A council (议事会) with terms (届次) and members holding a role and a category for a span of dates. */

export interface CouncilInput {
  name: string
  quorumRule: MajorityRule
  passRule: MajorityRule
  note: string
}
export interface TermInput {
  councilId: number
  name: string
  startDate: string
  endDate: string
}
export interface MemberInput {
  termId: number
  residentId: number
  role: MemberRole
  category: MemberCategory
  startDate: string
  endDate: string | null
}

export async function listCouncils(db: Db) {
  const councils = await db.selectFrom('councils').selectAll().orderBy('id').execute()
  const terms = await db.selectFrom('council_terms').selectAll().orderBy('start_date', 'desc').execute()
  const counts = await db
    .selectFrom('council_members')
    .select(['term_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('term_id')
    .execute()
  return councils.map((c) => ({
    id: c.id,
    name: c.name,
    quorumRule: c.quorum_rule,
    passRule: c.pass_rule,
    note: c.note,
    terms: terms
      .filter((t) => t.council_id === c.id)
      .map((t) => ({
        id: t.id,
        name: t.name,
        startDate: t.start_date,
        endDate: t.end_date,
        memberCount: Number(counts.find((x) => x.term_id === t.id)?.n ?? 0),
      })),
  }))
}

export async function createCouncil(db: Db, input: CouncilInput): Promise<{ id: number }> {
  await assertNameFree(db, input.name, null)
  const row = await db
    .insertInto('councils')
    .values({
      name: input.name,
      quorum_rule: input.quorumRule,
      pass_rule: input.passRule,
      note: input.note,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id }
}

export async function updateCouncil(db: Db, id: number, input: CouncilInput): Promise<void> {
  await assertNameFree(db, input.name, id)
  const res = await db
    .updateTable('councils')
    .set({ name: input.name, quorum_rule: input.quorumRule, pass_rule: input.passRule, note: input.note })
    .where('id', '=', id)
    .executeTakeFirst()
  if (res.numUpdatedRows === 0n) throw notFound('议事会')
}

export async function createTerm(db: Db, input: TermInput): Promise<{ id: number }> {
  if (input.endDate < input.startDate) throw new AppError('INVALID_INPUT', '届次的结束日期要晚于开始日期。')
  const council = await db.selectFrom('councils').select('id').where('id', '=', input.councilId).executeTakeFirst()
  if (!council) throw notFound('议事会')
  const overlap = await db
    .selectFrom('council_terms')
    .select('name')
    .where('council_id', '=', input.councilId)
    .where('start_date', '<=', input.endDate)
    .where('end_date', '>=', input.startDate)
    .executeTakeFirst()
  if (overlap) throw new AppError('OVERLAP', `与「${overlap.name}」的任期重叠，请调整日期。`)
  const row = await db
    .insertInto('council_terms')
    .values({ council_id: input.councilId, name: input.name, start_date: input.startDate, end_date: input.endDate })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id }
}

/** Names of at most `n` people, and how many in all: 「张三、李四等 5 人」. */
function someNames(names: string[], n = 3): string {
  return names.length <= n ? names.join('、') : `${names.slice(0, n).join('、')}等 ${names.length} 人`
}

/**
 * Corrects a term's name and dates. Its members' dates must stay inside the new dates, and it may
 * not overlap another term of the same council; each refusal names who or what is in the way.
 */
export async function updateTerm(
  db: Db,
  id: number,
  input: { name: string; startDate: string; endDate: string },
): Promise<void> {
  if (input.endDate < input.startDate) throw new AppError('INVALID_INPUT', '届次的结束日期要晚于开始日期。')
  await inTransaction(db, async (trx) => {
    const term = await trx.selectFrom('council_terms').selectAll().where('id', '=', id).executeTakeFirst()
    if (!term) throw notFound('届次')
    const overlap = await trx
      .selectFrom('council_terms')
      .select('name')
      .where('council_id', '=', term.council_id)
      .where('id', '!=', id)
      .where('start_date', '<=', input.endDate)
      .where('end_date', '>=', input.startDate)
      .executeTakeFirst()
    if (overlap) throw new AppError('OVERLAP', `与「${overlap.name}」的任期重叠，请调整日期。`)
    const outside = await trx
      .selectFrom('council_members as m')
      .innerJoin('residents as r', 'r.id', 'm.resident_id')
      .select('r.name')
      .where('m.term_id', '=', id)
      .where((eb) =>
        eb.or([
          eb('m.start_date', '<', input.startDate),
          eb('m.start_date', '>', input.endDate),
          eb('m.end_date', '>', input.endDate),
        ]),
      )
      .orderBy('m.id')
      .execute()
    if (outside.length) {
      throw new AppError(
        'MEMBERS_OUTSIDE',
        `${someNames(outside.map((o) => o.name))}的到任或离任日期在新的任期（${input.startDate} 至 ${input.endDate}）之外。请先修改这些成员的日期，或调整任期。`,
      )
    }
    await trx
      .updateTable('council_terms')
      .set({ name: input.name, start_date: input.startDate, end_date: input.endDate })
      .where('id', '=', id)
      .execute()
    await audit(trx, '修改', '议事会届次', id, {
      before: { name: term.name, startDate: term.start_date, endDate: term.end_date },
      after: input,
    })
  })
}

/**
 * Deletes a term entered by mistake. Refused while it has members, or while the council held
 * meetings in its dates (they were the term's meetings): the message names them.
 */
export async function deleteTerm(db: Db, id: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const term = await trx.selectFrom('council_terms').selectAll().where('id', '=', id).executeTakeFirst()
    if (!term) throw notFound('届次')
    const members = await trx
      .selectFrom('council_members as m')
      .innerJoin('residents as r', 'r.id', 'm.resident_id')
      .select('r.name')
      .where('m.term_id', '=', id)
      .orderBy('m.id')
      .execute()
    if (members.length) {
      throw new AppError(
        'IN_USE',
        `「${term.name}」还有成员：${someNames(members.map((m) => m.name))}。成员的出席记录要留着，所以不能删除这个届次；如果届次的日期或名称填错了，请点「修改」。`,
      )
    }
    const meetings = await trx
      .selectFrom('meetings')
      .select(['title', 'starts_at'])
      .where('council_id', '=', term.council_id)
      .where('starts_at', '>=', officeLocalToUtc(`${term.start_date}T00:00`))
      .where('starts_at', '<', officeLocalToUtc(`${addDays(term.end_date, 1)}T00:00`))
      .orderBy('starts_at')
      .execute()
    if (meetings.length) {
      const first = meetings[0]!
      throw new AppError(
        'IN_USE',
        `「${term.name}」的任期内有 ${meetings.length} 次议事会会议（如 ${chineseDate(officeDate(first.starts_at))}「${first.title}」），不能删除这个届次；如果日期或名称填错了，请点「修改」。`,
      )
    }
    await trx.deleteFrom('council_terms').where('id', '=', id).execute()
    await audit(trx, '删除', '议事会届次', id, {
      name: term.name,
      startDate: term.start_date,
      endDate: term.end_date,
    })
  })
}

export async function listMembers(db: Db, termId: number) {
  const rows = await db
    .selectFrom('council_members as m')
    .innerJoin('residents as r', 'r.id', 'm.resident_id')
    .leftJoin('buildings as b', 'b.id', 'r.building_id')
    .select([
      'm.id',
      'm.resident_id as residentId',
      'r.name',
      'b.name as buildingName',
      'r.unit',
      'r.room',
      'm.role',
      'm.category',
      'm.start_date as startDate',
      'm.end_date as endDate',
    ])
    .where('m.term_id', '=', termId)
    .orderBy('m.id')
    .execute()
  return rows
}

export async function addMember(db: Db, input: MemberInput): Promise<{ id: number }> {
  const term = await db.selectFrom('council_terms').selectAll().where('id', '=', input.termId).executeTakeFirst()
  if (!term) throw notFound('届次')
  const resident = await db
    .selectFrom('residents')
    .select(['id', 'name'])
    .where('id', '=', input.residentId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (!resident) throw notFound('居民')
  if (input.endDate && input.endDate < input.startDate) throw new AppError('INVALID_INPUT', '离任日期要晚于到任日期。')
  if (input.startDate < term.start_date || input.startDate > term.end_date) {
    throw new AppError(
      'INVALID_INPUT',
      `到任日期要在「${term.name}」的任期内（${term.start_date} 至 ${term.end_date}）。`,
    )
  }
  const dup = await db
    .selectFrom('council_members')
    .select('id')
    .where('term_id', '=', input.termId)
    .where('resident_id', '=', input.residentId)
    .where('end_date', 'is', null)
    .executeTakeFirst()
  if (dup) throw new AppError('DUPLICATE', `${resident.name}已经是本届成员了。`)
  const row = await db
    .insertInto('council_members')
    .values({
      term_id: input.termId,
      resident_id: input.residentId,
      role: input.role,
      category: input.category,
      start_date: input.startDate,
      end_date: input.endDate,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id }
}

/** Ends a membership on a date (the record stays: past attendance refers to it). */
export async function endMember(db: Db, id: number, endDate: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const m = await trx.selectFrom('council_members').selectAll().where('id', '=', id).executeTakeFirst()
    if (!m) throw notFound('成员')
    if (endDate < m.start_date) throw new AppError('INVALID_INPUT', '离任日期要晚于到任日期。')
    await trx.updateTable('council_members').set({ end_date: endDate }).where('id', '=', id).execute()
    await audit(trx, '修改', '议事会成员离任', id, { endDate })
  })
}

/**
 * Corrects a membership: role, category and dates, which must stay inside the term. The record
 * stays the same row, so past attendance still points at it; the audit log keeps what it was.
 */
export async function updateMember(
  db: Db,
  id: number,
  input: Pick<MemberInput, 'role' | 'category' | 'startDate' | 'endDate'>,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const m = await trx.selectFrom('council_members').selectAll().where('id', '=', id).executeTakeFirst()
    if (!m) throw notFound('成员')
    const term = await trx.selectFrom('council_terms').selectAll().where('id', '=', m.term_id).executeTakeFirstOrThrow()
    if (input.endDate && input.endDate < input.startDate) {
      throw new AppError('INVALID_INPUT', '离任日期要晚于到任日期。')
    }
    if (input.startDate < term.start_date || input.startDate > term.end_date) {
      throw new AppError(
        'INVALID_INPUT',
        `到任日期要在「${term.name}」的任期内（${term.start_date} 至 ${term.end_date}）。`,
      )
    }
    if (input.endDate && input.endDate > term.end_date) {
      throw new AppError('INVALID_INPUT', `离任日期不能晚于「${term.name}」的任期结束日（${term.end_date}）。`)
    }
    // Sign-in sheets already kept must still list the member on their meeting's date.
    const signedOutside = await trx
      .selectFrom('attendance as a')
      .innerJoin('meetings as mt', 'mt.id', 'a.meeting_id')
      .select(['mt.title', 'mt.starts_at'])
      .where('a.member_id', '=', id)
      .where((eb) =>
        eb.or([
          eb('mt.starts_at', '<', officeLocalToUtc(`${input.startDate}T00:00`)),
          ...(input.endDate ? [eb('mt.starts_at', '>=', officeLocalToUtc(`${addDays(input.endDate, 1)}T00:00`))] : []),
        ]),
      )
      .orderBy('mt.starts_at')
      .executeTakeFirst()
    if (signedOutside) {
      throw new AppError(
        'INVALID_INPUT',
        `这位成员在 ${chineseDate(officeDate(signedOutside.starts_at))}「${signedOutside.title}」有签到记录，任职日期要包括那一天。`,
      )
    }
    await trx
      .updateTable('council_members')
      .set({ role: input.role, category: input.category, start_date: input.startDate, end_date: input.endDate })
      .where('id', '=', id)
      .execute()
    await audit(trx, '修改', '议事会成员', id, {
      before: { role: m.role, category: m.category, startDate: m.start_date, endDate: m.end_date },
      after: input,
    })
  })
}

/** Members sitting on the council on a date (office-local 'YYYY-MM-DD'). */
export async function membersOn(db: Db, councilId: number, date: string) {
  return membersOnDay(db, { councilId, date })
}

// Read by every sign-in sheet and meeting page: compiled once.
const membersOnDay = prepared((db, v: { councilId: number; date: string }) =>
  db
    .selectFrom('council_members as m')
    .innerJoin('council_terms as t', 't.id', 'm.term_id')
    .innerJoin('residents as r', 'r.id', 'm.resident_id')
    .leftJoin('buildings as b', 'b.id', 'r.building_id')
    .select(['m.id', 'r.name', 'b.name as buildingName', 'r.unit', 'r.room', 'm.role', 'm.category'])
    .where('t.council_id', '=', v.councilId)
    .where('t.start_date', '<=', v.date)
    .where('t.end_date', '>=', v.date)
    .where('m.start_date', '<=', v.date)
    .where((eb) => eb.or([eb('m.end_date', 'is', null), eb('m.end_date', '>=', v.date)]))
    .orderBy('m.id'),
)

async function assertNameFree(db: Db, name: string, exceptId: number | null): Promise<void> {
  let q = db.selectFrom('councils').select('id').where('name', '=', name)
  if (exceptId !== null) q = q.where('id', '!=', exceptId)
  if (await q.executeTakeFirst()) throw new AppError('DUPLICATE', `已经有名为「${name}」的议事会了。`)
}
