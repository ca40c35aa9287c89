import type { Out } from '../../api/types'
import { committeeName, meetingTime } from '../../shell/print/print-format'
import { chineseDate } from '../../../shared/dates'
import { officeDate } from '../../../shared/time'

/** What every meeting paper is printed from: the meeting, its attendance and the community. */
export interface MeetingPaperData {
  detail: Out<'meetings.get'>
  attendance: Out<'meetings.attendance'>
  overview: Out<'community.overview'>
}
export type RosterRow = Out<'meetings.attendance'>['roster'][number]
export type AgendaItem = Out<'meetings.get'>['agenda']['items'][number]

/** The facts the four papers share, worded as they are printed. */
export function paperFacts({ detail, attendance, overview }: MeetingPaperData) {
  const meeting = detail.meeting
  const profile = overview.profile ?? null
  const when = meetingTime(meeting.start, meeting.end)
  return {
    meeting,
    profile,
    committee: committeeName(profile),
    communityName: profile?.name ?? '',
    when,
    place: meeting.roomName || '另行通知',
    items: detail.agenda.items,
    summary: attendance.summary,
    roster: attendance.roster,
    today: chineseDate(officeDate()),
  }
}
