import { creditCodeProblem, normalizeCreditCode } from '../../shared/credit-code'
import { PARTNER_KINDS, type PartnerKind } from '../../shared/partner-values'
import { isPhoneNumber } from '../../shared/phone'
import { givenColumns, importer, type ImportKind } from '../registry/import/engine'

/**
 * 导入合伙人 through the one importer (registry/import/engine.ts). A row matches the partner with
 * the same 统一社会信用代码, else the one with the same name, and updates the columns it gives. The
 * code is checked as the partner form checks it (shared/credit-code.ts) and required except for a
 * 居民自组织; a partner with members stays a 居民自组织.
 */
const PARTNER_FIELDS = {
  name: {
    label: '名称',
    headers: ['名称', '合伙人名称', '单位名称', '组织名称', '企业名称', '合伙人', '单位'],
    max: 60,
  },
  kind: { label: '类型', headers: ['类型', '合伙人类型', '单位类型', '组织类型', '类别'] },
  creditCode: {
    label: '统一社会信用代码',
    headers: ['统一社会信用代码', '信用代码', '社会信用代码', '统一代码', '组织机构代码'],
    text: true,
  },
  contactName: { label: '联系人', headers: ['联系人', '负责人', '联系人姓名'], max: 30 },
  contactPhone: { label: '联系电话', headers: ['联系电话', '电话', '手机', '手机号', '联系方式'], text: true },
  address: { label: '地址', headers: ['地址', '单位地址', '办公地址', '住所'], max: 100 },
  note: { label: '备注', headers: ['备注', '说明'], max: 500 },
} as const
type PartnerField = keyof typeof PARTNER_FIELDS

/** The words offices use for the module's kinds. */
const KIND_WORDS: Record<string, PartnerKind> = {
  ...Object.fromEntries(PARTNER_KINDS.map((k) => [k, k])),
  公司: '企业',
  个体户: '个体工商户',
  社团: '社会组织',
  民办非企业单位: '社会组织',
  自组织: '居民自组织',
  居民团队: '居民自组织',
}

interface PartnerValues {
  kind: PartnerKind
  name: string
  creditCode: string | null
  contactName: string
  contactPhone: string
  address: string
  note: string
}

interface Registered {
  id: number
  name: string
  kind: PartnerKind
  code: string | null
  members: boolean
}

interface PartnerContext {
  byCode: Map<string, Registered>
  /** Name → the partners of that name (usually one). */
  byName: Map<string, Registered[]>
}

const COLUMN_OF = {
  name: 'name',
  kind: 'kind',
  creditCode: 'credit_code',
  contactName: 'contact_name',
  contactPhone: 'contact_phone',
  address: 'address',
  note: 'note',
} as const satisfies Record<PartnerField, string>

export const partnerKind: ImportKind<PartnerField, PartnerValues, PartnerContext> = {
  sheetName: '合伙人',
  templateFile: '合伙人导入模板.xlsx',
  entity: '合伙人导入',
  sameRecord: '个合伙人',
  unit: '个合伙人',
  matchRule: '统一社会信用代码相同，或名称相同',
  fields: PARTNER_FIELDS,
  keyField: 'name',
  headerHint: '「名称」和「类型」「统一社会信用代码」「联系人」',
  example: {
    name: '银杏便民超市有限公司',
    kind: '企业',
    creditCode: '91310104MA1FL5LQ2A',
    contactName: '王经理',
    contactPhone: '13812345678',
    address: '银杏路 12 号',
    note: '',
  },
  async prepare(db) {
    const rows = await db.selectFrom('partners').select(['id', 'name', 'kind', 'credit_code']).execute()
    const withMembers = new Set(
      (await db.selectFrom('partner_members').select('partner_id').distinct().execute()).map((m) => m.partner_id),
    )
    const byCode = new Map<string, Registered>()
    const byName = new Map<string, Registered[]>()
    for (const r of rows) {
      const p = { id: r.id, name: r.name, kind: r.kind, code: r.credit_code, members: withMembers.has(r.id) }
      if (p.code) byCode.set(p.code, p)
      byName.set(p.name, [...(byName.get(p.name) ?? []), p])
    }
    return { byCode, byName }
  },
  checkRow({ text }, c, reasons) {
    const name = text('name')
    const code = normalizeCreditCode(text('creditCode'))
    const kindText = text('kind').replace(/\s+/g, '')
    const kind = kindText ? KIND_WORDS[kindText] : undefined
    if (kindText && !kind) reasons.push(`类型「${kindText}」不对，应为${PARTNER_KINDS.join('、')}之一`)
    if (code) {
      const problem = creditCodeProblem(code)
      if (problem) reasons.push(problem.replace(/。$/, ''))
    }
    const phone = text('contactPhone')
    if (phone && !isPhoneNumber(phone)) {
      reasons.push(`联系电话「${phone}」不像电话号码：手机是 11 位数字，座机如 021-62188000`)
    }

    let match: Registered | null = (code && c.byCode.get(code)) || null
    if (!match && name) {
      const named = c.byName.get(name) ?? []
      if (named.length > 1) {
        reasons.push(`已登记了 ${named.length} 个名为「${name}」的合伙人，请填统一社会信用代码以分清是哪一个`)
      } else if (named[0]?.code && code) {
        reasons.push(
          `已登记的「${name}」统一社会信用代码是 ${named[0].code}，与这一行的 ${code} 不同，请核对（不同的单位请用不同的名称）`,
        )
      } else match = named[0] ?? null
    }
    const finalKind = kind ?? match?.kind
    if (!finalKind) {
      if (!kindText) reasons.push(`类型没有填，应为${PARTNER_KINDS.join('、')}之一`)
    } else if (!code && !match?.code && finalKind !== '居民自组织') {
      reasons.push(`统一社会信用代码没有填（${finalKind}都有，见营业执照或登记证书；只有居民自组织可以不填）`)
    }
    if (match?.members && finalKind && finalKind !== '居民自组织') {
      reasons.push(`「${match.name}」是有成员的居民自组织，不能改成${finalKind}：请先在合伙人页面移出成员`)
    }
    return {
      values: {
        kind: finalKind ?? '企业',
        name,
        creditCode: code || null,
        contactName: text('contactName'),
        contactPhone: phone,
        address: text('address'),
        note: text('note'),
      },
      matchId: match?.id ?? null,
      key: code || `名称\u0000${name}`,
    }
  },
  async write(db, rows, at) {
    for (const r of rows) {
      const v = r.values
      const all = {
        kind: v.kind,
        name: v.name,
        credit_code: v.creditCode,
        contact_name: v.contactName,
        contact_phone: v.contactPhone,
        address: v.address,
        note: v.note,
      }
      if (r.matchId === null) {
        await db
          .insertInto('partners')
          .values({ ...all, created_at: at, updated_at: at })
          .execute()
        continue
      }
      const set = givenColumns(r.given, COLUMN_OF, all)
      await db
        .updateTable('partners')
        .set({ ...set, updated_at: at })
        .where('id', '=', r.matchId)
        .execute()
    }
  },
}

export const partnerImport = importer(partnerKind)
