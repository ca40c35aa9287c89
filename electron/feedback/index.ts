import { defineModule } from '../registry/module'
import { feedbackHandlers } from './handlers'
import { feedbackReminders } from './reminders'

/** 反馈 and 待告知居民: residents hear what became of what they raised. */
export const feedbackModule = defineModule({
  name: 'feedback',
  handlers: feedbackHandlers,
  reminders: feedbackReminders,
})
