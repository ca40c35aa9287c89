import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { idCheckChar } from '../shared/id-number'
import { officeDate } from '../shared/time'
import { saveProfile } from '../electron/community/community-service'
import { addStaff, createCase, type PartyInput } from '../electron/mediation/case-service'
import { raiseAlert } from '../electron/mediation/followup-service'
import { saveOperator } from '../electron/settings/operators-service'
import { chromiumPath, closeBrowser, englishOnScreen, screenshot, signIn, startApp, type TestApp } from './support/app'
import { dialog, expectToast, nav } from './support/community'

/**
 * 调解案卷 and who is at the keyboard, by clicking: a 普通 clerk does not see 调解 and is refused a
 * case's page (and so its protected address); an elder (乡贤) sees only the case they take part in;
 * the case's own mediator sees the protected address, and exports the complete dossier encrypted
 * with a password that 7-Zip then opens.
 */
const SEVEN_ZIP = ['/usr/bin/7z', '/usr/bin/7za'].find((p) => existsSync(p)) ?? null
const ID_B = ((f: string) => f + idCheckChar(f))('11010519550101001')
const today = officeDate()

const person = (over: Partial<PartyInput>): PartyInput => ({
  side: '申请人',
  kind: '个人',
  residentId: null,
  name: '',
  gender: '',
  ethnicity: '汉族',
  birthDate: null,
  occupation: '',
  phone: '',
  address: '',
  idNumber: '',
  creditCode: '',
  legalRep: '',
  claim: '',
  safety: false,
  ...over,
})

let app: TestApp
let page: Page
let pipeNo = ''
let feeNo = ''
beforeEach(async () => {
  app = await startApp()
  page = app.page
  const db = app.database.db
  await saveProfile(db, { name: '幸福里社区', kind: '城市社区', address: '幸福路 88 号', phone: '' })
  const pipe = await createCase(db, {
    source: '当事人申请',
    disputeType: '邻里',
    difficulty: '简单',
    title: '楼上漏水',
    facts: '楼上卫生间水管漏水',
    acceptedOn: today,
    council: '',
    parties: [
      person({ name: '王秀英', phone: '13800001234', address: '幸福路 8 号 3号楼2单元401室' }),
      person({
        side: '被申请人',
        name: '李建国',
        phone: '13912345678',
        address: '幸福路 8 号 5号楼1单元501室',
        idNumber: ID_B,
        safety: true,
      }),
    ],
    topicId: null,
  })
  await addStaff(db, pipe.id, { role: '人民调解员', name: '王德明', presiding: true })
  await addStaff(db, pipe.id, { role: '乡贤', name: '陈老伯', presiding: false })
  await raiseAlert(db, { caseId: pipe.id, foundOn: today, signs: '双方在楼道争吵', measures: '分开劝说', people: 2 })
  const fee = await createCase(db, {
    source: '调委会主动调解',
    disputeType: '物业',
    difficulty: '一般',
    title: '物业费',
    facts: '拒交物业费',
    acceptedOn: today,
    council: '',
    parties: [person({ name: '赵六' }), person({ side: '被申请人', name: '钱七' })],
    topicId: null,
  })
  pipeNo = pipe.caseNo
  feeNo = fee.caseNo
  await saveOperator(db, null, { name: '林管理', roles: ['管理员'], pin: null })
  await saveOperator(db, null, { name: '小王', roles: [], pin: null })
  await saveOperator(db, null, { name: '陈老伯', roles: ['乡贤'], pin: null })
  await saveOperator(db, null, { name: '王德明', roles: ['调解员'], pin: null })
  await saveOperator(db, null, { name: '孙调解', roles: ['调解员'], pin: null })
  await app.context.clearCookies()
  await page.reload()
  await page.getByText('请选择操作人').waitFor()
})
afterEach(async () => {
  expect(app.pageErrors).toEqual([])
  await app.close()
})
afterAll(() => closeBrowser())

async function enterAs(name: string) {
  await signIn(page, name)
  await page.getByRole('navigation', { name: '主菜单' }).waitFor()
}
async function openCaseFromList(caseNo: string) {
  await nav(page, '调解案卷').click()
  await page.getByTestId('cases').getByText(caseNo).click()
  await page.getByTestId('case-title').waitFor()
}
const respondentRow = () => page.getByTestId('parties').locator('.el-table__body tr', { hasText: '李建国' })

