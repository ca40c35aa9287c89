import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import * as XLSX from 'xlsx'
import { creditCodeCheckChar } from '../../shared/credit-code'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { saveTemplate } from '../registry/import/import-files'
import { createResident } from '../people/roster-service'
import { createPartner, setMembers } from './partner-service'
import { partnerImport } from './import'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => t.cleanup())

/** A valid 统一社会信用代码 from its first 17 characters. */
const code = (first17: string) => first17 + creditCodeCheckChar(first17)!
const A = code('91310104MA1FL5LQ2')
const B = code('52310104MJ5012345')
const C = code('91310104MA1AAAAA1')

async function xlsxOf(rows: unknown[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('合伙人')
  for (const r of rows) ws.addRow(r)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}
const file = (fileName: string, bytes: Uint8Array) => ({ fileName, bytes })
const partners = () =>
  t.db
    .selectFrom('partners')
    .select(['name', 'kind', 'credit_code', 'contact_name', 'contact_phone', 'address', 'note'])
    .orderBy('id')
    .execute()
const base = { contactName: '', contactPhone: '', address: '', note: '' }

describe('importing partners', () => {
  it('matches by credit code, else by name; checks codes, kinds and phones; writes in one go with an audit', async () => {
    await createPartner(t.db, { ...base, kind: '企业', name: '银杏超市', creditCode: A, address: '旧址' })
    await createPartner(t.db, { ...base, kind: '居民自组织', name: '夕阳红舞蹈队', creditCode: '' })
    const bad = A.slice(0, 17) + (A[17] === '0' ? '1' : '0')
    const bytes = await xlsxOf([
      ['合伙人名称', '类型', '统一社会信用代码', '联系人', '联系电话', '地址', '备注'],
      ['银杏便民超市', '', A.toLowerCase(), '王经理', '13812345678', '', ''], // same code, new name
      ['夕阳红舞蹈队', '', '', '李阿姨', '', '', '每周三'], // same name, no code
      ['阳光社工服务中心', '社会组织', B, '', '021-62188000', '', ''],
      ['错码公司', '企业', bad, '', '', '', ''],
      ['没有码的公司', '企业', '', '', '', '', ''],
      ['怪类型', '合作社', C, '', '12345', '', ''],
      ['阳光社工服务中心', '社会组织', B, '', '', '', ''],
      ['编织小组', '自组织', '', '', '', '', ''],
    ])
    const preview = await partnerImport.preview(t.db, file('合伙人.xlsx', bytes))
    expect(preview).toMatchObject({ total: 8, newCount: 2, updateCount: 2, missingLabel: '', missing: [] })
    expect(preview.problems.map((p) => [p.row, p.reason])).toEqual([
      [5, expect.stringContaining('统一社会信用代码最后一位校验码不对') as string],
      [6, '统一社会信用代码没有填（企业都有，见营业执照或登记证书；只有居民自组织可以不填）'],
      [
        7,
        '类型「合作社」不对，应为企业、个体工商户、社会组织、驻区单位、居民自组织之一；联系电话「12345」不像电话号码：手机是 11 位数字，座机如 021-62188000',
      ],
      [8, '与第 4 行是同一个合伙人'],
    ])
    expect(await partners()).toHaveLength(2) // the preview wrote nothing

    expect(await partnerImport.commit(t.db, file('合伙人.xlsx', bytes), { createMissing: false })).toEqual({
      created: 2,
      updated: 2,
      missingCreated: 0,
      skipped: 4,
    })
    expect(await partners()).toEqual([
      // Only the columns a row gives change: the old address stays.
      {
        name: '银杏便民超市',
        kind: '企业',
        credit_code: A,
        contact_name: '王经理',
        contact_phone: '13812345678',
        address: '旧址',
        note: '',
      },
      {
        name: '夕阳红舞蹈队',
        kind: '居民自组织',
        credit_code: null,
        contact_name: '李阿姨',
        contact_phone: '',
        address: '',
        note: '每周三',
      },
      {
        name: '阳光社工服务中心',
        kind: '社会组织',
        credit_code: B,
        contact_name: '',
        contact_phone: '021-62188000',
        address: '',
        note: '',
      },
      {
        name: '编织小组',
        kind: '居民自组织',
        credit_code: null,
        contact_name: '',
        contact_phone: '',
        address: '',
        note: '',
      },
    ])
    const log = await t.db.selectFrom('audit_log').selectAll().where('entity', '=', '合伙人导入').execute()
    expect(JSON.parse(log[0]!.detail)).toEqual({ 文件: '合伙人.xlsx', 新增: 2, 更新: 2, 未导入: 4 })
  })

  it('a name registered with another code, or twice, is not guessed; a 居民自组织 with members keeps its kind', async () => {
    await createPartner(t.db, { ...base, kind: '企业', name: '甲公司', creditCode: A })
    await createPartner(t.db, { ...base, kind: '企业', name: '乙公司', creditCode: B })
    await createPartner(t.db, { ...base, kind: '企业', name: '乙公司', creditCode: C })
    const team = await createPartner(t.db, { ...base, kind: '居民自组织', name: '舞蹈队', creditCode: '' })
    const r = await createResident(t.db, {
      name: '王芳',
      buildingId: null,
      unit: '',
      room: '',
      phone: '',
      tags: [],
      note: '',
    })
    await setMembers(t.db, team.id, [r.id])
    const other = code('91310104MA1BBBBB2')
    const bytes = await xlsxOf([
      ['名称', '类型', '统一社会信用代码'],
      ['甲公司', '企业', other],
      ['乙公司', '', ''],
      ['舞蹈队', '社会组织', other.slice(0, 16) + '0' + creditCodeCheckChar(other.slice(0, 16) + '0')!],
    ])
    const preview = await partnerImport.preview(t.db, file('p.xlsx', bytes))
    expect(preview.problems.map((p) => p.reason)).toEqual([
      `已登记的「甲公司」统一社会信用代码是 ${A}，与这一行的 ${other} 不同，请核对（不同的单位请用不同的名称）`,
      '已登记了 2 个名为「乙公司」的合伙人，请填统一社会信用代码以分清是哪一个；类型没有填，应为企业、个体工商户、社会组织、驻区单位、居民自组织之一',
      '「舞蹈队」是有成员的居民自组织，不能改成社会组织：请先在合伙人页面移出成员',
    ])
    await partnerImport.commit(t.db, file('p.xlsx', bytes), { createMissing: false })
    expect(await partners()).toHaveLength(4)
  })

  it('a file without the partner headers is refused in Chinese; the template imports', async () => {
    const roster = await xlsxOf([
      ['姓名', '性别'],
      ['张三', '男'],
    ])
    await expect(partnerImport.preview(t.db, file('名册.xlsx', roster))).rejects.toThrow(
      /没有找到表头：表格前 20 行里应有一行写着「名称」和「类型」/,
    )
    await expect(partnerImport.commit(t.db, file('名册.xlsx', roster), { createMissing: false })).rejects.toThrow(
      /没有找到表头/,
    )
    const saved = await saveTemplate(t.ctx, partnerImport)
    expect(saved.path).toMatch(/合伙人导入模板\.xlsx$/)
    const bytes = new Uint8Array(readFileSync(saved.path!))
    const wb = XLSX.read(bytes)
    expect(XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: false })).toEqual([
      partnerImport.template.headers,
      partnerImport.template.example,
    ])
    expect(await partnerImport.preview(t.db, file('模板.xlsx', bytes))).toMatchObject({ newCount: 1, problems: [] })
    expect(await partners()).toEqual([])
  })
})
