import { createRequire } from 'node:module'
import type { Page, Request } from 'playwright-core'
import { sql } from 'kysely'
import { expect } from 'vitest'
import type { TestApp } from './app'

/**
 * axe-core on the app's screens (e2e/accessibility.test.ts): the runner, the wait until a screen
 * has settled, going to a screen by its address, and the demo records the screens are opened on.
 */

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

export interface Finding {
  screen: string
  rule: string
  impact: string
  help: string
  targets: string[]
}

/** Runs axe on the page as it is now and returns its serious and critical findings. */
export async function axe(page: Page, screen: string): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH })
  const violations = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run: (
          ctx: Document,
          opts: object,
        ) => Promise<{
          violations: Array<{
            id: string
            impact: string | null
            help: string
            nodes: Array<{ target: unknown[]; failureSummary?: string }>
          }>
        }>
      }
    }
    const result = await w.axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes
        .slice(0, 12)
        .map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').split('\n')[1] ?? ''}`),
    }))
  })
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ screen, rule: v.id, impact: v.impact, help: v.help, targets: v.targets }))
}

/**
 * The page's /api calls not answered yet. A screen opened by changing the address's hash is not a
 * new document, so Playwright's 'networkidle' has long been reached and says nothing about the
 * screen's own reads; a button waiting for them (disabled, pale) would be measured half-drawn.
 */
const inFlight = new Set<Request>()
export function trackCalls(page: Page): void {
  const isCall = (r: Request) => new URL(r.url()).pathname.startsWith('/api/')
  page.on('request', (r) => isCall(r) && inFlight.add(r))
  page.on('requestfinished', (r) => inFlight.delete(r))
  page.on('requestfailed', (r) => inFlight.delete(r))
}

/** Waits until a screen has loaded: its reads answered, no loading mask, no transition running. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined)
  await expect.poll(() => inFlight.size, { timeout: 10_000 }).toBe(0)
  await expect.poll(() => page.locator('.el-loading-mask:visible').count(), { timeout: 10_000 }).toBe(0)
  // Element Plus fades dialogs and drawers in; contrast is measured on the final colours.
  await page.waitForTimeout(450)
}

export interface Ids {
  meeting: number
  resolution: number
  fundEntry: number
  subfund: number
  partner: number
  agreement: number
  /** A case with a signed written agreement and planned visits. */
  mediationCase: number
  contest: number
  judge: number
}

/** A held meeting with a vote, minutes and a 督办通报 item, and a resolution with progress. */
export async function pickIds(app: TestApp): Promise<Ids> {
  const db = app.database.db
  const meeting = await db
    .selectFrom('meetings as m')
    .innerJoin('minutes as n', 'n.meeting_id', 'm.id')
    .innerJoin('agenda_items as a', 'a.meeting_id', 'm.id')
    .select(['m.id', sql<number>`count(a.id)`.as('items')])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('agenda_items as v')
          .select('v.id')
          .whereRef('v.meeting_id', '=', 'm.id')
          .where('v.type', '=', '表决'),
      ),
    )
    .groupBy('m.id')
    .orderBy('items', 'desc')
    .executeTakeFirstOrThrow()
  const resolution = await db
    .selectFrom('resolutions as r')
    .innerJoin('resolution_progress as p', 'p.resolution_id', 'r.id')
    .select('r.id')
    .orderBy('r.id')
    .executeTakeFirstOrThrow()
  const fundEntry = await db
    .selectFrom('fund_entries as e')
    .select(['e.id', 'e.subfund_id'])
    .where('e.direction', '=', '收入')
    .where('e.reverses_id', 'is', null)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('fund_entries as r').select('r.id').whereRef('r.reverses_id', '=', 'e.id'))),
    )
    .orderBy('e.id', 'desc')
    .executeTakeFirstOrThrow()
  // A partner's renewed (second) agreement: signed, with periods and a predecessor.
  const agreement = await db
    .selectFrom('partner_agreements')
    .select(['id', 'partner_id'])
    .where('predecessor_id', 'is not', null)
    .orderBy('id')
    .executeTakeFirstOrThrow()
  const mediationCase = await db
    .selectFrom('mediation_cases as c')
    .innerJoin('mediation_agreements as a', 'a.case_id', 'c.id')
    .select('c.id')
    .where('a.form', '=', '书面')
    .where('a.signed_on', 'is not', null)
    .orderBy('c.id', 'desc')
    .executeTakeFirstOrThrow()
  const contest = await db.selectFrom('contests').select('id').orderBy('year', 'desc').executeTakeFirstOrThrow()
  const judge = await db
    .selectFrom('contest_judges')
    .select('id')
    .where('contest_id', '=', contest.id)
    .orderBy('id')
    .executeTakeFirstOrThrow()
  return {
    meeting: meeting.id,
    resolution: resolution.id,
    fundEntry: fundEntry.id,
    subfund: fundEntry.subfund_id,
    partner: agreement.partner_id,
    agreement: agreement.id,
    mediationCase: mediationCase.id,
    contest: contest.id,
    judge: judge.id,
  }
}

export async function go(page: Page, app: TestApp, hash: string): Promise<void> {
  await page.goto(`${app.url}/#${hash}`)
  await settle(page)
}