describe.skipIf(!chromiumPath)('调解案卷：谁能打开、看到什么', () => {
  it('普通操作人看不到「调解」，打开案件的地址被拒绝；乡贤只看到自己参加的案件', async () => {
    await enterAs('小王')
    expect(await nav(page, '调解案卷').count()).toBe(0)
    // Nor does the home page lead there: the 激化苗头 tile is for those who may open the casebook.
    await page.locator('.tiles').first().waitFor()
    expect(await page.getByText('激化苗头未化解').count()).toBe(0)
    expect(await nav(page, '调解统计').count()).toBe(0)
    await page.evaluate(() => (window.location.hash = '#/mediation/cases/1'))
    await expectToast(page, '「调解案件」只有主任或调解员或乡贤能打开。')
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/')
    expect(await page.getByText('李建国').count()).toBe(0)
    await screenshot(page, 'mediation-operators-01-普通')
    expect(await englishOnScreen(page)).toEqual([])

    await page.getByRole('button', { name: '换人' }).click()
    await enterAs('陈老伯')
    await page.getByText('激化苗头未化解').waitFor()
    await nav(page, '调解案卷').click()
    await expect.poll(() => page.getByTestId('case-total').innerText()).toBe('共 1 件')
    expect(await page.getByTestId('cases').innerText()).toContain(pipeNo)
    expect(await page.getByTestId('cases').innerText()).not.toContain(feeNo)
    // New cases are the office's: no 受理登记 for an elder.
    expect(await page.getByRole('link', { name: '受理登记' }).count()).toBe(0)
    await screenshot(page, 'mediation-operators-02-乡贤的案件')
    expect(await englishOnScreen(page)).toEqual([])
    // The other case typed by address: the main process refuses it in Chinese.
    const feeId = (
      await app.database.db
        .selectFrom('mediation_cases')
        .select('id')
        .where('case_no', '=', feeNo)
        .executeTakeFirstOrThrow()
    ).id
    await page.evaluate((id) => (window.location.hash = `#/mediation/cases/${id}`), feeId)
    await expect
      .poll(() => page.getByTestId('case-error').innerText())
      .toBe('这个案件您没有参加，乡贤只能查看自己参加的调解案件。')
    expect(await page.getByText('赵六').count()).toBe(0)
    // His own case opens; the protected address stays hidden from him (he is not its mediator).
    await openCaseFromList(pipeNo)
    await expect.poll(() => respondentRow().innerText()).toContain('人身安全保护，不显示')
  })

  it('本案调解员看得到受保护的住址，别的调解员要写原因；加密导出完整卷宗，7-Zip 用密码打开', async () => {
    await enterAs('孙调解')
    await openCaseFromList(pipeNo)
    await expect.poll(() => respondentRow().innerText()).toContain('人身安全保护，不显示')
    await respondentRow().getByRole('button', { name: '查看完整' }).click()
    const reveal = dialog(page, '查看完整信息')
    await reveal.getByText('住址', { exact: true }).click()
    await reveal.getByLabel('查看原因', { exact: true }).fill('上门送达')
    await reveal.getByRole('button', { name: '查看' }).click()
    await expect.poll(() => reveal.getByTestId('revealed').innerText()).toBe('幸福路 8 号 5号楼1单元501室')
    await reveal.getByRole('button', { name: '关闭', exact: true }).click()

    await page.getByRole('button', { name: '换人' }).click()
    await enterAs('王德明')
    await openCaseFromList(pipeNo)
    await expect.poll(() => respondentRow().innerText()).toContain('幸福路 8 号 5号楼1单元')
    expect(await respondentRow().innerText()).not.toContain('501')
    await screenshot(page, 'mediation-operators-03-本案调解员')

    await page.getByRole('button', { name: '加密导出完整卷宗…' }).click()
    const box = dialog(page, '加密导出完整卷宗')
    await box.getByLabel('归档密码', { exact: true }).waitFor()
    await screenshot(page, 'mediation-operators-04-加密导出')
    expect(await englishOnScreen(page)).toEqual([])
    await box.getByLabel('归档密码', { exact: true }).fill('short')
    await box.getByLabel('再输一遍归档密码').fill('short')
    await box.getByRole('button', { name: '加密导出' }).click()
    await expect.poll(() => box.getByTestId('dialog-error').innerText()).toContain('归档密码要 8 到 64 位')
    await box.getByLabel('归档密码', { exact: true }).fill('Tiaojie-2026')
    await box.getByLabel('再输一遍归档密码').fill('Tiaojie-2025')
    await box.getByRole('button', { name: '加密导出' }).click()
    await expect.poll(() => box.getByTestId('dialog-error').innerText()).toBe('两次输入的归档密码不一样，请重新输入。')
    await box.getByLabel('再输一遍归档密码').fill('Tiaojie-2026')
    await box.getByRole('button', { name: '加密导出' }).click()
    await box.getByTestId('archive-export-path').waitFor()
    // (after saving, the dialog names the file's place and 7-Zip / WinRAR, the programs that open it)
    await screenshot(page, 'mediation-operators-05-已加密导出')
    const [zip] = readdirSync(app.exportDir).filter((f) => f.endsWith('.zip'))
    expect(zip).toMatch(/^调解卷宗-.*\.zip$/)
    const file = join(app.exportDir, zip!)
    expect(readFileSync(file).includes(Buffer.from(ID_B))).toBe(false)
    const log = await app.database.db
      .selectFrom('audit_log')
      .select(['entity', 'operator_name'])
      .where('action', '=', '导出')
      .execute()
    expect(log).toEqual([{ entity: expect.stringContaining('调解卷宗归档'), operator_name: '王德明' }])
    if (!SEVEN_ZIP) return console.log('跳过 7z 检验：找不到 7z（apt-get install -y p7zip-full）')
    expect(spawnSync(SEVEN_ZIP, ['t', '-pwrong-pass1', file]).status).not.toBe(0)
    const out = mkdtempSync(join(app.dir, 'unzip-'))
    expect(spawnSync(SEVEN_ZIP, ['x', '-pTiaojie-2026', '-y', `-o${out}`, file]).status).toBe(0)
    const inside = readdirSync(out)
      .map((f) => readFileSync(join(out, f), 'utf8'))
      .join('')
    expect(inside).toContain(ID_B)
    expect(inside).toContain('13912345678')
  })
})
