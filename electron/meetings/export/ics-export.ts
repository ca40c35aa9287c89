import { AppError } from '../../../shared/app-error'
import { chineseDate } from '../../../shared/dates'
import { officeLocalToUtc } from '../../../shared/time'
import { addDays } from '../../../shared/dates'
import type { Db } from '../../database/open-database'
import { exporter, safeFileName, type ExportSink } from '../../registry/export-file'
import { communityName, ledgerMeeting, meetingLedger, assertRange, type DateRange, type LedgerMeeting } from './ledger'
import { meetingHead } from './xlsx-export'

/**
 * Meetings as an iCalendar file (RFC 5545) that Outlook, Apple/Google Calendar, Thunderbird and
 * phone calendars import. Times are written in UTC ('Z'): a 19:00 meeting in the office
 * (Asia/Shanghai, UTC+8 all year) is DTSTART:…T110000Z and every program shows it at 19:00 local,
 * with no VTIMEZONE to get wrong. The UID is stable per meeting (its id and creation time), so
 * importing a later export updates the event instead of adding a copy; LAST-MODIFIED is the
 * meeting's own update time.
 *
 * The lines are written here rather than by the `ics` package: it validated every event against a
 * schema (a third of the export's time) and folded lines at 75 characters, which had to be undone
 * and folded again at 75 octets. The properties and their order are the ones it wrote, so calendars
 * that imported earlier exports see the same events.
 */

const PRODUCT_ID = '-//Community Desk//Council Meetings//ZH'

/** Where the UID's right-hand side says the event comes from (not a host name; RFC 5545 only asks it be unique). */
const UID_DOMAIN = 'community-desk.meetings'

export function meetingUid(m: Pick<LedgerMeeting, 'id' | 'createdAt'>): string {
  return `meeting-${m.id}-${m.createdAt.replace(/\D/g, '')}@${UID_DOMAIN}`
}

const STATUS: Record<string, string> = { 取消: 'CANCELLED', 延期: 'TENTATIVE', 草稿: 'TENTATIVE' }
const PREFIX: Record<string, string> = { 取消: '【已取消】', 延期: '【延期】' }

/** RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and line breaks escaped. */
export function icsText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n').replace(/;/g, '\\;').replace(/,/g, '\\,')
}

/** A UTC DATE-TIME in the basic format: 20260312T110000Z. */
export function icsUtc(iso: string | number | Date): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** One VEVENT's content lines (unfolded). */
export function eventLines(m: LedgerMeeting, stamp: string): string[] {
  const lines = [`会议类型：${m.kind}`]
  if (m.host) lines.push(`主持人：${m.host}`)
  if (m.status === '取消') lines.push(`本次会议已取消。${m.statusReason ? `原因：${m.statusReason}` : ''}`)
  else if (m.status === '延期')
    lines.push(`本次会议延期举行，时间另行通知。${m.statusReason ? `原因：${m.statusReason}` : ''}`)
  if (m.agenda.length) {
    lines.push('议程：')
    for (const a of m.agenda) lines.push(`${a.position}. ${a.title}（${a.type}）`)
  }
  return [
    'BEGIN:VEVENT',
    `UID:${meetingUid(m)}`,
    `SUMMARY:${icsText(`${PREFIX[m.status] ?? ''}${m.title}`)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART:${icsUtc(m.startsAt)}`,
    `DTEND:${icsUtc(m.endsAt)}`,
    `DESCRIPTION:${icsText(lines.join('\n'))}`,
    ...(m.roomName ? [`LOCATION:${icsText(m.roomName)}`] : []),
    `STATUS:${STATUS[m.status] ?? 'CONFIRMED'}`,
    `CATEGORIES:${icsText(m.kind)}`,
    `X-MICROSOFT-CDO-BUSYSTATUS:${m.status === '取消' ? 'FREE' : 'BUSY'}`,
    `CREATED:${icsUtc(m.createdAt)}`,
    `LAST-MODIFIED:${icsUtc(m.updatedAt)}`,
    'END:VEVENT',
  ]
}

