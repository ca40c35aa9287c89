import { AppError } from '../../shared/app-error'
import { DOSSIER_ITEMS, RETENTION_CLASSES, type DossierKey } from '../../shared/mediation-values'
import { nowIso, officeDate } from '../../shared/time'
import { audit } from '../database/audit'
import type { Db } from '../database/open-database'
import { inTransaction } from '../database/unit-of-work'
import { caseDetail, type CaseDetail } from './case-reads'
import { liveCase } from './case-service'

/**
 * 卷宗: the cover, the 卷内目录 in the 13-item official order with 必须 / 按需 and page ranges, the
 * documents the case holds in that order, and the back cover. Every document starts on a new A4
 * page and takes the pages counted here (one per record, plus the scans attached to it), so the
 * contents list's ranges are the printed pages. 归档 is refused while a 必须 item is missing.
 */

export interface DossierEntry {
  no: number
  key: DossierKey
  name: string
  required: boolean
  present: boolean
  /** Pages this document takes (0 when absent). */
  pages: number
  /** '3-4', '5', or '' when absent. */
  range: string
}

/** The documents present and their page counts, in the official order. Cover and contents are pages 1 and 2. */
export function dossierContents(c: CaseDetail): DossierEntry[] {
  const scanPages = (key: DossierKey) => c.scans.filter((s) => s.document === key).reduce((n, s) => n + s.pages, 0)
  const principals = c.parties.filter((p) => p.side !== '委托代理人')
  const agreed = c.agreement?.signedOn != null
  const reachedNoAgreement = c.status === '终止' || c.status === '不予受理'
  const count: Record<DossierKey, number> = {
    register: 1,
    notice: c.rightsNotifiedOn ? 1 : 0,
    identity: principals.length > 0 && principals.every((p) => p.idNumber || p.creditCode) ? 1 : 0,
    attorney: c.parties.filter((p) => p.side === '委托代理人').length,
    investigation: c.sessions.filter((s) => s.kind === '调查记录').length,
    evidence: 0,
    transcript: c.sessions.filter((s) => s.kind === '调解记录').length,
    agreement: agreed ? 1 : 0,
    proof: c.agreement?.clauses.some((cl) => cl.performedOn) ? 1 : 0,
    visit: c.visits.filter((v) => v.doneOn).length,
    confirmation: c.agreement?.confirmAppliedOn ? 1 : 0,
    explanation: c.explanation || reachedNoAgreement ? 1 : 0,
    back: 1,
  }
  let page = 3
  return DOSSIER_ITEMS.map((item, i) => {
    const pages = count[item.key] > 0 || scanPages(item.key) > 0 ? count[item.key] + scanPages(item.key) : 0
    // A case that ended without an agreement has no transcript-to-agreement duty: the explanation replaces them.
    const required =
      item.required &&
      !(reachedNoAgreement && item.key === 'agreement') &&
      !(c.status === '不予受理' && (item.key === 'transcript' || item.key === 'notice'))
    const range = pages === 0 ? '' : pages === 1 ? `${page}` : `${page}-${page + pages - 1}`
    page += pages
    return { no: i + 1, key: item.key, name: item.name, required, present: pages > 0, pages, range }
  })
}

/** The dossier as printed: the cover's facts, the contents and the case itself (masked). */
export async function dossier(db: Db, caseId: number, now = nowIso()) {
  const c = await caseDetail(db, caseId, now)
  const contents = dossierContents(c)
  const presiding = c.staff.find((s) => s.presiding && !s.recused)?.name ?? ''
  const lastSession = c.sessions.at(-1)?.heldAt.slice(0, 10) ?? null
  return {
    case: c,
    contents,
    cover: {
      volumeName: `${c.parties
        .filter((p) => p.side === '申请人')
        .map((p) => p.name)
        .join('、')}与${c.parties
        .filter((p) => p.side === '被申请人')
        .map((p) => p.name)
        .join('、')}${c.disputeType}纠纷`,
      volumeNo: c.caseNo,
      mediator: presiding,
      from: c.acceptedOn,
      to: c.endedOn ?? c.agreement?.signedOn ?? lastSession,
      filedBy: c.archivedBy,
      filedOn: c.archivedOn,
      retention: c.retention,
    },
    missing: contents.filter((e) => e.required && !e.present).map((e) => e.name),
    totalPages: 2 + contents.reduce((n, e) => n + e.pages, 0),
  }
}

/** 归档: refused while a 必须 document is missing (named), or the case is still open. */
export async function archiveCase(
  db: Db,
  input: { caseId: number; filedBy: string; retention: (typeof RETENTION_CLASSES)[number] },
  now = nowIso(),
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const c = await liveCase(trx, input.caseId)
    if (c.status === '归档') throw new AppError('ARCHIVED', '案件已经归档了。')
    if (!['结案', '终止', '不予受理'].includes(c.status)) {
      throw new AppError('STATE', `案件${c.status}，结案（或终止、不予受理）以后才能归档。`)
    }
    if (!input.filedBy.trim()) throw new AppError('VALIDATION', '请填写立卷人。')
    const d = await dossier(trx, c.id, now)
    if (d.missing.length)
      throw new AppError('INCOMPLETE', `卷宗还缺少必须的材料：${d.missing.join('、')}。补齐后才能归档。`)
    await trx
      .updateTable('mediation_cases')
      .set({
        status: '归档',
        archived_on: officeDate(now),
        archived_by: input.filedBy.trim(),
        retention: input.retention,
        updated_at: now,
      })
      .where('id', '=', c.id)
      .execute()
    await audit(trx, '修改', 'mediation_case', c.id, { status: '归档' })
  })
}

/** 卷宗情况说明 (the 12th document): what the clerk explains about the dossier. */
export async function saveExplanation(db: Db, input: { caseId: number; text: string }, now = nowIso()) {
  const c = await liveCase(db, input.caseId)
  if (c.status === '归档') throw new AppError('ARCHIVED', '案件已归档，不能再修改。')
  await db
    .updateTable('mediation_cases')
    .set({ explanation: input.text.trim(), updated_at: now })
    .where('id', '=', c.id)
    .execute()
}
