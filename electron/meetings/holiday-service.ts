import { inTransaction } from '../database/unit-of-work'
import { AppError } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import { addDays, chineseDate, isoWeekday, WEEKDAYS } from '../../shared/dates'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { lastKnownHolidayYear, packageDay, packageHolidayName, packageKnowsYear } from './calendar-days'
import { replaceSeriesOccurrencesIn } from './series-edit'

/**
 * 节假日安排: a year's holidays and 调休 working days as the office types them from the State
 * Council's notice, for a year the `chinese-days` package does not know yet. Once the package
 * knows the year, the package's arrangement is used and the screen says so.
 */
export interface HolidayRange {
  name: string
  /** 'YYYY-MM-DD', inclusive. */
  from: string
  to: string
}
export interface SwapWorkday {
  date: string
  /** The holiday the day is worked for (春节). */
  name: string
}
export interface HolidayYearInput {
  year: number
  holidays: HolidayRange[]
  workdays: SwapWorkday[]
}

/** A holiday is at most this long (the longest, 春节 and 国庆, are 8–9 days). */
const MAX_HOLIDAY_DAYS = 15

/** Consecutive days with the same name, as ranges. */
function toRanges(days: Array<{ date: string; name: string }>): HolidayRange[] {
  const out: HolidayRange[] = []
  for (const d of days) {
    const last = out[out.length - 1]
    if (last && last.name === d.name && addDays(last.to, 1) === d.date) last.to = d.date
    else out.push({ name: d.name, from: d.date, to: d.date })
  }
  return out
}

/** The package's arrangement for a year it knows. */
function packageArrangement(year: number): { holidays: HolidayRange[]; workdays: SwapWorkday[] } {
  const off: Array<{ date: string; name: string }> = []
  const workdays: SwapWorkday[] = []
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
    const info = packageDay(d)
    if (info.holiday) off.push({ date: d, name: info.holiday })
    else if (info.adjustedWorkday) workdays.push({ date: d, name: packageHolidayName(d) ?? '' })
  }
  return { holidays: toRanges(off), workdays }
}

async function officeArrangement(db: Db, year: number) {
  const rows = await db
    .selectFrom('office_holidays')
    .select(['date', 'kind', 'name', 'updated_at'])
    .where('year', '=', year)
    .orderBy('date')
    .execute()
  return {
    holidays: toRanges(rows.filter((r) => r.kind === '休')),
    workdays: rows.filter((r) => r.kind === '班').map((r) => ({ date: r.date, name: r.name })),
    updatedAt: rows.reduce<string | null>((m, r) => (m === null || r.updated_at > m ? r.updated_at : m), null),
  }
}

/**
 * What the screen shows for a year: the arrangement in use and where it comes from, and the
 * office's own entries (also when the package has since taken over, so the clerk sees why they
 * no longer apply).
 */
export async function holidayYear(db: Db, year: number) {
  const office = await officeArrangement(db, year)
  const hasOffice = office.holidays.length > 0 || office.workdays.length > 0
  const packageKnows = packageKnowsYear(year)
  return {
    year,
    packageKnows,
    lastPackageYear: lastKnownHolidayYear(),
    source: packageKnows ? ('package' as const) : hasOffice ? ('office' as const) : null,
    inUse: packageKnows ? packageArrangement(year) : { holidays: office.holidays, workdays: office.workdays },
    office: hasOffice ? office : null,
  }
}

/** Years the office has entered, newest first. */
export async function officeHolidayYears(db: Db) {
  const rows = await db.selectFrom('office_holidays').select('year').distinct().orderBy('year', 'desc').execute()
  return rows.map((r) => ({ year: r.year, packageKnows: packageKnowsYear(r.year) }))
}

function check(input: HolidayYearInput): Array<{ date: string; kind: '休' | '班'; name: string }> {
  const { year } = input
  const days = new Map<string, { kind: '休' | '班'; name: string }>()
  // 元旦 may begin on 30 or 31 December of the year before.
  const earliest = `${year - 1}-12-25`
  const latest = `${year}-12-31`
  for (const h of input.holidays) {
    if (h.to < h.from) throw new AppError('INVALID_INPUT', `「${h.name}」的最后一天要晚于第一天。`)
    if (h.from < earliest || h.to > latest) {
      throw new AppError('INVALID_INPUT', `「${h.name}」的日期不在${year}年内，请检查年份。`)
    }
    for (let d = h.from, n = 0; d <= h.to; d = addDays(d, 1), n++) {
      if (n >= MAX_HOLIDAY_DAYS) {
        throw new AppError('INVALID_INPUT', `「${h.name}」超过 ${MAX_HOLIDAY_DAYS} 天，请检查起止日期。`)
      }
      const other = days.get(d)
      if (other) {
        throw new AppError('INVALID_INPUT', `${chineseDate(d)}同时填在「${other.name}」和「${h.name}」里，请检查。`)
      }
      days.set(d, { kind: '休', name: h.name })
    }
  }
  const holidayNames = new Set(input.holidays.map((h) => h.name))
  for (const w of input.workdays) {
    if (w.date.slice(0, 4) !== String(year)) {
      throw new AppError('INVALID_INPUT', `调休上班日 ${chineseDate(w.date)} 不在${year}年内，请检查年份。`)
    }
    const weekday = isoWeekday(w.date)
    if (weekday < 6) {
      throw new AppError(
        'INVALID_INPUT',
        `${chineseDate(w.date)}是${WEEKDAYS[weekday]}，本来就上班。调休上班日应当是周六或周日。`,
      )
    }
    const other = days.get(w.date)
    if (other) {
      throw new AppError(
        'INVALID_INPUT',
        other.kind === '休'
          ? `${chineseDate(w.date)}已在「${other.name}」的放假日期里，不能又是调休上班日。`
          : `调休上班日 ${chineseDate(w.date)} 填了两次。`,
      )
    }
    if (!holidayNames.has(w.name)) {
      throw new AppError('INVALID_INPUT', `调休上班日 ${chineseDate(w.date)} 要对应上面填写的某个节日。`)
    }
    days.set(w.date, { kind: '班', name: w.name })
  }
  return [...days].map(([date, d]) => ({ date, ...d })).sort((a, b) => a.date.localeCompare(b.date))
}

/**
 * Replaces the office's entries for a year (an empty list removes them), then re-places the
 * untouched occurrences of series in that year, so a meeting put on a holiday before its dates
 * were known follows the series' holiday rule. All in one transaction.
 */
export async function saveHolidayYear(db: Db, input: HolidayYearInput, now = nowIso()) {
  if (packageKnowsYear(input.year)) {
    throw new AppError(
      'PACKAGE_KNOWS',
      `程序里已经有${input.year}年的放假安排（按国务院通知），以程序里的为准，不需要再录入。`,
    )
  }
  const days = check(input)
  return inTransaction(db, async (trx) => {
    await trx.deleteFrom('office_holidays').where('year', '=', input.year).execute()
    if (days.length) {
      await trx
        .insertInto('office_holidays')
        .values(days.map((d) => ({ ...d, year: input.year, updated_at: now })))
        .execute()
    }
    await audit(trx, '修改', '节假日安排', input.year, {
      year: input.year,
      holidays: input.holidays,
      workdays: input.workdays,
    })
    const replaced = await replaceSeriesOccurrencesIn(trx, `${input.year - 1}-12-25`, `${input.year}-12-31`)
    return { days: days.length, ...replaced }
  })
}