export function calendarHead(calName: string): string[] {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `PRODID:${PRODUCT_ID}`,
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(calName)}`,
    'X-PUBLISHED-TTL:PT1H',
  ]
}

/** The whole calendar as one string (small exports, tests); large ones go through `writeCalendar`. */
export function renderCalendar(meetings: LedgerMeeting[], calName: string, now = new Date()): string {
  const stamp = icsUtc(now)
  const lines = [...calendarHead(calName), ...meetings.flatMap((m) => eventLines(m, stamp)), 'END:VCALENDAR']
  return lines.map(foldLine).join('\r\n') + '\r\n'
}

/** Streams the calendar into the sink's file, one event at a time. */
export async function writeCalendar(meetings: LedgerMeeting[], calName: string, sink: ExportSink): Promise<void> {
  const out = sink.open()
  const stamp = icsUtc(sink.now)
  const put = (lines: string[]) => out.write(lines.map(foldLine).join('\r\n') + '\r\n')
  sink.total(meetings.length)
  put(calendarHead(calName))
  for (const m of meetings) {
    put(eventLines(m, stamp))
    await sink.step()
  }
  put(['END:VCALENDAR'])
  out.end()
}

/**
 * RFC 5545 §3.1: content lines are folded at 75 *octets*, never inside a character (Chinese is 3
 * octets a character in UTF-8; strict parsers and some phone calendars cut or reject longer lines).
 */
export function foldOctets(text: string): string {
  return text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .map(foldLine)
    .join('\r\n')
}

export function foldLine(line: string): string {
  // Most lines (ASCII properties, short titles) fit: no need to walk them.
  if (line.length <= 25 || Buffer.byteLength(line) <= 75) return line
  let out = ''
  let octets = 0
  for (const ch of line) {
    const cp = ch.codePointAt(0)!
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
    if (octets + size > 75) {
      out += '\r\n '
      octets = 1
    }
    out += ch
    octets += size
  }
  return out
}

/** One meeting, for the organiser's or a member's own calendar. */
export const meetingCalendar = exporter<{ meetingId: number }>({
  key: 'meetings.meetingCalendar',
  what: '会议日历',
  async prepare(db, q) {
    const m = await meetingHead(db, q.meetingId)
    return { fileName: safeFileName(`会议-${m.date}-${m.title}.ics`) }
  },
  async build(db: Db, q, sink) {
    const m = await ledgerMeeting(db, q.meetingId, { attendance: false })
    const name = await communityName(db)
    await writeCalendar([m], name ? `「${name}」${m.title}` : m.title, sink)
    return { count: 1 }
  },
})

/** Every meeting starting in the period (office-local dates, inclusive), cancelled ones marked CANCELLED. */
export const meetingsCalendar = exporter<DateRange>({
  key: 'meetings.calendar',
  what: '议事会日程',
  async prepare(db, range) {
    assertRange(range)
    // Refused before the save dialog: a period without meetings gives no file.
    const any = await db
      .selectFrom('meetings')
      .select('id')
      .where('starts_at', '>=', officeLocalToUtc(`${range.from}T00:00`))
      .where('starts_at', '<', officeLocalToUtc(`${addDays(range.to, 1)}T00:00`))
      .limit(1)
      .executeTakeFirst()
    if (!any) {
      throw new AppError(
        'NOTHING_TO_EXPORT',
        `${chineseDate(range.from)}至${chineseDate(range.to)}没有会议，没有可导出的日程。`,
      )
    }
    return { fileName: `议事会日程-${range.from}至${range.to}.ics` }
  },
  async build(db, range, sink) {
    const ledger = await meetingLedger(db, range, { attendance: false })
    const calName = `${ledger.communityName ? `「${ledger.communityName}」` : ''}议事会日程`
    await writeCalendar(ledger.meetings, calName, sink)
    return { count: ledger.meetings.length }
  },
})
