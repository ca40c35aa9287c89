import { AppError, notFound } from '../../shared/app-error'
import { CASEBOOK_ROLES, CASE_OFFICE_ROLES } from '../../shared/mediation-values'
import type { Db } from '../database/open-database'
import type { HostContext } from '../registry/define'
import type { Access } from '../registry/session'
import { currentOperator } from '../registry/session'

/**
 * Who may see what in the casebook (issue 12, item 7):
 * - the module opens for operators marked 主任, 调解员 or 乡贤 (CASEBOOK_ACCESS, every call);
 * - an operator who is 乡贤 and neither 主任 nor 调解员 (an elder) sees only the cases they take
 *   part in: a non-recused person of the case (mediation_staff) of their name (operator names are
 *   unique among active operators). Every call that reaches one case checks it; the list filters.
 *   Opening cases, papers and new work from the roster (受理, 议题转案件) stay with 主任 / 调解员;
 *   the statistics are counts without any party's data, so an elder may read them;
 * - the address of a party under 人身安全 protection shows (masked as every address) only to the
 *   case's own mediators (人民调解员 of the case, not recused, of the operator's name); everyone
 *   else who may open the case sees it only through reveal.show, with a reason, audited.
 * An office that has named nobody runs as one unnamed operator holding every mark: it sees every
 * case, but it is nobody's named mediator, so a protected address stays hidden from it too.
 */
export const CASEBOOK_ACCESS: Access = { roles: CASEBOOK_ROLES, what: '调解案卷' }
/** New cases, monthly report freezing and the roster's dispute topics: not for elders. */
export const CASE_OFFICE_ACCESS: Access = { roles: CASE_OFFICE_ROLES, what: '调解案卷的受理和上报' }

export interface Viewer {
  /** The operator's name; null for the unnamed operator (and for service calls without a session). */
  readonly name: string | null
  /** An elder: sees only the cases they take part in. */
  readonly elderOnly: boolean
}

/** The office's own view (service tests, demo, benchmark): every case, no protected address. */
export const OFFICE_VIEWER: Viewer = { name: null, elderOnly: false }

export function viewerOf(ctx: Pick<HostContext, 'session'>): Viewer {
  const op = currentOperator(ctx)
  return {
    name: op.unnamed ? null : op.name,
    elderOnly: op.roles.includes('乡贤') && !op.roles.includes('主任') && !op.roles.includes('调解员'),
  }
}

/** The cases a viewer takes part in (as any non-recused person of the case), as a subquery. */
export function casesOf(db: Db, name: string) {
  return db.selectFrom('mediation_staff').select('case_id').where('name', '=', name).where('recused_at', 'is', null)
}

const NOT_YOURS = '这个案件您没有参加，乡贤只能查看自己参加的调解案件。'

/** Throws (in Chinese) unless the viewer may open case `caseId`. */
export async function assertMayOpenCase(db: Db, viewer: Viewer, caseId: number): Promise<void> {
  if (!viewer.elderOnly) return
  const row = viewer.name ? await casesOf(db, viewer.name).where('case_id', '=', caseId).executeTakeFirst() : undefined
  if (!row) throw new AppError('FORBIDDEN_CASE', NOT_YOURS)
}

/** The tables whose rows belong to one case, and how to find it. */
type Owned = 'mediation_staff' | 'mediation_sessions' | 'mediation_visits' | 'mediation_alerts' | 'mediation_parties'

/** The case a row of the casebook belongs to (for calls that name a session, a visit, …). */
export async function caseOfRow(db: Db, table: Owned | 'mediation_clauses', id: number, what: string): Promise<number> {
  if (table === 'mediation_clauses') {
    const row = await db
      .selectFrom('mediation_clauses as cl')
      .innerJoin('mediation_agreements as a', 'a.id', 'cl.agreement_id')
      .select('a.case_id')
      .where('cl.id', '=', id)
      .executeTakeFirst()
    if (!row) throw notFound(what)
    return row.case_id
  }
  const row = await db.selectFrom(table).select('case_id').where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound(what)
  return row.case_id
}

/** True when the viewer is one of the case's own (non-recused) 人民调解员. */
export function isOwnMediator(
  viewer: Viewer,
  staff: readonly { role: string; name: string; recused_at: string | null }[],
): boolean {
  return (
    viewer.name !== null &&
    staff.some((s) => s.role === '人民调解员' && s.recused_at === null && s.name === viewer.name)
  )
}
