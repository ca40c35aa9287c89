import { defineModule } from '../registry/module'
import { feedbackHandlers } from './handlers'
import { stillToTell } from './still-to-tell'

/** 反馈 and 待告知居民: residents hear what became of what they raised. */
export const feedbackModule = defineModule({
  name: 'feedback',
  handlers: feedbackHandlers,
  reminders: async (db, now) => ({ stillToTell: (await stillToTell(db, { limit: 1, offset: 0 }, now)).total }),
})
