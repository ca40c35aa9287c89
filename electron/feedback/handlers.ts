import { z } from 'zod'
import { handler } from '../registry/define'
import { id, input, localDateTime, oneOf, pageFields, text } from '../registry/fields'
import { FEEDBACK_CHANNELS, SATISFACTION } from '../../shared/followup-values'
import * as feedback from './feedback-service'
import { stillToTell } from './still-to-tell'

/** Feedback is about one resolution or one topic. */
const target = z.union([z.strictObject({ resolutionId: id('决议') }), z.strictObject({ topicId: id('议题') })], {
  error: '请指明是哪一条决议或议题',
})

/** 反馈: telling residents what became of what they raised, and how satisfied they were. */
export const feedbackHandlers = {
  'feedback.add': handler({
    input: input({
      target,
      channel: oneOf('反馈方式', FEEDBACK_CHANNELS),
      toldAt: localDateTime('反馈时间').nullable().default(null),
      content: text('反馈内容', { max: 1000 }),
      satisfaction: oneOf('满意度', SATISFACTION).nullable().default(null),
    }),
    run: (db, { target: t, ...f }) => feedback.addFeedback(db, t, f),
  }),
  'feedback.rate': handler({
    input: input({ target, satisfaction: oneOf('满意度', SATISFACTION) }),
    run: (db, q) => feedback.rate(db, q.target, q.satisfaction),
  }),
  'feedback.stillToTell': handler({ input: input(pageFields), run: (db, q) => stillToTell(db, q) }),
} as const
