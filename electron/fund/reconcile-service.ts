import type { ExpressionBuilder } from 'kysely'
import { AppError } from '../../shared/app-error'
import { nowIso, officeDate } from '../../shared/time'
import { addMonths, monthEnd } from '../../shared/dates'
import { formatYuan } from '../../shared/money'
import { monthText } from '../../shared/fund-values'
import type { Db } from '../database/open-database'
import type { Database } from '../database/schema'
import { monthIndex } from '../database/time-sql'
import type { ReminderClock } from '../registry/module'
import { audit } from '../database/audit'
import { inTransaction } from '../database/unit-of-work'
import { fundBalance, reconciledThrough } from './ledger-service'

/**
 * Month-end reconciliation with the holding foundation's statement (对账), month by month in order:
 * the clerk enters the foundation's balance at the end of the next month to reconcile; when it
 * equals the ledger's balance the month is reconciled at once, otherwise the difference is shown
 * until the clerk either posts what was missing (and confirms again) or writes an explanation.
 * A reconciled month is final and closes itself and every month before it to new entries (the
 * ledger refuses them), so a reconciled balance never changes afterwards.
 */

export interface PendingMonth {
  month: string
  statementBalance: number
  /** The ledger's balance at the month's end, now. */
  bookBalance: number
  /** statement − book. */
  difference: number
  enteredAt: string
}

export interface ReconciledMonth {
  month: string
  statementBalance: number
  bookBalance: number
  difference: number
  explanation: string
  reconciledAt: string
}

export interface ReconciliationState {
  /** The month to reconcile next, when it has ended ('YYYY-MM'); null when all is reconciled or nothing is posted. */
  openMonth: string | null
  /** Its ledger balance at the month's end. */
  openBookBalance: number | null
  /** The statement entered for it, when one was. */
  pending: PendingMonth | null
  /** Months that have ended and are not reconciled yet (the home page's reminder). */
  unreconciled: number
  history: ReconciledMonth[]
}

const monthOf = (date: string) => date.slice(0, 7)
const nextMonth = (month: string) => addMonths(`${month}-01`, 1).slice(0, 7)
const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7))

/** The first month not reconciled yet (ended or not), or null when nothing was ever posted. */
async function firstOpenMonth(db: Db): Promise<string | null> {
  const through = await reconciledThrough(db)
  if (through) return nextMonth(through)
  const first = await db
    .selectFrom('fund_entries')
    .select((eb) => eb.fn.min<string>('entry_date').as('d'))
    .executeTakeFirst()
  return first?.d ? monthOf(first.d) : null
}

/** How many months that have ended are not reconciled (two indexed look-ups; for the home page). */
export async function unreconciledMonths(db: Db, now = nowIso()): Promise<number> {
  const open = await firstOpenMonth(db)
  if (!open) return 0
  return Math.max(0, monthsBetween(open, monthOf(officeDate(now))))
}

export async function reconciliationState(db: Db, now = nowIso(), historyLimit = 24): Promise<ReconciliationState> {
  const current = monthOf(officeDate(now))
  const open = await firstOpenMonth(db)
  const openMonth = open && open < current ? open : null
  const history = await db
    .selectFrom('fund_reconciliations')
    .selectAll()
    .where('reconciled_at', 'is not', null)
    .orderBy('month', 'desc')
    .limit(historyLimit)
    .execute()
  let pending: PendingMonth | null = null
  let openBookBalance: number | null = null
  if (openMonth) {
    openBookBalance = await fundBalance(db, monthEnd(`${openMonth}-01`))
    const row = await db
      .selectFrom('fund_reconciliations')
      .selectAll()
      .where('month', '=', openMonth)
      .executeTakeFirst()
    if (row) {
      pending = {
        month: row.month,
        statementBalance: row.statement_balance,
        bookBalance: openBookBalance,
        difference: row.statement_balance - openBookBalance,
        enteredAt: row.entered_at,
      }
    }
  }
  return {
    openMonth,
    openBookBalance,
    pending,
    unreconciled: open ? Math.max(0, monthsBetween(open, current)) : 0,
    history: history.map((h) => ({
      month: h.month,
      statementBalance: h.statement_balance,
      bookBalance: h.book_balance!,
      difference: h.statement_balance - h.book_balance!,
      explanation: h.explanation,
      reconciledAt: h.reconciled_at!,
    })),
  }
}

