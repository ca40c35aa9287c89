import { createEvents, type EventAttributes, type EventStatus } from 'ics'
import { AppError } from '../../../shared/app-error'
import { chineseDate } from '../../../shared/dates'
import type { Db } from '../../database/open-database'
import { safeFileName, type ExportFile } from '../../registry/export-file'
import { communityName, ledgerMeeting, meetingLedger, type DateRange, type LedgerMeeting } from './ledger'

/**
 * Meetings as an iCalendar file (RFC 5545) that Outlook, Apple/Google Calendar, Thunderbird and
 * phone calendars import. Times are written in UTC ('Z'): a 19:00 meeting in the office
 * (Asia/Shanghai, UTC+8 all year) is DTSTART:…T110000Z and every program shows it at 19:00 local,
 * with no VTIMEZONE to get wrong. The UID is stable per meeting (its id and creation time), so
 * importing a later export updates the event instead of adding a copy; LAST-MODIFIED is the
 * meeting's own update time.
 */

const PRODUCT_ID = '-//Community Desk//Council Meetings//ZH'

/** Where the UID's right-hand side says the event comes from (not a host name; RFC 5545 only asks it be unique). */
const UID_DOMAIN = 'community-desk.meetings'

export function meetingUid(m: Pick<LedgerMeeting, 'id' | 'createdAt'>): string {
  return `meeting-${m.id}-${m.createdAt.replace(/\D/g, '')}@${UID_DOMAIN}`
}

const STATUS: Record<string, EventStatus> = { 取消: 'CANCELLED', 延期: 'TENTATIVE', 草稿: 'TENTATIVE' }
const PREFIX: Record<string, string> = { 取消: '【已取消】', 延期: '【延期】' }

export function meetingEvent(m: LedgerMeeting): EventAttributes {
  const lines = [`会议类型：${m.kind}`]
  if (m.host) lines.push(`主持人：${m.host}`)
  if (m.status === '取消') lines.push(`本次会议已取消。${m.statusReason ? `原因：${m.statusReason}` : ''}`)
  else if (m.status === '延期')
    lines.push(`本次会议延期举行，时间另行通知。${m.statusReason ? `原因：${m.statusReason}` : ''}`)
  if (m.agenda.length) {
    lines.push('议程：')
    for (const a of m.agenda) lines.push(`${a.position}. ${a.title}（${a.type}）`)
  }
  return {
    uid: meetingUid(m),
    title: `${PREFIX[m.status] ?? ''}${m.title}`,
    start: Date.parse(m.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(m.endsAt),
    endInputType: 'utc',
    endOutputType: 'utc',
    ...(m.roomName ? { location: m.roomName } : {}),
    description: lines.join('\n'),
    status: STATUS[m.status] ?? 'CONFIRMED',
    busyStatus: m.status === '取消' ? 'FREE' : 'BUSY',
    categories: [m.kind],
    created: Date.parse(m.createdAt),
    lastModified: Date.parse(m.updatedAt),
  }
}

export function renderCalendar(meetings: LedgerMeeting[], calName: string): string {
  const { error, value } = createEvents(meetings.map(meetingEvent), { productId: PRODUCT_ID, calName })
  if (error || !value) throw error ?? new Error('ics: empty output')
  return foldOctets(value)
}

/**
 * RFC 5545 §3.1: content lines are folded at 75 *octets*. The `ics` package folds at 75 characters,
 * which for Chinese text (3 octets a character in UTF-8) gives lines of up to 225 octets; strict
 * parsers and some phone calendars cut or reject those. So its output is unfolded and folded again
 * by octets, never inside a character.
 */
export function foldOctets(text: string): string {
  return text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .map(foldLine)
    .join('\r\n')
}

function foldLine(line: string): string {
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
export async function buildMeetingIcs(db: Db, meetingId: number): Promise<ExportFile> {
  const m = await ledgerMeeting(db, meetingId, { attendance: false })
  const name = await communityName(db)
  return {
    fileName: safeFileName(`会议-${m.date}-${m.title}.ics`),
    data: renderCalendar([m], name ? `「${name}」${m.title}` : m.title),
    count: 1,
  }
}

/** Every meeting starting in the period (office-local dates, inclusive), cancelled ones marked CANCELLED. */
export async function buildMeetingsIcs(db: Db, range: DateRange): Promise<ExportFile> {
  const ledger = await meetingLedger(db, range, { attendance: false })
  if (ledger.meetings.length === 0) {
    throw new AppError(
      'NOTHING_TO_EXPORT',
      `${chineseDate(range.from)}至${chineseDate(range.to)}没有会议，没有可导出的日程。`,
    )
  }
  const calName = `${ledger.communityName ? `「${ledger.communityName}」` : ''}议事会日程`
  return {
    fileName: `议事会日程-${range.from}至${range.to}.ics`,
    data: renderCalendar(ledger.meetings, calName),
    count: ledger.meetings.length,
  }
}
