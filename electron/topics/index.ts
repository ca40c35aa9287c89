import { defineModule } from '../registry/module'
import { topicExportHandlers, topicExports } from './export-handlers'
import { topicHandlers } from './handlers'
import { syncOverdueReports } from './overdue-report'
import { topicReminders } from './reminders'
import { topicsDemo } from './demo/generate-followup'

/**
 * 议题征集 and 决议督办: residents' topics, their routing to departments, the council's
 * resolutions and their follow-up until the work is done. Resolutions live here, not with
 * meetings: a resolution is the answer to residents' topics, its overdue report is put on the
 * agenda through the meetings module's public functions, and the contest and mediation modules
 * will take topics from here without needing meetings at all.
 */
export const topicsModule = defineModule({
  name: 'topics',
  handlers: { ...topicHandlers, ...topicExportHandlers },
  exporters: topicExports,
  reminders: topicReminders,
  upkeep: async (db, now) => {
    await syncOverdueReports(db, now)
  },
  // Topics, resolutions and the feedback that goes with them (see topicsDemo for why feedback too).
  demo: topicsDemo,
})

// What other modules may use.
export { WAITING_ON_ORIGINAL } from './topic-answer'
// The contest turns a resident's topic into a proposal.
export { getTopic } from './topic-reads'
export { syncOverdueReports, REPORT_TITLE } from './overdue-report'
export { REMINDER_FILTERS } from './reminders'
export { topicForMediation } from './topic-for-others'