async function assertOpenMonth(db: Db, month: string, now: string): Promise<void> {
  const state = await reconciliationState(db, now, 0)
  if (!state.openMonth) {
    throw new AppError('BAD_STATUS', '现在没有要对账的月份：已经对到上个月了，或者还没有收支。')
  }
  if (month !== state.openMonth) {
    throw new AppError(
      'BAD_STATUS',
      `请按月份顺序对账：下一个要对的是${monthText(state.openMonth)}，不是${monthText(month)}。`,
    )
  }
}

/**
 * Enters (or corrects) the foundation's balance for the open month. Equal to the ledger: the month
 * is reconciled. Different: it waits with the difference shown.
 */
export async function enterStatement(
  db: Db,
  input: { month: string; statementBalance: number },
  now = nowIso(),
): Promise<ReconciliationState> {
  await inTransaction(db, async (trx) => {
    await assertOpenMonth(trx, input.month, now)
    if (!Number.isSafeInteger(input.statementBalance)) {
      throw new AppError('INVALID_INPUT', '「对账单余额」要精确到分。')
    }
    const book = await fundBalance(trx, monthEnd(`${input.month}-01`))
    const reconciled = book === input.statementBalance
    await trx
      .insertInto('fund_reconciliations')
      .values({
        month: input.month,
        statement_balance: input.statementBalance,
        book_balance: reconciled ? book : null,
        explanation: '',
        entered_at: now,
        reconciled_at: reconciled ? now : null,
      })
      .onConflict((oc) =>
        oc.column('month').doUpdateSet({
          statement_balance: input.statementBalance,
          book_balance: reconciled ? book : null,
          entered_at: now,
          reconciled_at: reconciled ? now : null,
        }),
      )
      .execute()
    await audit(trx, '新增', '公益基金对账', null, {
      month: input.month,
      statement: input.statementBalance,
      book,
      reconciled,
    })
  })
  return reconciliationState(db, now)
}

/** Writes why the statement and the ledger differ; the month then counts as reconciled. */
export async function explainDifference(
  db: Db,
  input: { month: string; explanation: string },
  now = nowIso(),
): Promise<ReconciliationState> {
  await inTransaction(db, async (trx) => {
    await assertOpenMonth(trx, input.month, now)
    const row = await trx
      .selectFrom('fund_reconciliations')
      .selectAll()
      .where('month', '=', input.month)
      .executeTakeFirst()
    if (!row) throw new AppError('BAD_STATUS', `请先填写基金会${monthText(input.month)}对账单上的余额。`)
    const explanation = input.explanation.trim()
    if (!explanation)
      throw new AppError('INVALID_INPUT', '请写明差额的原因（如：基金会12月31日收到的捐款，我们1月才登记）。')
    const book = await fundBalance(trx, monthEnd(`${input.month}-01`))
    await trx
      .updateTable('fund_reconciliations')
      .set({ book_balance: book, explanation, reconciled_at: now })
      .where('month', '=', input.month)
      .execute()
    await audit(trx, '新增', '公益基金对账说明', null, {
      month: input.month,
      difference: formatYuan(row.statement_balance - book),
      explanation,
    })
  })
  return reconciliationState(db, now)
}

/**
 * The home page's tile as a scalar subquery of its one statement (registry/module.ts): the same
 * number as unreconciledMonths — months from the first open month (the one after the last
 * reconciled, or the month of the first entry) up to, not including, this month — as month
 * integers subtracted in SQL. Two indexed look-ups, however long the ledger.
 */
export function fundReminders(eb: ExpressionBuilder<Database, never>, { today }: ReminderClock) {
  const lastReconciled = eb
    .selectFrom('fund_reconciliations')
    .select((e) => e.fn.max<string>('month').as('m'))
    .where('reconciled_at', 'is not', null)
    .$asScalar()
  const firstEntry = eb
    .selectFrom('fund_entries')
    .select((e) => e.fn.min<string>('entry_date').as('d'))
    .$asScalar()
  const openMonth = eb.fn.coalesce(eb(monthIndex(lastReconciled), '+', 1), monthIndex(firstEntry))
  const ended = eb(monthIndex(today), '-', openMonth)
  return {
    fundUnreconciled: eb.fn.coalesce(eb.fn<number>('max', [eb.val(0), ended]), eb.val(0)),
  }
}
