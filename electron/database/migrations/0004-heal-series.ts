import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'

/**
 * Heals files written before series were bounded (see series-service).
 *
 * 1. Browsing the calendar far ahead used to create series occurrences without limit: one list up
 *    to 2099 made 3,782 meetings, and one for December 9999 wrote dates like "+010000-01-06" and
 *    set materialized_until to such a value, after which every calendar list ran forever. Here the
 *    occurrences nobody touched (still 草稿, never edited, no agenda, attendance or minutes) that
 *    lie beyond today + 2 years, or carry a date that is not a plain 4-digit-year date, are
 *    removed; anything a clerk touched is kept. Each series' materialized_until is brought back to
 *    a plain date no later than the horizon, so extension resumes from there as time passes.
 * 2. A duplicate topic (duplicate_of_id) with a named reporter, still waiting on its original, now
 *    takes the original's answer, so its reporter appears on 待告知居民; files from before get that answer filled in.
 *
 * The horizon is computed here, not imported: a migration is frozen in time.
 */
const HORIZON_YEARS = 2
const COMPLETE = '9999-12-31'
const PLAIN_DATE = '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'

/** today + 2 years in the office's time zone (UTC+8, no daylight saving), as 'YYYY-MM-DD'. */
export function healHorizon(now: Date): string {
  const office = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  const md = office.slice(5) === '02-29' ? '02-28' : office.slice(5)
  return `${Number(office.slice(0, 4)) + HORIZON_YEARS}-${md}`
}

export const migration0004: Migration = {
  version: 4,
  name: 'heal-series',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    const horizon = healHorizon(new Date())
    // Occurrences a clerk never touched, beyond the horizon or with a date outside 4-digit years.
    const doomed = await sql<{ id: number; series_id: number }>`
      select m.id, m.series_id from meetings m
      where m.series_id is not null
        and m.status = '草稿'
        and m.updated_at = m.created_at
        and not exists (select 1 from agenda_items a where a.meeting_id = m.id)
        and not exists (select 1 from attendance t where t.meeting_id = m.id)
        and not exists (select 1 from minutes n where n.meeting_id = m.id)
        and (
          m.occurrence_date is null or m.occurrence_date >= ${horizon}
          or m.occurrence_date not glob ${PLAIN_DATE}
          or m.starts_at not glob ${`${PLAIN_DATE}T*`}
          or m.ends_at not glob ${`${PLAIN_DATE}T*`}
        )`.execute(db)
    const ids = doomed.rows.map((r) => r.id)
    for (let i = 0; i < ids.length; i += 500) {
      await db
        .deleteFrom('meetings')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()
    }
    const trimmed = new Set(doomed.rows.map((r) => r.series_id))

    // materialized_until: a plain date, no later than the horizon (or "complete" for a series
    // whose every occurrence exists and none was trimmed).
    const series = await db.selectFrom('meeting_series').select(['id', 'materialized_until']).execute()
    const reset: number[] = []
    for (const s of series as { id: number; materialized_until: string }[]) {
      const until = s.materialized_until
      const plain = /^\d{4}-\d{2}-\d{2}$/.test(until)
      const complete = until === COMPLETE && !trimmed.has(s.id)
      if (complete || (plain && until <= horizon && !trimmed.has(s.id))) continue
      await db.updateTable('meeting_series').set({ materialized_until: horizon }).where('id', '=', s.id).execute()
      reset.push(s.id)
    }

    // Duplicates waiting on an answered original take its answer (and are owed the news).
    const owed = await sql<{ id: number }>`
      update topics set answered_at = (select o.answered_at from topics o where o.id = topics.duplicate_of_id),
        told_at = null
      where duplicate_of_id is not null
        and resident_id is not null
        and status in ('征集中', '已采纳')
        and answered_at is null
        and (select o.answered_at from topics o where o.id = topics.duplicate_of_id) is not null
      returning id`.execute(db)

    if (ids.length > 0 || reset.length > 0 || owed.rows.length > 0) {
      await db
        .insertInto('audit_log')
        .values({
          at: new Date().toISOString(),
          action: '修改',
          entity: '数据修复',
          entity_id: null,
          detail: JSON.stringify({
            removedOccurrences: ids.length,
            seriesReset: reset,
            horizon,
            duplicatesOwedAnswer: owed.rows.map((r) => r.id),
          }),
        })
        .execute()
    }
  },
}
