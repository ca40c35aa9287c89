import { onMeetingChange } from '../meetings'
import { defineModule } from '../registry/module'
import { extendOpenEnded } from './agreement-service'
import { partnersDemo } from './demo'
import { partnerHandlers } from './handlers'
import { syncMeetingCredits } from './meeting-credit'
import { partnerReminders } from './reminders'
import { partnerLedger } from './export/ledger-xlsx'

/**
 * 社区合伙人台账: partners, two-sided agreements, commitments of mixed kinds, their periods with
 * evidence and 复核, and the 履约率. Held council meetings hosted by a partner credit its
 * "meetings per period" commitment by themselves (through the meetings module's change hook).
 */
onMeetingChange(syncMeetingCredits)

export const partnersModule = defineModule({
  name: 'partners',
  handlers: partnerHandlers,
  reminders: partnerReminders,
  exporters: [partnerLedger],
  // Open-ended agreements get their periods up to two years ahead, a horizon that moves daily.
  upkeep: (db, now) => extendOpenEnded(db, now),
  demo: partnersDemo,
})

/*
 * The seam for the charity fund (fund module; the fund imports partners, never the reverse). A
 * money period is paid only by a fund income entry linked to it (source 'partner_period'); the
 * fund calls, inside its own posting transaction:
 *   moneyPeriodsOpen(db, partnerId)              → the periods still owing, with dueFen each;
 *   moneyPeriod(db, periodId)                    → one of them (the form prefilled from the period);
 *   recordMoneyPaid(trx, periodId, fen, entryId) → the period's actual (paid) rises by fen;
 * and for a reversing entry recordMoneyPaid(trx, periodId, −fen, reversingEntryId). A money
 * commitment's actual per period is the net of these payments, and its 履约率 follows.
 */
export { moneyPeriod, moneyPeriodsOpen, recordMoneyPaid } from './fulfilment-service'
export { HELD_STATUSES } from './meeting-credit'
export { partnerOptions } from './partner-service'
