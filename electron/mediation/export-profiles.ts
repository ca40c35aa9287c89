import { saveBytes } from '../registry/export-file'
import { saveEncryptedArchive } from '../registry/encrypted-archive'
import { AppError } from '../../shared/app-error'
import { formatYuan } from '../../shared/money'
import { DISPUTE_TYPES, CASE_SOURCES, DIFFICULTIES } from '../../shared/mediation-values'
import { nowIso } from '../../shared/time'
import { audit } from '../database/audit'
import type { Db } from '../database/open-database'
import type { HostContext } from '../registry/define'
import { caseDetail } from './case-reads'
import { dossier } from './dossier-service'
import { suppressSmallCells, yearStatistics } from './stats-service'

/**
 * The three export profiles (PIPL, item 8):
 * - 上报统计: counts only, every cell under 3 shown as "<3" (a .csv with a BOM for Excel/WPS);
 * - 典型案例: one case as a teaching text — parties as 张某 / 某单位, no ID number, phone or
 *   address, and any digits that look like one blanked out of the free text;
 * - 归档: the complete case with full values (`archiveContent`) — only ever written inside an
 *   encrypted archive: an AES-256 .zip that 7-Zip or WinRAR opens with the password the clerk sets
 *   in the 归档导出 dialog (registry/encrypted-archive.ts, which also writes the audit entry with
 *   the operator's name). Without a password nothing is written.
 */

