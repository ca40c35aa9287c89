import { defineModule } from '../registry/module'
import { meetingExportHandlers } from './export-handlers'
import { meetingHandlers } from './handlers'

/**
 * 议事会日程: meetings and series, rooms, holidays, agendas, attendance, votes, minutes, the
 * projector, and the meetings' .ics / .xlsx files.
 */
export const meetingsModule = defineModule({
  name: 'meetings',
  handlers: { ...meetingHandlers, ...meetingExportHandlers },
})

// What other modules may use.
export { appendItem, renumber } from './agenda-rows'
export { onAgendaItemChange, onMeetingChange, type AgendaItemChange, type MeetingChange } from './agenda-hooks'
export { meetsRule } from './majority'
export { committeeOf, MAX_EXPORT_DAYS, type DateRange } from './export/ledger'
export { displayWidth } from './export/xlsx-export'
