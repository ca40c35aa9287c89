import { describe, expect, it } from 'vitest'
import { chromiumPath, screenshot } from './support/app'
import { expectToast, pickOption } from './support/community'
import { addItemThroughDialog, openMeeting, rosterRow, seed, seedSeries, voteCard } from './support/meetings'
import { agendaRow, app, english, eventually, freshAppPerTest } from './support/screen-test'

/**
 * 议事会日程 end to end, one meeting: its agenda with the overrun warning, attendance, the vote the
 * program counts, minutes locked once confirmed, and unfinished items carried to the next meeting.
 * Prerequisites go in through window.api; the subject goes through the screens.
 */

describe.skipIf(!chromiumPath)('议事会日程', () => {
  freshAppPerTest('zz-失败时的画面')

  it('一次会议：议程超时提醒、签到、表决由程序算出“通过”、纪要确认后锁定、未议完的事项顺延到下次会议', async () => {
    const { page, database } = app
    const s = await seed(page)
    const ids = await seedSeries(page, s)
    const oct = ids['2026-10-08']!
    const nov = ids['2026-11-05']!
    await openMeeting(page, oct)
    expect(await page.getByTestId('meeting-title').innerText()).toBe('居民议事会例会')
    await screenshot(page, '32-会议-基本信息')
    expect(await english(page)).toEqual([])

    // 议程: four items; the fourth pushes the plan past the meeting's 120 minutes.
    await page.getByRole('tab', { name: /^议程/ }).click()
    await addItemThroughDialog(page, { title: '三季度社区工作通报', type: '通报', presenter: '张建国', minutes: 20 })
    await addItemThroughDialog(page, { title: '3号楼加装电梯意见征集', type: '讨论', presenter: '王志强', minutes: 45 })
    await addItemThroughDialog(page, {
      title: '小区停车收费调整方案',
      type: '表决',
      presenter: '物业 刘经理',
      minutes: 40,
    })
    await expect
      .poll(() => page.getByTestId('agenda-totals').innerText())
      .toContain('议程合计 105 分钟 / 会议时长 120 分钟')
    expect(await page.getByTestId('agenda-warning').count()).toBe(0)
    await addItemThroughDialog(page, { title: '楼道堆物清理', type: '讨论', presenter: '赵丽华', minutes: 30 })
    const warning = page.getByTestId('agenda-warning')
    await warning.waitFor()
    expect(await warning.innerText()).toContain('议程合计 135 分钟，比会议时长（120 分钟）多 15 分钟')
    // Move 楼道堆物清理 up one place.
    await agendaRow(page, '楼道堆物清理').getByRole('button', { name: '上移' }).click()
    await expect
      .poll(async () =>
        (await page.getByTestId('agenda-table').locator('.el-table__body tr td:nth-child(2)').allInnerTexts()).map(
          (t) => t.trim(),
        ),
      )
      .toEqual(['三季度社区工作通报', '3号楼加装电梯意见征集', '楼道堆物清理', '小区停车收费调整方案'])
    const items = await database.db
      .selectFrom('agenda_items')
      .select(['title', 'type', 'planned_minutes', 'position'])
      .where('meeting_id', '=', oct)
      .orderBy('position')
      .execute()
    expect(items.map((i) => [i.position, i.title, i.type, i.planned_minutes])).toEqual([
      [1, '三季度社区工作通报', '通报', 20],
      [2, '3号楼加装电梯意见征集', '讨论', 45],
      [3, '楼道堆物清理', '讨论', 30],
      [4, '小区停车收费调整方案', '表决', 40],
    ])
    await screenshot(page, '33-会议-议程-超时提醒')

    // The meeting is held: 已发出通知 → 会议开始.
    await page.getByRole('tab', { name: '基本信息' }).click()
    await page.getByRole('button', { name: '已发出通知' }).click()
    await expectToast(page, '会议状态已改为「已通知」')
    await page.getByRole('button', { name: '会议开始' }).click()
    await expectToast(page, '会议状态已改为「进行中」')
    await eventually(() => page.getByTestId('meeting-status').innerText()).toBe('进行中')

    // 签到: three present, one by proxy, one on leave, one absent, the 列席 member, twelve residents.
    await page.getByRole('tab', { name: '签到与出席' }).click()
    await page.getByTestId('roster-table').waitFor()
    for (const [name, status] of [
      ['张建国', '出席'],
      ['李秀英', '出席'],
      ['王志强', '出席'],
      ['赵丽华', '委托'],
      ['陈明', '请假'],
      ['刘芳', '缺席'],
      ['周伟', '列席'],
    ] as const) {
      await rosterRow(page, name).getByRole('radiogroup').getByText(status, { exact: true }).click()
    }
    await pickOption(page, rosterRow(page, '赵丽华').locator('.el-select__wrapper'), '张建国')
    await page.getByLabel('其他到场居民').fill('12')
    await page.getByRole('button', { name: '保存签到' }).click()
    await eventually(() => page.getByTestId('quorum').innerText()).toContain('已达到法定人数')
    const summary = await page.getByTestId('attendance-summary').innerText()
    expect(summary.replace(/\s+/g, ' ')).toContain('应到 6 实到（出席） 3 委托 1 请假 1 缺席 1 列席 1 其他居民 12')
    expect(await page.getByTestId('quorum').innerText()).toContain(
      '到会 4 人（出席 3、委托 1），应到 6 人，按“过半数”至少要 4 人',
    )
    expect(await page.getByTestId('participation').innerText()).toContain('参与率 16%')
    const attendance = await database.db.selectFrom('attendance').selectAll().where('meeting_id', '=', oct).execute()
    expect(attendance).toHaveLength(7)
    expect(attendance.filter((a) => a.status === '委托').map((a) => a.proxy_member_id)).toEqual([s.memberIds[0]])
    await screenshot(page, '34-会议-签到与出席')

    // 表决: 3 for, 1 against, 0 abstain of 4 eligible → 通过, computed by the main process.
    await page.getByRole('tab', { name: /^表决/ }).click()
    const card = voteCard(page, '小区停车收费调整方案')
    expect(await card.getByTestId('eligible').innerText()).toBe('4')
    await card.getByRole('spinbutton', { name: '赞成票' }).fill('3')
    await card.getByRole('spinbutton', { name: '反对票' }).fill('1')
    await card.getByRole('spinbutton', { name: '弃权票' }).fill('0')
    await card.getByRole('button', { name: '保存表决结果' }).click()
    const verdict = card.getByTestId('vote-result')
    await verdict.waitFor()
    expect(await verdict.innerText()).toContain('通过')
    expect(await verdict.innerText()).not.toContain('未通过')
    const voted = await database.db
      .selectFrom('agenda_items')
      .select(['votes_for', 'votes_against', 'votes_abstain', 'votes_eligible', 'state'])
      .where('title', '=', '小区停车收费调整方案')
      .executeTakeFirstOrThrow()
    expect(voted).toEqual({ votes_for: 3, votes_against: 1, votes_abstain: 0, votes_eligible: 4, state: '已议' })
    await screenshot(page, '35-会议-表决-通过')

    // 楼道堆物清理 was not finished: it goes to the next meeting of the series (11 月 5 日).
    await page.getByRole('tab', { name: /^议程/ }).click()
    await agendaRow(page, '楼道堆物清理').getByRole('button', { name: '顺延到下次会议' }).click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    expect(await box.innerText()).toContain('楼道堆物清理')
    await box.getByRole('button', { name: '顺延', exact: true }).click()
    expect(await expectToast(page, '已顺延到下次会议')).toContain('2026年11月5日（周四） 19:00')
    await eventually(() => agendaRow(page, '楼道堆物清理').innerText()).toContain('顺延')
    const carried = await database.db
      .selectFrom('agenda_items')
      .select(['meeting_id', 'carried_from_id', 'state'])
      .where('title', '=', '楼道堆物清理')
      .orderBy('id')
      .execute()
    expect(carried.map((c) => [c.meeting_id, c.state, c.carried_from_id === null])).toEqual([
      [oct, '顺延', true],
      [nov, '待议', false],
    ])

    // 纪要: write, save, confirm; then it is locked and the meeting is 纪要已确认.
    await page.getByRole('tab', { name: '纪要' }).click()
    await page.getByLabel('纪要正文').fill('2026年10月8日晚在社区议事厅召开居民议事会例会，应到 6 人，到会 4 人。')
    await page.getByRole('textbox', { name: /小区停车收费调整方案/ }).fill('同意按方案调整，物业 11 月起执行。')
    await page.getByRole('button', { name: '保存纪要' }).click()
    await expectToast(page, '纪要已保存')
    await page.getByRole('button', { name: '确认纪要' }).click()
    const confirmBox = page.locator('.el-message-box')
    await confirmBox.waitFor()
    await confirmBox.getByRole('button', { name: '确认纪要' }).click()
    await eventually(() => page.getByTestId('minutes-status').innerText()).toBe('已确认')
    expect(await page.getByRole('textbox', { name: '纪要正文' }).count()).toBe(0)
    expect(await page.getByTestId('minutes-body-text').innerText()).toContain('应到 6 人，到会 4 人')
    expect(await page.getByRole('button', { name: '保存纪要' }).count()).toBe(0)
    await page.getByRole('button', { name: '公示' }).waitFor()
    const minutes = await database.db
      .selectFrom('minutes')
      .selectAll()
      .where('meeting_id', '=', oct)
      .executeTakeFirstOrThrow()
    expect(minutes.status).toBe('已确认')
    expect(minutes.body).toContain('应到 6 人，到会 4 人')
    const meetingRow = await database.db
      .selectFrom('meetings')
      .select('status')
      .where('id', '=', oct)
      .executeTakeFirstOrThrow()
    expect(meetingRow.status).toBe('纪要已确认')
    const outcome = await database.db
      .selectFrom('agenda_items')
      .select('outcome')
      .where('title', '=', '小区停车收费调整方案')
      .executeTakeFirstOrThrow()
    expect(outcome.outcome).toBe('同意按方案调整，物业 11 月起执行。')
    await screenshot(page, '36-会议-纪要已确认')
    // The agenda is frozen now.
    await page.getByRole('tab', { name: /^议程/ }).click()
    expect(await page.getByRole('button', { name: '添加议程事项' }).isDisabled()).toBe(true)

    // The next meeting has the carried item, saying where it came from.
    await openMeeting(page, nov, 'agenda')
    expect(await agendaRow(page, '楼道堆物清理').innerText()).toContain('从2026年10月8日顺延而来')
    expect(await english(page)).toEqual([])
    expect(app.pageErrors).toEqual([])
  })
})
