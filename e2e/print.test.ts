import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as XLSX from 'xlsx'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { chromiumPath, closeBrowser, screenshot, SCREENSHOT_DIR, startApp, type TestApp } from './support/app'
import { nowIso, officeDate } from '../shared/time'
import { addDays } from '../shared/dates'
import * as agendaService from '../electron/meetings/agenda-service'
import * as meetingService from '../electron/meetings/meeting-service'
import * as resolutionService from '../electron/topics/resolution-service'

/**
 * The printable papers of a meeting, as a clerk gets them: the real page in Chromium, saved as an A4
 * PDF, read back with poppler's pdftotext/pdfinfo (Debian's poppler-utils, installed by .ci/run), and
 * the first page of each rendered to screenshots/print-*.png for a person to look at.
 * Also: the ledger export called from the page writes a real .xlsx into the export folder.
 */

function findPoppler(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    const why = '找不到 pdftotext（Debian 软件包 poppler-utils：apt-get install poppler-utils）。'
    if (process.env.CI) throw new Error(`打印测试无法运行：${why}`)
    console.log(`跳过：${why}打印测试未运行。`)
    return false
  }
}
const hasPoppler = chromiumPath ? findPoppler() : false

const MEMBERS: Array<[name: string, role: string, category: string]> = [
  ['王芳', '召集人', '居民代表'],
  ['李建国', '成员', '党员'],
  ['张秀英', '成员', '楼组长'],
  ['刘洋', '成员', '物业'],
  ['陈静', '成员', '业委会'],
  ['杨明', '成员', '居民代表'],
  ['黄丽', '成员', '居民代表'],
  ['周强', '成员', '党员'],
  ['吴敏', '成员', '楼组长'],
  ['徐涛', '成员', '居民代表'],
  ['孙燕', '成员', '居民代表'],
  ['马超', '成员', '驻区单位'],
  ['朱红', '记录人', '居民代表'],
  ['胡军', '列席', '驻区单位'],
  ['郭霞', '列席', '物业'],
]

const ITEMS = [
  { title: '二月份社区工作通报', type: '通报', presenter: '王芳', plannedMinutes: 15 },
  { title: '关于楼道堆物集中清理的讨论', type: '讨论', presenter: '李建国', plannedMinutes: 30 },
  { title: '关于3号楼加装电梯方案的表决', type: '表决', presenter: '张秀英', plannedMinutes: 30 },
  { title: '关于调整小区停车收费的表决', type: '表决', presenter: '刘洋', plannedMinutes: 20 },
] as const