const BOM = '\uFEFF'
const csvCell = (v: unknown) => {
  const s = String(v)
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** 上报统计: the year's figures, small cells suppressed. */
export async function reportCsv(db: Db, year: number): Promise<string> {
  const stats = await yearStatistics(db, year)
  const rows: unknown[][] = [
    ['项目', '全年', ...stats.months.map((m) => `${Number(m.month.slice(5))}月${m.frozenAt ? '（已上报）' : ''}`)],
  ]
  const all = [stats.total, ...stats.months.map((m) => m.figures)].map(suppressSmallCells)
  const line = (label: string, pick: (f: ReturnType<typeof suppressSmallCells>) => unknown) =>
    rows.push([label, ...all.map(pick)])
  line('受理', (f) => f.accepted)
  line('调解', (f) => f.mediated)
  line('调解成功', (f) => f.successful)
  line('成功率', (f) => (f.successPermille === null ? '—' : `${(f.successPermille / 10).toFixed(1)}%`))
  line('协议涉及金额（元）', (f) => formatYuan(f.amount))
  line('协议履行', (f) => f.performed)
  line('司法确认', (f) => f.confirmed)
  for (const s of CASE_SOURCES) line(`来源：${s}`, (f) => f.bySource[s] ?? 0)
  for (const t of DISPUTE_TYPES) line(`类型：${t}`, (f) => f.byType[t] ?? 0)
  for (const d of DIFFICULTIES) line(`难度：${d}`, (f) => f.byDifficulty[d] ?? 0)
  line('防止民转刑（件）', (f) => f.preventedCases)
  line('防止民转刑（人）', (f) => f.preventedPeople)
  return BOM + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

/** 张三 → 张某; an organisation → 某单位 (numbered when there are several). */
function pseudonyms(parties: { name: string; kind: string }[]): Map<string, string> {
  const map = new Map<string, string>()
  let orgs = 0
  const used = new Map<string, number>()
  for (const p of parties) {
    if (map.has(p.name)) continue
    let alias: string
    if (p.kind === '单位') alias = `某单位${++orgs > 1 ? orgs : ''}`
    else {
      const base = `${[...p.name][0] ?? ''}某`
      const n = (used.get(base) ?? 0) + 1
      used.set(base, n)
      alias = n > 1 ? `${base}${'甲乙丙丁戊'[n - 2] ?? n}` : base
    }
    map.set(p.name, alias)
  }
  return map
}

/** Blanks anything in free text that looks like an ID number or a phone number. */
export function scrubDigits(text: string): string {
  return text
    .replace(/\d{17}[\dXx]|\d{15}/g, '［已隐去］')
    .replace(/1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|0\d{2,3}-?\d{7,8}|\d{7,8}/g, '［已隐去］')
}

/** 典型案例: one case as a teaching text, de-identified. */
export async function typicalCase(db: Db, caseId: number): Promise<string> {
  const c = await caseDetail(db, caseId)
  const names = pseudonyms(c.parties)
  const anon = (s: string) => {
    let out = s
    for (const [name, alias] of [...names].sort((a, b) => b[0].length - a[0].length)) out = out.split(name).join(alias)
    return scrubDigits(out)
  }
  const who = (side: string) =>
    c.parties
      .filter((p) => p.side === side)
      .map((p) => names.get(p.name))
      .join('、')
  const lines = [
    `典型案例：${anon(c.title)}`,
    `纠纷类型：${c.disputeType}　难易程度：${c.difficulty}　案件来源：${c.source}`,
    `申请人：${who('申请人')}　被申请人：${who('被申请人')}`,
    '',
    '【基本案情】',
    anon(c.facts),
    '',
    '【调解过程】',
    ...c.sessions.map(
      (s) =>
        `${s.heldAt.slice(0, 10)} ${s.kind}：${anon([s.applicantSays, s.respondentSays].filter(Boolean).join(' '))}（${s.result}）`,
    ),
  ]
  if (c.agreement?.signedOn) {
    lines.push('', '【调解结果】')
    for (const cl of c.agreement.clauses) {
      lines.push(
        `${cl.position}. ${names.get(cl.obligor) ?? '一方'}${anon(cl.content)}${cl.amount ? `（${formatYuan(cl.amount)}元）` : ''}`,
      )
    }
  } else if (c.endReason) lines.push('', '【结果】', anon(c.endReason))
  return lines.join('\n') + '\n'
}

/** 归档: the whole case with full values, for the encrypted archive only. */
export async function archiveContent(db: Db, caseId: number): Promise<{ name: string; data: string }[]> {
  const d = await dossier(db, caseId)
  const parties = await db.selectFrom('mediation_parties').selectAll().where('case_id', '=', caseId).execute()
  return [
    { name: `${d.cover.volumeNo}-卷宗.json`, data: JSON.stringify({ ...d, case: { ...d.case, parties } }, null, 2) },
  ]
}

export async function exportProfile(
  db: Db,
  q: {
    profile: '上报统计' | '典型案例' | '归档'
    caseId: number | null
    year: number | null
    password?: string | null
  },
  ctx: HostContext,
): Promise<{ path: string | null }> {
  let name: string
  let data: string | Uint8Array
  if (q.profile === '上报统计') {
    if (q.year === null) throw new AppError('VALIDATION', '请选择要上报的年份。')
    name = `人民调解统计-${q.year}.csv`
    data = await reportCsv(db, q.year)
  } else {
    if (q.caseId === null) throw new AppError('VALIDATION', '请选择案件。')
    if (q.profile === '典型案例') {
      name = `典型案例-${q.caseId}.txt`
      data = await typicalCase(db, q.caseId)
    } else {
      if (!q.password) throw new AppError('NEED_PASSWORD', '归档导出要加密保存，请在「归档导出」窗口里设置密码。')
      const files = await archiveContent(db, q.caseId)
      const caseNo = (await dossier(db, q.caseId)).cover.volumeNo
      const saved = await saveEncryptedArchive(
        db,
        ctx,
        `调解卷宗归档 ${caseNo}`,
        `调解卷宗-${caseNo}`,
        files,
        q.password,
      )
      return { path: saved.path }
    }
  }
  const path = await saveBytes(ctx, name, typeof data === 'string' ? new TextEncoder().encode(data) : data)
  // Only a file that was saved is a disclosure worth logging; a closed save dialog wrote nothing.
  if (path) await audit(db, '导出', 'mediation', q.caseId, { profile: q.profile, year: q.year, at: nowIso() })
  return { path }
}
