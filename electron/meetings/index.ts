import { defineModule } from '../registry/module'
import { meetingExportHandlers, meetingExports } from './export-handlers'
import { officeDate } from '../../shared/time'
import { meetingHandlers } from './handlers'
import { ensureSeriesMaterialized } from './series-service'
import { meetingsDemo } from './demo/generate-meetings'

/**
 * 议事会日程: meetings and series, rooms, holidays, agendas, attendance, votes, minutes, the
 * projector, and the meetings' .ics / .xlsx files.
 */
export const meetingsModule = defineModule({
  name: 'meetings',
  handlers: { ...meetingHandlers, ...meetingExportHandlers },
  exporters: meetingExports,
  // Series meetings are created ahead up to the horizon (today + 2 years), which moves daily.
  upkeep: async (db, now) => {
    await ensureSeriesMaterialized(db, '9999-12-31', officeDate(now))
  },
  demo: meetingsDemo,
})

// What other modules may use.
export { appendItem, renumber } from './agenda-rows'
export { onAgendaItemChange, onMeetingChange, type AgendaItemChange, type MeetingChange } from './agenda-hooks'
export { meetsRule } from './majority'
export { committeeOf, MAX_EXPORT_DAYS, type DateRange } from './export/ledger'