/** A held meeting with agenda, attendance, two votes and confirmed minutes, all through window.api. */
async function seedMeeting(app: TestApp): Promise<number> {
  return app.page.evaluate(
    async ({ members, items }) => {
      const api = window.api
      const unwrap = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
        if (!r.ok) throw new Error(r.message)
        return r.value
      }
      unwrap(
        await api.community.saveProfile({
          name: '幸福里社区',
          kind: '城市社区',
          address: '幸福路 88 号',
          phone: '021-12345678',
        }),
      )
      const building = unwrap(
        await api.community.createBuilding({ name: '3号楼', gridId: null, households: 120, residents: 300, note: '' }),
      )
      const councilId = unwrap(
        await api.council.create({ name: '幸福里议事会', quorumRule: '过半数', passRule: '过半数', note: '' }),
      ).id
      const termId = unwrap(
        await api.council.createTerm({ councilId, name: '第一届', startDate: '2025-01-01', endDate: '2027-12-31' }),
      ).id
      const memberIds: number[] = []
      for (const [i, [name, role, category]] of members.entries()) {
        const residentId = unwrap(
          await api.people.create({
            name,
            buildingId: building.id,
            unit: String((i % 3) + 1),
            room: String(101 + i),
            phone: `139${String(10000000 + i)}`,
            tags: [],
            note: '',
          }),
        ).id
        memberIds.push(
          unwrap(
            await api.council.addMember({
              termId,
              residentId,
              role: role as '成员',
              category: category as '居民代表',
              startDate: '2025-01-01',
              endDate: null,
            }),
          ).id,
        )
      }
      const roomId = unwrap(await api.meetings.createRoom({ name: '社区议事厅', capacity: 60, note: '' })).id
      const meetingId = unwrap(
        await api.meetings.create({
          kind: '议事会例会',
          title: '三月议事会例会',
          start: '2026-03-12T19:00',
          end: '2026-03-12T21:00',
          roomId,
          councilId,
          host: '王芳',
          recorder: '朱红',
        }),
      ).id
      const itemIds: number[] = []
      for (const item of items) itemIds.push(unwrap(await api.meetings.addItem({ meetingId, ...item })).id)
      unwrap(await api.meetings.setStatus({ id: meetingId, status: '已通知', reason: '' }))
      unwrap(await api.meetings.setStatus({ id: meetingId, status: '进行中', reason: '' }))
      // 13 voting members: 10 present, 张秀英 by proxy to 王芳, 刘洋 on leave, 马超 absent; two 列席 in the room.
      const status = (i: number) =>
        i === 2 ? '委托' : i === 3 ? '请假' : i === 11 ? '缺席' : members[i]![1] === '列席' ? '列席' : '出席'
      unwrap(
        await api.meetings.recordAttendance({
          meetingId,
          guestCount: 8,
          entries: memberIds.map((memberId, i) => ({
            memberId,
            status: status(i) as '出席',
            proxyMemberId: i === 2 ? memberIds[0]! : null,
          })),
        }),
      )
      unwrap(await api.meetings.recordVote({ id: itemIds[2]!, for: 9, against: 1, abstain: 1 }))
      unwrap(await api.meetings.recordVote({ id: itemIds[3]!, for: 4, against: 5, abstain: 2 }))
      unwrap(
        await api.meetings.saveMinutes({
          meetingId,
          body: '会议由王芳主持，应到13人，实到10人，委托1人，符合议事规则。\n会议通报了二月份社区工作，讨论了楼道堆物清理，表决通过3号楼加装电梯方案。',
          outcomes: [
            { itemId: itemIds[1]!, outcome: '3月20日前由楼组长通知各户自行清理，逾期由物业集中清运' },
            { itemId: itemIds[2]!, outcome: '通过，报街道审批' },
            { itemId: itemIds[3]!, outcome: '未通过，物业修改方案后再议' },
          ],
        }),
      )
      unwrap(await api.meetings.confirmMinutes({ meetingId }))
      return meetingId
    },
    { members: MEMBERS, items: ITEMS },
  )
}

const squash = (s: string) => s.replace(/\s+/g, '')

interface Printed {
  pages: number
  pageSize: string
  text: string
}

/** Opens one paper, saves it as an A4 PDF and reads it back with poppler; PNG of page 1 for a human. */
async function printToPdf(app: TestApp, meetingId: number, doc: string): Promise<Printed> {
  const { page } = app
  await page.goto(`${app.url}/#/print/meeting/${meetingId}/${doc}`)
  await page.getByTestId('print-sheet').waitFor()
  await page.evaluate(() => document.fonts.ready)
  const pdf = join(app.dir, `${doc}.pdf`)
  await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: false })
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' })
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdf, join(SCREENSHOT_DIR, `print-${doc}`)])
  return {
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
    pageSize: /^Page size:\s+(.*)$/m.exec(info)?.[1] ?? '',
    text: squash(text),
  }
}

function expectAll(text: string, parts: string[]) {
  for (const part of parts) expect(text, `PDF 中应有「${part}」`).toContain(squash(part))
}

