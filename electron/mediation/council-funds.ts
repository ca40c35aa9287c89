import { AppError } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import type { Db } from '../database/open-database'
import { postEntry } from '../fund'

/**
 * 乡贤筹款: money an elder council raised for public causes is income to the community charity fund,
 * posted through the fund's own ledger (its checks, its voucher number, its immutability) as a
 * 乡贤筹款 entry whose counterparty is the council, with the link kept here in the same transaction.
 * Nothing of any mediation case reaches the fund: the council's name, the amount and the summary only.
 */
export async function recordCouncilFunds(
  db: Db,
  input: { council: string; subfundId: number; amount: number; raisedOn: string; summary: string },
  now = nowIso(),
): Promise<{ entryId: number; voucherNo: string }> {
  const council = input.council.trim()
  if (!council) throw new AppError('VALIDATION', '请填写筹款的乡贤理事会。')
  const entry = await postEntry(
    db,
    {
      subfundId: input.subfundId,
      kind: '乡贤筹款',
      entryDate: input.raisedOn,
      amount: input.amount,
      counterparty: council,
      partyType: '单位',
      partyNamed: true,
      voucherNo: '',
      summary: input.summary.trim() || `${council}筹款`,
    },
    {
      now,
      onPosted: async (trx, e) => {
        await trx.insertInto('mediation_council_funds').values({ council, entry_id: e.id, created_at: now }).execute()
      },
    },
  )
  return { entryId: entry.id, voucherNo: entry.voucher_no }
}

/** What each council raised, as posted (reversed entries net out through the fund's own reversals). */
export async function councilFunds(db: Db) {
  const rows = await db
    .selectFrom('mediation_council_funds as m')
    .innerJoin('fund_entries as e', 'e.id', 'm.entry_id')
    .select([
      'm.council',
      'e.id as entryId',
      'e.voucher_no as voucherNo',
      'e.entry_date as date',
      'e.amount',
      'e.summary',
    ])
    .orderBy('e.entry_date', 'desc')
    .orderBy('e.id', 'desc')
    .execute()
  return { rows, total: rows.reduce((n, r) => n + r.amount, 0) }
}
