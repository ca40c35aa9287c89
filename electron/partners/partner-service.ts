import { AppError, notFound } from '../../shared/app-error'
import { creditCodeProblem, normalizeCreditCode } from '../../shared/credit-code'
import { maskPhone } from '../../shared/phone'
import { nowIso } from '../../shared/time'
import type { PartnerKind } from '../../shared/partner-values'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { likePattern, likes } from '../database/text-search'
import { inTransaction } from '../database/unit-of-work'
import { prepared } from '../database/prepared'

/**
 * 合伙人: who the community works with. A 统一社会信用代码 is required, check character and all,
 * except for a 居民自组织 (which rarely has one); its members come from the 居民名册. Lists and
 * exports show the contact's phone masked; the full number is shown on request, and that is logged.
 */

export interface PartnerInput {
  kind: PartnerKind
  name: string
  creditCode: string
  contactName: string
  contactPhone: string
  address: string
  note: string
}

export interface PartnerRow {
  id: number
  kind: PartnerKind
  name: string
  creditCode: string | null
  contactName: string
  /** Masked (138****5678). */
  contactPhone: string
  address: string
  agreements: number
}

function checkedCode(input: PartnerInput): string | null {
  const code = normalizeCreditCode(input.creditCode)
  if (!code) {
    if (input.kind === '居民自组织') return null
    throw new AppError('INVALID_INPUT', `请填写「统一社会信用代码」（${input.kind}都有，见营业执照或登记证书）。`)
  }
  const problem = creditCodeProblem(code)
  if (problem) throw new AppError('INVALID_INPUT', problem)
  return code
}

async function assertCodeFree(db: Db, code: string | null, id: number | null): Promise<void> {
  if (!code) return
  let q = db.selectFrom('partners').select(['id', 'name']).where('credit_code', '=', code)
  if (id !== null) q = q.where('id', '<>', id)
  const other = await q.executeTakeFirst()
  if (other) throw new AppError('DUPLICATE', `这个统一社会信用代码已登记为「${other.name}」，请勿重复登记。`)
}

function values(input: PartnerInput, code: string | null) {
  return {
    kind: input.kind,
    name: input.name,
    credit_code: code,
    contact_name: input.contactName,
    contact_phone: input.contactPhone,
    address: input.address,
    note: input.note,
  }
}

export async function createPartner(db: Db, input: PartnerInput): Promise<{ id: number }> {
  const code = checkedCode(input)
  return inTransaction(db, async (trx) => {
    await assertCodeFree(trx, code, null)
    const at = nowIso()
    const row = await trx
      .insertInto('partners')
      .values({ ...values(input, code), created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', '合伙人', row.id, { name: input.name })
    return { id: row.id }
  })
}

export async function updatePartner(db: Db, id: number, input: PartnerInput): Promise<void> {
  const code = checkedCode(input)
  await inTransaction(db, async (trx) => {
    await assertCodeFree(trx, code, id)
    const current = await trx.selectFrom('partners').select('kind').where('id', '=', id).executeTakeFirst()
    if (!current) throw notFound('合伙人')
    if (current.kind === '居民自组织' && input.kind !== '居民自组织') {
      const m = await trx
        .selectFrom('partner_members')
        .select('resident_id')
        .where('partner_id', '=', id)
        .executeTakeFirst()
      if (m) throw new AppError('INVALID_INPUT', '这个居民自组织还有成员，请先移出成员再改类型。')
    }
    await trx
      .updateTable('partners')
      .set({ ...values(input, code), updated_at: nowIso() })
      .where('id', '=', id)
      .execute()
    await audit(trx, '修改', '合伙人', id, { name: input.name })
  })
}

/** A search as LIKE patterns (values of a prepared statement): '' for none. Codes are stored upper case. */
type PartnerFilter = { pattern: string; codePattern: string; kind: PartnerKind | null }

function partnerSearch(search: string): Pick<PartnerFilter, 'pattern' | 'codePattern'> {
  return search
    ? { pattern: likePattern(search), codePattern: likePattern(search.toUpperCase()) }
    : { pattern: '', codePattern: '' }
}

function partnerFilter(db: Db, query: PartnerFilter) {
  let q = db.selectFrom('partners as p')
  if (query.pattern) {
    const { pattern, codePattern } = query
    q = q.where((eb) =>
      eb.or([likes('p.name', pattern), likes('p.credit_code', codePattern), likes('p.contact_name', pattern)]),
    )
  }
  if (query.kind !== null) q = q.where('p.kind', '=', query.kind)
  return q
}

// Compiled once per filter combination (prepared.ts); a search is a value (its LIKE patterns).
const partnerPage = prepared((db, query: PartnerFilter & { limit: number; offset: number }) =>
  // One statement: the page and, on every row, how many match in all (count(*) over ()).
  partnerFilter(db, query)
    .select((eb) => [
      eb.fn.countAll<number>().over().as('total'),
      'p.id',
      'p.kind',
      'p.name',
      'p.credit_code',
      'p.contact_name',
      'p.contact_phone',
      'p.address',
      eb
        .selectFrom('partner_agreements as a')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('a.partner_id', '=', 'p.id')
        .where('a.voided_at', 'is', null)
        .as('agreements'),
    ])
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(query.limit)
    .offset(query.offset),
)
const partnerCount = prepared((db, query: PartnerFilter) =>
  partnerFilter(db, query).select((eb) => eb.fn.countAll<number>().as('n')),
)

export async function listPartners(
  db: Db,
  query: { search: string; kind: PartnerKind | null; limit: number; offset: number },
): Promise<{ rows: PartnerRow[]; total: number }> {
  const search = partnerSearch(query.search)
  const rows = await partnerPage(db, {
    ...search,
    kind: query.kind,
    limit: query.limit,
    offset: query.offset,
  })
  // A page past the end has no row to carry the total: count on its own.
  const total =
    rows.length > 0
      ? Number(rows[0]!.total)
      : query.offset === 0
        ? 0
        : Number((await partnerCount(db, { ...search, kind: query.kind }))[0]!.n)
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      creditCode: r.credit_code,
      contactName: r.contact_name,
      contactPhone: maskPhone(r.contact_phone),
      address: r.address,
      agreements: Number(r.agreements ?? 0),
    })),
  }
}

