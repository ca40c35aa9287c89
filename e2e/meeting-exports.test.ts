import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ICAL from 'ical.js'
import * as XLSX from 'xlsx'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nowIso, officeDate, officeLocalToUtc } from '../shared/time'
import { generateCommunity } from '../electron/demo/generate-community'
import { chromiumPath, closeBrowser, screenshot, startApp, type TestApp } from './support/app'
import { nav } from './support/community'

/**
 * 会议台账 (.xlsx) and 日历 (.ics) from the screens: for the month or week on the calendar and for
 * one meeting on its page. The test host saves into its export folder; the files are read back
 * with SheetJS and ical.js (independent readers).
 */

function icsSummaries(path: string): string[] {
  const cal = new ICAL.Component(ICAL.parse(readFileSync(path, 'utf8')))
  return cal.getAllSubcomponents('vevent').map((v) => String(new ICAL.Event(v).summary))
}

function ledgerTitles(path: string): string[] {
  const wb = XLSX.read(readFileSync(path), { type: 'buffer' })
  const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['会议台账']!, { header: 1, raw: false, defval: '' })
  // Row 1 is the title, row 2 the headers; the meetings run down to the 合计 row.
  const end = rows.findIndex((r) => r[0] === '合计')
  return rows.slice(2, end).map((r) => r[1]!)
}

/** An export is a job in a worker thread (from the TypeScript sources here: its start-up takes a while). */
const EXPORTED = { timeout: 20_000 }

describe.skipIf(!chromiumPath)('从日程和会议页导出会议台账与日历', () => {
  let app: TestApp

  beforeEach(async () => {
    app = await startApp()
    await generateCommunity(app.database.db, {
      years: 1,
      meetingsPerYear: 40,
      buildings: 6,
      households: 200,
      residents: 300,
      topics: 30,
      resolutions: 10,
    })
    await app.page.reload()
  })
  afterEach(async () => {
    await app?.close()
  })
  afterAll(closeBrowser)

  /** Titles of the meetings starting in [from, to], straight from the data file. */
  async function meetingsIn(from: string, to: string): Promise<string[]> {
    const rows = await app.database.db
      .selectFrom('meetings')
      .select('title')
      .where('starts_at', '>=', officeLocalToUtc(`${from}T00:00`))
      .where('starts_at', '<', officeLocalToUtc(`${to}T23:59`))
      .orderBy('starts_at')
      .execute()
    return rows.map((r) => r.title)
  }

  it('日程：导出本月台账和本月日历；周视图导出本周；会议页导出本次会议', async () => {
    const { page, exportDir } = app
    await nav(page, '议事会日程').click()
    await page.getByTestId('calendar-title').waitFor()
    // The calendar opens on this month; the demo has meetings all year.
    const month = officeDate(nowIso()).slice(0, 7)
    const from = `${month}-01`
    const to = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10)
    const expected = await meetingsIn(from, to)
    expect(expected.length).toBeGreaterThan(0)

    await page.getByRole('button', { name: '导出本月台账' }).click()
    const result = page.getByTestId('meeting-export-result')
    await expect.poll(() => result.innerText(), EXPORTED).toContain(`已导出台账（${expected.length} 次会议）`)
    const xlsx = join(exportDir, `议事会台账-${from}至${to}.xlsx`)
    expect(existsSync(xlsx)).toBe(true)
    expect(ledgerTitles(xlsx)).toEqual(expected)

    await page.getByRole('button', { name: '导出本月日历' }).click()
    await expect.poll(() => result.innerText(), EXPORTED).toContain(`已导出日历（${expected.length} 次会议）`)
    const ics = join(exportDir, `议事会日程-${from}至${to}.ics`)
    expect(icsSummaries(ics).sort()).toEqual([...expected].sort())
    await screenshot(page, 'calendar-exports')

    // The week view exports the week on screen.
    await page.getByTestId('view-mode').getByText('周', { exact: true }).click()
    await page.getByRole('button', { name: '导出本周日历' }).waitFor()
    expect(await page.getByRole('button', { name: '导出本周台账' }).count()).toBe(1)

    // One meeting, from its page.
    const first = await app.database.db
      .selectFrom('meetings')
      .select(['id', 'title', 'starts_at'])
      .where('starts_at', '>=', officeLocalToUtc(`${from}T00:00`))
      .orderBy('starts_at')
      .executeTakeFirstOrThrow()
    await page.goto(`${app.url}/#/meetings/${first.id}`)
    await page.getByTestId('meeting-title').waitFor()
    await page.getByRole('button', { name: '导出本次会议台账' }).click()
    const one = page.getByTestId('meeting-export-result')
    await expect.poll(() => one.innerText(), EXPORTED).toContain('已导出台账（1 次会议）')
    const path = /：(.+\.xlsx)$/.exec((await one.innerText()).trim())![1]!
    expect(path.startsWith(exportDir)).toBe(true)
    expect(ledgerTitles(path)).toEqual([first.title])
    await page.getByRole('button', { name: '导出本次会议日历' }).click()
    await expect.poll(() => one.innerText(), EXPORTED).toContain('已导出日历（1 次会议）')
    const icsPath = /：(.+\.ics)$/.exec((await one.innerText()).trim())![1]!
    expect(icsSummaries(icsPath)).toEqual([expect.stringContaining(first.title)])
    await screenshot(page, 'meeting-exports')
  })
})
