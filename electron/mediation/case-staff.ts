import { AppError, notFound } from '../../shared/app-error'
import { type StaffRole } from '../../shared/mediation-values'
import { nowIso } from '../../shared/time'
import { audit } from '../database/audit'
import type { Db } from '../database/open-database'
import { inTransaction } from '../database/unit-of-work'
import { liveCase, refuseIfClosed } from './case-state'

/**
 * The people of a case in their lawful roles (人民调解员, who presides; 乡贤 as invited
 * participants; 记录人), their declarations of ties and recusals (回避), and whether the case is
 * ready for a 调解记录.
 */

/** A person of the case in a lawful role. One 人民调解员 presides (the first one, unless another is named). */
export async function addStaff(
  db: Db,
  caseId: number,
  input: { role: StaffRole; name: string; presiding: boolean },
  now = nowIso(),
): Promise<{ id: number }> {
  const c = await liveCase(db, caseId)
  refuseIfClosed(c.status, '添加人员')
  if (input.presiding && input.role !== '人民调解员') {
    throw new AppError('VALIDATION', '只有人民调解员可以主持调解；乡贤以邀请参加人的身份参加。')
  }
  return inTransaction(db, async (trx) => {
    const presiding = await presidingOf(trx, caseId)
    const makePresiding = input.role === '人民调解员' && (input.presiding || !presiding)
    if (makePresiding && presiding) {
      await trx.updateTable('mediation_staff').set({ presiding: 0 }).where('id', '=', presiding.id).execute()
    }
    const { id } = await trx
      .insertInto('mediation_staff')
      .values({
        case_id: caseId,
        role: input.role,
        name: input.name.trim(),
        presiding: makePresiding ? 1 : 0,
        declared_tie: null,
        declared_at: null,
        recused_at: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', 'mediation_staff', id, { caseId, role: input.role })
    return { id }
  })
}

function presidingOf(db: Db, caseId: number) {
  return db
    .selectFrom('mediation_staff')
    .select(['id', 'name'])
    .where('case_id', '=', caseId)
    .where('presiding', '=', 1)
    .where('recused_at', 'is', null)
    .executeTakeFirst()
}

/**
 * 有无亲属或利害关系: a mediator's or an elder's declaration. A declared tie, or a party's objection,
 * records a recusal (回避) and removes the person from the case; the presiding role passes to the
 * next 人民调解员 still on the case.
 */
export async function declare(
  db: Db,
  input: { staffId: number; tie: string; objection: string },
  now = nowIso(),
): Promise<{ recused: boolean }> {
  return inTransaction(db, async (trx) => {
    const s = await trx.selectFrom('mediation_staff').selectAll().where('id', '=', input.staffId).executeTakeFirst()
    if (!s) throw notFound('调解人员')
    if (s.recused_at) throw new AppError('RECUSED', `${s.name}已经回避，不在本案中。`)
    const c = await liveCase(trx, s.case_id)
    refuseIfClosed(c.status, '登记声明')
    const tie = input.tie.trim()
    const objection = input.objection.trim()
    const recused = tie !== '' || objection !== ''
    const reason = [tie && `本人声明：${tie}`, objection && `当事人提出回避：${objection}`].filter(Boolean).join('；')
    await trx
      .updateTable('mediation_staff')
      .set({
        declared_tie: tie,
        declared_at: now,
        objection,
        recused_at: recused ? now : null,
        recusal_reason: reason,
        presiding: recused ? 0 : s.presiding,
      })
      .where('id', '=', s.id)
      .execute()
    if (recused && s.presiding) {
      const next = await trx
        .selectFrom('mediation_staff')
        .select('id')
        .where('case_id', '=', s.case_id)
        .where('role', '=', '人民调解员')
        .where('recused_at', 'is', null)
        .orderBy('id')
        .executeTakeFirst()
      if (next) await trx.updateTable('mediation_staff').set({ presiding: 1 }).where('id', '=', next.id).execute()
    }
    await audit(trx, '修改', 'mediation_staff', s.id, { declared: tie || '无', objection, recused })
    return { recused }
  })
}

/** What still stops the case from proceeding to a session: no presiding mediator, or an undeclared person. */
export function readinessOf(
  staff: { name: string; role: string; presiding: number; declared_tie: string | null; recused_at: string | null }[],
): string[] {
  const on = staff.filter((s) => s.recused_at === null)
  const problems: string[] = []
  if (!on.some((s) => s.presiding)) problems.push('还没有主持调解的人民调解员')
  for (const s of on) {
    if (s.role !== '记录人' && s.declared_tie === null) problems.push(`${s.name}还没有声明有无亲属或利害关系`)
  }
  return problems
}

export async function readinessProblems(db: Db, caseId: number): Promise<string[]> {
  return readinessOf(
    await db
      .selectFrom('mediation_staff')
      .select(['name', 'role', 'presiding', 'declared_tie', 'recused_at'])
      .where('case_id', '=', caseId)
      .execute(),
  )
}
