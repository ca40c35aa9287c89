import { inTransaction } from '../database/unit-of-work'
import { AppError, notFound } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'

/**
 * Topic categories and where each is routed (转办规则): the department responsible and how many
 * hours it has to answer. The office edits them; a routed topic keeps the department it was sent
 * to, so a later edit never rewrites history.
 */
export interface CategoryInput {
  name: string
  department: string
  responseHours: number
  retired: boolean
}

export interface CategoryRow extends CategoryInput {
  id: number
  position: number
  topicCount: number
}

export async function listCategories(db: Db): Promise<CategoryRow[]> {
  const rows = await db
    .selectFrom('topic_categories as c')
    .select((eb) => [
      'c.id',
      'c.name',
      'c.department',
      'c.response_hours',
      'c.position',
      'c.retired',
      eb
        .selectFrom('topics as t')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('t.category_id', '=', 'c.id')
        .where('t.voided_at', 'is', null)
        .as('topicCount'),
    ])
    .orderBy('c.position')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    department: r.department,
    responseHours: r.response_hours,
    position: r.position,
    retired: r.retired === 1,
    topicCount: Number(r.topicCount ?? 0),
  }))
}

export async function getCategory(db: Db, id: number) {
  const c = await db.selectFrom('topic_categories').selectAll().where('id', '=', id).executeTakeFirst()
  if (!c) throw notFound('议题分类')
  return c
}

export async function createCategory(db: Db, input: CategoryInput): Promise<{ id: number }> {
  return inTransaction(db, async (trx) => {
    const last = await trx
      .selectFrom('topic_categories')
      .select((eb) => eb.fn.max('position').as('p'))
      .executeTakeFirst()
    const row = await trx
      .insertInto('topic_categories')
      .values({
        name: input.name,
        department: input.department,
        response_hours: input.responseHours,
        position: Number(last?.p ?? 0) + 1,
        retired: input.retired ? 1 : 0,
        updated_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', '转办规则', row.id, input)
    return { id: row.id }
  })
}

export async function updateCategory(db: Db, id: number, input: CategoryInput): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await getCategory(trx, id)
    if (input.retired) {
      const active = await trx
        .selectFrom('topic_categories')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('retired', '=', 0)
        .where('id', '<>', id)
        .executeTakeFirstOrThrow()
      if (Number(active.n) === 0) throw new AppError('INVALID_INPUT', '至少要保留一个在用的分类。')
    }
    await trx
      .updateTable('topic_categories')
      .set({
        name: input.name,
        department: input.department,
        response_hours: input.responseHours,
        retired: input.retired ? 1 : 0,
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .execute()
    await audit(trx, '修改', '转办规则', id, { before, after: input })
  })
}

/**
 * Every department the office has routed to or named as lead: the rules' departments first, then
 * those typed on resolutions, so the pickers offer what the office already uses.
 */
export async function listDepartments(db: Db): Promise<string[]> {
  const fromRules = await db.selectFrom('topic_categories').select('department').orderBy('position').execute()
  const fromResolutions = await db
    .selectFrom('resolutions')
    .select('lead_department')
    .distinct()
    .orderBy('lead_department')
    .execute()
  return [...new Set([...fromRules.map((r) => r.department), ...fromResolutions.map((r) => r.lead_department)])]
}
