import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { registryCalls } from '../testing/registry-calls'
import { idCheckChar, maskIdNumber } from '../../shared/id-number'

/**
 * 身份证号、性别、出生日期、人员类型 on the roster: checked at the boundary and in the service with
 * the import's rule, masked in every list read, revealed only with a reason, and never overwritten
 * by the masked value the list showed.
 */
let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => t.cleanup())

const { call, refused } = registryCalls(() => t)
async function made(input: Record<string, unknown>): Promise<number> {
  const r = await call('people.create', { ...base, ...input })
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true })
  return (r as { ok: true; value: { id: number } }).value.id
}
const stored = (id: number) =>
  t.db
    .selectFrom('residents')
    .select(['id_number', 'gender', 'birth_date', 'kind'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
const listed = async () => {
  const r = await call('people.list', {})
  if (!r.ok) throw new Error(r.message)
  return (r.value as { rows: Array<Record<string, unknown>> }).rows
}

const base = { name: '王秀英', buildingId: null, unit: '', room: '', phone: '', tags: [], note: '' }
/** A woman born 1949-12-31 and a man born 1956-03-02, with their right check characters. */
const WOMAN = '11010519491231002X'
const MAN_17 = '11010119560302001'
const MAN = MAN_17 + idCheckChar(MAN_17)
const wrongCheck = (n: string) => n.slice(0, 17) + (n[17] === '0' ? '1' : '0')

describe('the resident identity fields', () => {
  it('refuses a wrong ID number in Chinese, at the boundary, with the import’s reasons', async () => {
    expect(await refused('people.create', { ...base, idNumber: wrongCheck(WOMAN) })).toBe(
      '身份证号校验位不对，请核对号码',
    )
    expect(await refused('people.create', { ...base, idNumber: '1101051949' })).toContain('应为 18 位')
    expect(await refused('people.create', { ...base, idNumber: '11010519491231002Y' })).toContain('只能是数字')
    expect(await refused('people.create', { ...base, gender: '男性' })).toContain('「性别」只能选：男、女')
    expect(await refused('people.create', { ...base, birthDate: '1956-02-30' })).toContain('「出生日期」不是有效的日期')
    expect(await refused('people.create', { ...base, kind: '户'.repeat(21) })).toContain('「人员类型」不能超过 20 个字')
    // A masked value is no number for a new resident.
    expect(await refused('people.create', { ...base, idNumber: maskIdNumber(WOMAN) })).toContain('身份证号')
    expect(await t.db.selectFrom('residents').selectAll().execute()).toEqual([])
  })

  it('checks the ID number’s birth date and sex against the fields given, and fills them when left empty', async () => {
    expect(await refused('people.create', { ...base, idNumber: WOMAN, gender: '男' })).toBe(
      '身份证号表明性别是“女”，与性别“男”不一致',
    )
    expect(await refused('people.create', { ...base, idNumber: WOMAN, birthDate: '1949-12-30' })).toBe(
      '身份证号里的出生日期是 1949-12-31，与出生日期 1949-12-30 不一致',
    )
    const id = await made({ idNumber: ` ${WOMAN.toLowerCase()} `, kind: ' 户籍 ' })
    expect(await stored(id)).toEqual({ id_number: WOMAN, gender: '女', birth_date: '1949-12-31', kind: '户籍' })
    const plain = await made({ name: '李四', gender: '男', birthDate: '1960-05-01', kind: '流动' })
    expect(await stored(plain)).toEqual({ id_number: '', gender: '男', birth_date: '1960-05-01', kind: '流动' })
  })

  it('refuses a birth date still to come and an ID number another resident already has', async () => {
    expect(await refused('people.create', { ...base, birthDate: '2199-01-01' })).toBe('出生日期 2199-01-01 还没到')
    await made({ idNumber: WOMAN })
    expect(await refused('people.create', { ...base, name: '王秀英二', idNumber: WOMAN })).toContain(
      '身份证号与名册里的“王秀英”相同',
    )
  })

  it('lists the ID number masked only; the full number comes through reveal.show with a reason, logged', async () => {
    const id = await made({ idNumber: WOMAN, kind: '常住' })
    const [row] = await listed()
    expect(row).toMatchObject({ idNumber: '110***********002X', gender: '女', birthDate: '1949-12-31', kind: '常住' })
    expect(JSON.stringify(await listed())).not.toContain(WOMAN)
    const searched = await call('people.list', { search: '王' })
    expect(JSON.stringify(searched)).not.toContain(WOMAN)
    expect(JSON.stringify(searched)).toContain('110***********002X')

    expect(await call('reveal.show', { kind: 'resident.idNumber', id, reason: '' })).toMatchObject({ ok: false })
    expect(await call('reveal.show', { kind: 'resident.idNumber', id, reason: '办理低保' })).toEqual({
      ok: true,
      value: { value: WOMAN },
    })
    const logged = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity', 'entity_id', 'detail'])
      .where('action', '=', '查看')
      .execute()
    expect(logged).toEqual([
      { action: '查看', entity: '居民身份证号', entity_id: id, detail: JSON.stringify({ 原因: '办理低保' }) },
    ])
  })

  it('keeps the stored number when the masked value comes back unchanged, or when it is left out', async () => {
    const id = await made({ idNumber: WOMAN })
    const [row] = await listed()
    const edit = { ...base, id, name: '王秀英', idNumber: row!.idNumber, gender: '', birthDate: null, kind: '户籍' }
    expect(await call('people.update', edit)).toMatchObject({ ok: true })
    expect(await stored(id)).toEqual({ id_number: WOMAN, gender: '女', birth_date: '1949-12-31', kind: '户籍' })

    const { idNumber: _, ...withoutNumber } = edit
    expect(await call('people.update', { ...withoutNumber, note: '改了备注' })).toMatchObject({ ok: true })
    expect((await stored(id)).id_number).toBe(WOMAN)

    // The kept number is still checked against the other fields.
    expect(await refused('people.update', { ...edit, gender: '男' })).toBe('身份证号表明性别是“女”，与性别“男”不一致')
    // Another number's mask, or a half-typed one with stars, is refused and changes nothing.
    expect(await refused('people.update', { ...edit, idNumber: maskIdNumber(MAN) })).toContain('只显示了一部分')
    expect(await refused('people.update', { ...edit, idNumber: '110*****1234' })).toContain('只显示了一部分')
    expect((await stored(id)).id_number).toBe(WOMAN)
  })

  it('a typed new number replaces the stored one (with the fields it implies); an empty box clears it', async () => {
    const id = await made({ idNumber: WOMAN })
    const edit = { ...base, id, gender: '', birthDate: null }
    expect(await call('people.update', { ...edit, idNumber: MAN })).toMatchObject({ ok: true })
    expect(await stored(id)).toEqual({ id_number: MAN, gender: '男', birth_date: '1956-03-02', kind: '' })
    expect(await refused('people.update', { ...edit, idNumber: wrongCheck(MAN) })).toBe(
      '身份证号校验位不对，请核对号码',
    )
    expect(await call('people.update', { ...edit, idNumber: '' })).toMatchObject({ ok: true })
    expect(await stored(id)).toEqual({ id_number: '', gender: '', birth_date: '', kind: '' })
  })
})
