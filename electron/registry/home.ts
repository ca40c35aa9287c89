import { reminders } from '../services/meetings/followup/reminders'
import { handler } from './define'
import { noInput } from './fields'

/** The home page's reminders: topics waiting, routed topics past their limit, overdue resolutions, residents not yet told. */
export const homeHandlers = {
  'home.reminders': handler({ input: noInput, run: (db) => reminders(db) }),
} as const