export async function getPartner(db: Db, id: number) {
  const p = await db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst()
  if (!p) throw notFound('合伙人')
  const members = await db
    .selectFrom('partner_members as m')
    .innerJoin('residents as r', 'r.id', 'm.resident_id')
    .select(['r.id', 'r.name'])
    .where('m.partner_id', '=', id)
    .orderBy('r.name')
    .execute()
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    creditCode: p.credit_code,
    contactName: p.contact_name,
    contactPhone: maskPhone(p.contact_phone),
    hasPhone: p.contact_phone !== '',
    address: p.address,
    note: p.note,
    members,
  }
}

/** The contact's full number, for editing or calling; logged. */
export async function revealPartnerPhone(db: Db, id: number): Promise<{ phone: string }> {
  const p = await db.selectFrom('partners').select('contact_phone').where('id', '=', id).executeTakeFirst()
  if (!p) throw notFound('合伙人')
  await audit(db, '查看', '合伙人电话', id, {})
  return { phone: p.contact_phone }
}

/** A 居民自组织's members, from the roster: replaces the list. */
export async function setMembers(db: Db, partnerId: number, residentIds: readonly number[]): Promise<void> {
  await inTransaction(db, async (trx) => {
    const p = await trx.selectFrom('partners').select('kind').where('id', '=', partnerId).executeTakeFirst()
    if (!p) throw notFound('合伙人')
    if (p.kind !== '居民自组织' && residentIds.length > 0) {
      throw new AppError('INVALID_INPUT', '只有居民自组织登记成员；企业、社会组织请填写联系人。')
    }
    const unique = [...new Set(residentIds)]
    if (unique.length) {
      const found = await trx
        .selectFrom('residents')
        .select('id')
        .where('id', 'in', unique)
        .where('deleted_at', 'is', null)
        .execute()
      if (found.length !== unique.length) throw notFound('居民')
    }
    await trx.deleteFrom('partner_members').where('partner_id', '=', partnerId).execute()
    if (unique.length) {
      await trx
        .insertInto('partner_members')
        .values(unique.map((resident_id) => ({ partner_id: partnerId, resident_id })))
        .execute()
    }
    await audit(trx, '修改', '合伙人成员', partnerId, { members: unique.length })
  })
}

/** Partners for a picker (the meeting form's 承办合伙人): id and name, by name. */
export async function partnerOptions(
  db: Db,
  search: string,
): Promise<Array<{ id: number; name: string; kind: PartnerKind }>> {
  return partnerPicker(db, { pattern: search ? likePattern(search) : '' })
}
const partnerPicker = prepared((db, v: { pattern: string }) => {
  let q = db.selectFrom('partners').select(['id', 'name', 'kind'])
  if (v.pattern) q = q.where(likes('name', v.pattern))
  return q.orderBy('name').limit(50)
})
