import { AppError } from '../../shared/app-error'
import { chineseDate } from '../../shared/dates'
import { nowIso } from '../../shared/time'
import type { Db } from '../database/open-database'
import { inTransaction } from '../database/unit-of-work'
import { moneyPeriod, moneyPeriodsOpen, partnerOptions, recordMoneyPaid } from '../partners'
import { postEntry, type EntryRow } from './ledger-service'

/**
 * 合伙人承诺 income: a partner's money period (固定金额 or 比例分成) is paid by one fund income
 * entry linked to it (source 'partner_period'). The entry and the period's payment are written in
 * one transaction: if the period refuses the payment (more than it owes, nothing due yet) the entry
 * is not posted, and if the entry is refused (a future date, a reconciled month, a voucher number
 * taken) the period is not paid. Reversing the entry takes the payment back (ledger-service's
 * reverseEntry, same transaction).
 */
export interface PartnerIncomeInput {
  periodId: number
  subfundId: number
  entryDate: string
  amount: number
  voucherNo: string
  summary: string
}

export async function postPartnerIncome(db: Db, input: PartnerIncomeInput, now = nowIso()): Promise<EntryRow> {
  return inTransaction(db, async (trx) => {
    const p = await moneyPeriod(trx, input.periodId)
    if (input.entryDate < p.start) {
      throw new AppError('INVALID_INPUT', `这一期从${chineseDate(p.start)}开始，缴款日期不能早于它。`)
    }
    const summary = input.summary.trim() || `${p.number} ${p.title}（${chineseDate(p.start)}—${chineseDate(p.end)}）`
    return postEntry(
      trx,
      {
        subfundId: input.subfundId,
        kind: '合伙人承诺',
        entryDate: input.entryDate,
        amount: input.amount,
        counterparty: p.partnerName,
        partyType: '单位',
        partyNamed: true,
        voucherNo: input.voucherNo,
        summary,
        source: { kind: 'partner_period', id: p.periodId },
      },
      {
        now,
        onPosted: (t, entry) => recordMoneyPaid(t, p.periodId, entry.amount, entry.id, entry.entry_date),
      },
    )
  })
}

/** For the income form: partners by name, and a partner's periods still owing. */
export const partnersForIncome = (db: Db, search: string) => partnerOptions(db, search)
export const periodsOwing = (db: Db, partnerId: number, now = nowIso()) => moneyPeriodsOpen(db, partnerId, now)
export const periodToPay = (db: Db, periodId: number) => moneyPeriod(db, periodId)