describe.skipIf(!chromiumPath || !hasPoppler)('打印与导出', () => {
  let app: TestApp
  let meetingId: number

  beforeEach(async () => {
    app = await startApp()
    meetingId = await seedMeeting(app)
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  it('会议通知、签到表、议程、纪要：A4 PDF 中有应有的中文内容，每份都在合理的页数内', async () => {
    const today = await app.page.evaluate(() => {
      const p = new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
      })
        .formatToParts(new Date())
        .reduce<Record<string, string>>((a, x) => ({ ...a, [x.type]: x.value }), {})
      return `${p.year}年${p.month}月${p.day}日`
    })

    const notice = await printToPdf(app, meetingId, 'notice')
    expect(notice.pageSize).toMatch(/\(A4\)/)
    expect(notice.pages).toBe(1)
    expectAll(notice.text, [
      '关于召开三月议事会例会的通知',
      '幸福里社区居民委员会定于2026年3月12日（星期四）19:00—21:00在社区议事厅召开三月议事会例会',
      '二、会议地点：社区议事厅',
      '1.二月份社区工作通报',
      '3.关于3号楼加装电梯方案的表决（表决，张秀英）',
      '特此通知。',
      today,
    ])
    // The toolbar is for the screen only.
    expect(notice.text).not.toContain('打印')
    expect(notice.text).not.toContain('返回')

    const signin = await printToPdf(app, meetingId, 'signin')
    expect(signin.pages).toBe(1)
    expectAll(signin.text, [
      '幸福里社区三月议事会例会签到表',
      '序号姓名住址类别签名备注',
      '应到13人',
      '2026年3月12日（星期四）19:00—21:00',
      ...MEMBERS.map(([name]) => name),
      '3号楼1单元101',
      '召集人',
      '记录人签字',
    ])
    // 15 members and 3 blank lines for others who come.
    expect(signin.text).toContain('161718')

    const agenda = await printToPdf(app, meetingId, 'agenda')
    expect(agenda.pages).toBe(1)
    expectAll(agenda.text, [
      '三月议事会例会议程',
      '主持人：王芳',
      '记录人：朱红',
      '1.二月份社区工作通报',
      '类型：通报',
      '汇报人：王芳',
      '时长：15分钟',
      '4.关于调整小区停车收费的表决',
      '议程合计95分钟（会议时长120分钟）',
    ])

    const minutes = await printToPdf(app, meetingId, 'minutes')
    expect(minutes.pages).toBe(1)
    expectAll(minutes.text, [
      '三月议事会例会纪要',
      '应到13人，实到10人，委托1人，请假1人，缺席1人；列席2人，其他居民8人',
      '张秀英（委托王芳）',
      '赞成9票，反对1票，弃权1票（有表决权11人，赞成票须过半数）——通过',
      '赞成4票，反对5票，弃权2票（有表决权11人，赞成票须过半数）——未通过',
      '议定结果：通过，报街道审批',
      '表决通过3号楼加装电梯方案',
      '主持人签字',
      '记录人签字',
      '纪要状态：已确认',
    ])
    // The rule is a requirement, never a claim the outcome then contradicts.
    expect(minutes.text).not.toContain('过半数通过）——未通过')
    expect(app.pageErrors).toEqual([])
  })

  it('取消的会议打印取消通知（写明原因）；延期的会议打印延期通知，定了新时间后写明新时间', async () => {
    const db = app.database.db
    const base = {
      kind: '议事会例会' as const,
      start: '2026-04-09T19:00',
      end: '2026-04-09T21:00',
      roomId: null,
      councilId: null,
      host: '王芳',
      recorder: '朱红',
    }
    const cancelled = (await meetingService.createMeeting(db, { ...base, title: '四月议事会例会' })).id
    await meetingService.setStatus(db, cancelled, '已通知', '')
    await meetingService.setStatus(db, cancelled, '取消', '台风红色预警，暂停户外和聚集活动')
    const c = await printToPdf(app, cancelled, 'notice')
    await screenshot(app.page, 'print-取消通知')
    expect(c.pages).toBe(1)
    expectAll(c.text, [
      '关于取消四月议事会例会的通知',
      '原定于2026年4月9日（星期四）19:00—21:00召开的四月议事会例会，因台风红色预警，暂停户外和聚集活动，决定取消',
      '幸福里社区居民委员会',
    ])
    expect(c.text).not.toContain('关于召开')
    expect(c.text).not.toContain('会议议程')

    const postponed = (
      await meetingService.createMeeting(db, {
        ...base,
        title: '五月议事会例会',
        start: '2026-05-14T19:00',
        end: '2026-05-14T21:00',
      })
    ).id
    await meetingService.setStatus(db, postponed, '已通知', '')
    await meetingService.setStatus(db, postponed, '延期', '会议室漏水维修')
    const undecided = await printToPdf(app, postponed, 'notice')
    expectAll(undecided.text, [
      '关于五月议事会例会延期举行的通知',
      '原定于2026年5月14日（星期四）19:00—21:00召开的五月议事会例会，因会议室漏水维修，延期举行。具体时间另行通知。',
    ])
    await meetingService.updateMeeting(db, postponed, {
      ...base,
      title: '五月议事会例会',
      start: '2026-05-21T19:30',
      end: '2026-05-21T21:00',
    })
    await app.page.goto(`${app.url}/#/`) // the same paper's address again would not reload it
    const moved = await printToPdf(app, postponed, 'notice')
    await screenshot(app.page, 'print-延期通知')
    expect(moved.pages).toBe(1)
    expectAll(moved.text, [
      '原定于2026年5月14日（星期四）19:00—21:00召开的五月议事会例会，因会议室漏水维修，延期举行。',
      '会议改于2026年5月21日（星期四）19:30—21:00',
    ])
    expect(moved.text).not.toContain('具体时间另行通知')
    expect(app.pageErrors).toEqual([])
  })

  it('社区名称照占位提示写成“…居民委员会”时，通知里只出现一次“居民委员会”', async () => {
    await app.page.evaluate(async () => {
      const r = await window.api.community.saveProfile({
        name: '幸福里社区居民委员会',
        kind: '城市社区',
        address: '幸福路 88 号',
        phone: '021-12345678',
      })
      if (!r.ok) throw new Error(r.message)
    })
    const notice = await printToPdf(app, meetingId, 'notice')
    expectAll(notice.text, ['幸福里社区居民委员会定于2026年3月12日', '请提前向幸福里社区居民委员会请假'])
    expect(notice.text).not.toContain('居民委员会居民委员会')
  })

  it('议程中的督办通报不强行另起一页：接在前面的事项后面，放不下时才在行间分页', async () => {
    const db = app.database.db
    const passed = await db
      .selectFrom('agenda_items')
      .select('id')
      .where('meeting_id', '=', meetingId)
      .where('title', '=', '关于3号楼加装电梯方案的表决')
      .executeTakeFirstOrThrow()
    const council = await db.selectFrom('councils').select('id').executeTakeFirstOrThrow()
    const soon = addDays(officeDate(nowIso()), 5)
    const next = await meetingService.createMeeting(db, {
      kind: '议事会例会',
      title: '下次议事会例会',
      start: `${soon}T19:00`,
      end: `${soon}T21:30`,
      roomId: null,
      councilId: council.id,
      host: '王芳',
      recorder: '朱红',
    })
    for (let i = 1; i <= 6; i++) {
      await agendaService.addItem(db, next.id, {
        title: `第${i}项：关于小区公共设施维护事项的讨论`,
        type: '讨论',
        presenter: '李建国',
        plannedMinutes: 10,
      })
    }
    // Each overdue resolution, as it is recorded, goes onto the next meeting's 督办通报 (after item 6).
    for (let i = 1; i <= 24; i++) {
      await resolutionService.createResolution(db, passed.id, {
        text: `第${i}件：3号楼加装电梯配套工作`,
        leadDepartment: i % 2 ? '物业服务中心' : '街道城建科',
        coDepartments: [],
        dueDate: '2026-04-30',
      })
    }
    const printed = await printToPdf(app, next.id, 'agenda')
    expect(printed.pages).toBe(2)
    const pdf = join(app.dir, 'agenda.pdf')
    const first = squash(execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' }))
    // The report starts on page 1 right after item 6, and its first resolutions are there too.
    expect(first).toContain('第6项')
    expect(first).toContain('督办通报')
    expect(first).toMatch(/〔\d{4}〕议字第1号/)
  })

  it('25 人的议事会：签到表仍在一页之内', async () => {
    const extra = ['何平', '高峰', '林静', '罗斌', '郑洁', '梁伟', '谢娟', '宋涛', '唐敏', '许亮']
    await app.page.evaluate(async (names) => {
      const api = window.api
      const unwrap = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
        if (!r.ok) throw new Error(r.message)
        return r.value
      }
      const [council] = unwrap(await api.council.list())
      const termId = council!.terms[0]!.id
      for (const [i, name] of names.entries()) {
        const residentId = unwrap(
          await api.people.create({ name, buildingId: null, unit: '', room: '', phone: '', tags: [], note: `${i}` }),
        ).id
        unwrap(
          await api.council.addMember({
            termId,
            residentId,
            role: '成员',
            category: '居民代表',
            startDate: '2025-01-01',
            endDate: null,
          }),
        )
      }
    }, extra)
    const signin = await printToPdf(app, meetingId, 'signin')
    expect(signin.pages).toBe(1)
    expectAll(signin.text, ['应到23人', ...extra, '记录人签字'])
  })

  it('很长的纪要：分页后，签字栏不会单独落在最后一页', async () => {
    const longId = await app.page.evaluate(async () => {
      const api = window.api
      const unwrap = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
        if (!r.ok) throw new Error(r.message)
        return r.value
      }
      const id = unwrap(
        await api.meetings.create({
          kind: '专题议事会',
          title: '老旧小区改造专题议事会',
          start: '2026-04-18T09:30',
          end: '2026-04-18T11:30',
          roomId: null,
          councilId: null,
          host: '王芳',
          recorder: '朱红',
        }),
      ).id
      unwrap(await api.meetings.setStatus({ id, status: '已通知', reason: '' }))
      unwrap(await api.meetings.setStatus({ id, status: '进行中', reason: '' }))
      const body = Array.from(
        { length: 24 },
        (_, i) =>
          `第${i + 1}项：居民代表围绕老旧小区改造中的屋面防水、管线更新、加装电梯和停车位规划等问题逐一发言，提出意见和建议，会议逐条记录在案。`,
      ).join('\n')
      unwrap(await api.meetings.saveMinutes({ meetingId: id, body, outcomes: [] }))
      return id
    })
    const printed = await printToPdf(app, longId, 'minutes')
    expect(printed.pages).toBeGreaterThanOrEqual(2)
    const pdf = join(app.dir, 'minutes.pdf')
    const last = squash(
      execFileSync('pdftotext', ['-layout', '-f', String(printed.pages), '-l', String(printed.pages), pdf, '-'], {
        encoding: 'utf8',
      }),
    )
    expect(last).toContain('主持人签字')
    expect(last).toMatch(/第2[34]项：居民代表/)
  })

  it('打印按钮调用 window.print()，返回回到会议详情', async () => {
    const { page } = app
    await page.goto(`${app.url}/#/print/meeting/${meetingId}/agenda`)
    await page.getByTestId('print-sheet').waitFor()
    await page.evaluate(() => {
      ;(window as unknown as { printed: number }).printed = 0
      window.print = () => {
        ;(window as unknown as { printed: number }).printed++
      }
    })
    await page.getByRole('button', { name: '打印' }).click()
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)
    expect(await page.title()).toBe('会议议程-三月议事会例会')
    // Switching paper without reloading.
    await page.getByRole('link', { name: '签到表' }).click()
    await page.getByTestId('signin-table').waitFor()
    await page.getByRole('link', { name: '返回' }).click()
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/meetings/${meetingId}`)
    expect(app.pageErrors).toEqual([])
  })

  it('从页面调用 export.meetingsXlsx 和 export.meetingsIcs，文件写进导出文件夹', async () => {
    // Each call starts an export job; the page polls export.status until the file is there.
    const results = await app.page.evaluate(async () => {
      type Started = Awaited<ReturnType<typeof window.api.export.meetingsXlsx>>
      const finish = async (started: Started) => {
        if (!started.ok || !started.value) throw new Error(JSON.stringify(started))
        let s = started.value
        while (s.state === 'waiting' || s.state === 'running') {
          await new Promise((r) => setTimeout(r, 50))
          const r = await window.api.export.status({ job: s.job })
          if (!r.ok) throw new Error(r.message)
          s = r.value
        }
        return s
      }
      const range = { from: '2026-01-01', to: '2026-12-31' }
      return {
        xlsx: await finish(await window.api.export.meetingsXlsx(range)),
        ics: await finish(await window.api.export.meetingsIcs(range)),
      }
    })
    const xlsxPath = results.xlsx.path!
    expect(xlsxPath).toBe(join(app.exportDir, '议事会台账-2026-01-01至2026-12-31.xlsx'))
    expect(existsSync(xlsxPath)).toBe(true)
    const wb = XLSX.read(readFileSync(xlsxPath), { type: 'buffer' })
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['会议台账']!, { header: 1, raw: false, defval: '' })
    expect(rows[2]!.slice(1, 12)).toEqual([
      '三月议事会例会',
      '议事会例会',
      '2026年3月12日',
      '19:00—21:00',
      '社区议事厅',
      '王芳',
      '纪要已确认',
      '13',
      '10',
      '20', // 10 present + 2 列席 + 8 other residents
      '16.7%', // of 120 households
    ])
    const ics = readFileSync(results.ics.path!, 'utf8')
    expect(ics).toContain('DTSTART:20260312T110000Z')
  })
})
