import type { Page } from 'playwright-core'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateCommunity } from '../electron/demo/generate-community'
import { chromiumPath, closeBrowser, screenshot, startApp, type TestApp } from './support/app'

/**
 * The projector at 1920×1080 and 1024×768: on the 督办通报 (a long list of overdue resolutions)
 * and on an item with a very long title, nothing overlaps — meeting line, item counter, title,
 * list, timer and the strip of items each keep their own box — and nothing runs off the screen.
 */

const LONG_TITLE =
  '关于幸福里社区老旧小区加装电梯、楼道照明改造、非机动车集中充电棚建设以及小区停车收费标准调整的综合实施方案（第二次征求意见稿）'

type Box = { name: string; x: number; y: number; w: number; h: number }

/** The boxes of the projector's parts that are on screen. */
async function boxes(page: Page): Promise<Box[]> {
  return page.evaluate(() => {
    const parts: Array<[string, string]> = [
      ['会议', '.top'],
      ['计数', '[data-testid="projection-progress"]'],
      ['标题', '[data-testid="projection-current-title"]'],
      ['说明', '.sub'],
      ['督办清单', '[data-testid="projection-reports"]'],
      ['计时', '[data-testid="projection-countdown"]'],
      ['表决', '[data-testid="projection-vote"]'],
      ['议程条', '.agenda'],
    ]
    const out: Array<{ name: string; x: number; y: number; w: number; h: number }> = []
    for (const [name, sel] of parts) {
      const el = document.querySelector(sel)
      if (!el) continue
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      out.push({ name, x: r.x, y: r.y, w: r.width, h: r.height })
    }
    return out
  })
}

/** Pairs of boxes that overlap (by more than a pixel), and boxes that leave the window. */
async function layoutProblems(page: Page): Promise<string[]> {
  const list = await boxes(page)
  const viewport = page.viewportSize()!
  const problems: string[] = []
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!
    if (a.x < -1 || a.y < -1 || a.x + a.w > viewport.width + 1 || a.y + a.h > viewport.height + 1) {
      problems.push(`${a.name} 超出屏幕`)
    }
    for (let j = i + 1; j < list.length; j++) {
      const b = list[j]!
      const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)
      const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y)
      if (dx > 1 && dy > 1) problems.push(`${a.name} 与 ${b.name} 重叠`)
    }
  }
  const overflow = await page.evaluate(() => {
    const out: string[] = []
    const doc = document.scrollingElement!
    if (doc.scrollHeight > doc.clientHeight + 1 || doc.scrollWidth > doc.clientWidth + 1) out.push('页面出现滚动')
    for (const el of document.querySelectorAll<HTMLElement>('.projector, .projector .center, .projector .top')) {
      if (el.scrollHeight > el.clientHeight + 1) out.push(`${el.className} 内容超出`)
    }
    return out
  })
  return [...problems, ...overflow]
}

describe.skipIf(!chromiumPath)('投屏页面不重叠、不溢出', () => {
  let app: TestApp

  beforeEach(async () => {
    app = await startApp()
    await generateCommunity(app.database.db, {
      years: 1,
      meetingsPerYear: 40,
      buildings: 6,
      households: 200,
      residents: 300,
      topics: 150,
      resolutions: 40,
    })
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  it('督办通报和很长的标题：1920×1080 与 1024×768 下各部分互不重叠，也不超出屏幕', async () => {
    const { page, context, database, url } = app
    // The meeting whose 督办通报 lists the most overdue resolutions.
    const report = await database.db
      .selectFrom('agenda_reports as ar')
      .innerJoin('agenda_items as a', 'a.id', 'ar.agenda_item_id')
      .select(['a.meeting_id', 'a.position', sql<number>`count(*)`.as('n')])
      .groupBy('a.id')
      .orderBy('n', 'desc')
      .executeTakeFirstOrThrow()
    expect(report.n).toBeGreaterThan(8)
    const meetingId = report.meeting_id
    // A prerequisite, not the subject: an item with a title as long as the form allows.
    await page.reload()
    await page.evaluate(
      async ({ meetingId, title }) => {
        const r = await window.api.meetings.addItem({
          meetingId,
          title,
          type: '讨论',
          presenter: '',
          plannedMinutes: 15,
        })
        if (!r.ok) throw new Error(r.message)
      },
      { meetingId, title: LONG_TITLE },
    )
    const items = await database.db
      .selectFrom('agenda_items')
      .select(['title', 'is_report'])
      .where('meeting_id', '=', meetingId)
      .orderBy('position')
      .execute()
    const reportIndex = items.findIndex((i) => i.is_report === 1)
    const longIndex = items.findIndex((i) => i.title === LONG_TITLE)

    await page.goto(`${url}/#/meetings/${meetingId}`)
    const popup = context.waitForEvent('page')
    await page.getByRole('button', { name: '开始投屏' }).click()
    await (await popup).close()

    const projector = await context.newPage()
    await projector.goto(`${url}/#/projection`)
    const progress = projector.getByTestId('projection-progress')

    let at = 0
    const goTo = async (index: number) => {
      await page.getByTestId('projection-controls').focus()
      while (at < index) {
        await page.keyboard.press('ArrowRight')
        at++
        await expect.poll(() => progress.innerText(), { timeout: 3000 }).toBe(`第 ${at + 1} / ${items.length} 项`)
      }
    }

    for (const [index, what] of [
      [reportIndex, '督办通报'],
      [longIndex, '长标题'],
    ] as const) {
      await goTo(index)
      for (const size of [
        { width: 1920, height: 1080 },
        { width: 1024, height: 768 },
      ]) {
        await projector.setViewportSize(size)
        await projector.waitForTimeout(300)
        await screenshot(projector, `projector-${what}-${size.width}x${size.height}`)
        expect(await layoutProblems(projector), `${what} ${size.width}×${size.height}`).toEqual([])
      }
      if (what === '督办通报') {
        // The list is capped and says how many there are in all.
        const list = await projector.getByTestId('projection-reports').innerText()
        expect(list).toContain(`等 ${report.n} 件`)
      }
    }
  })
})
