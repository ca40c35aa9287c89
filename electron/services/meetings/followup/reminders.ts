import { nowIso, officeDate } from '../../../common/time'
import type { Db } from '../../../database/open-database'
import { OPEN_RESOLUTION } from './constants'
import { stillToTell } from './still-to-tell'

/** What the office should not forget today, for the home page: four counts, each a link to its list. */
export async function reminders(db: Db, now = nowIso()) {
  const count = (n: { n: number | string | bigint } | undefined) => Number(n?.n ?? 0)
  const waiting = await db
    .selectFrom('topics')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', '征集中')
    .where('voided_at', 'is', null)
    .executeTakeFirst()
  const routedLate = await db
    .selectFrom('topics')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', '转办')
    .where('voided_at', 'is', null)
    .where('responded_at', 'is', null)
    .where('respond_by', '<', now)
    .executeTakeFirst()
  const overdue = await db
    .selectFrom('resolutions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', OPEN_RESOLUTION)
    .where('due_date', '<', officeDate(now))
    .executeTakeFirst()
  const toTell = await stillToTell(db, { limit: 1, offset: 0 }, now)
  return {
    topicsWaiting: count(waiting),
    routedLate: count(routedLate),
    overdueResolutions: count(overdue),
    stillToTell: toTell.total,
  }
}
