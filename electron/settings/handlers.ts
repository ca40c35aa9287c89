import { z } from 'zod'
import * as settings from './settings-service'
import * as operators from './operators-service'
import { handler } from '../registry/define'
import { id, input, noInput, text } from '../registry/fields'
import { currentOperator, type Access } from '../registry/session'
import { MAX_IDLE_SECONDS, MIN_IDLE_SECONDS, PIN_PATTERN, PIN_RULE, ROLES } from '../../shared/operators'

/** 操作人 and the lock time are the 管理员's. */
const ADMIN: Access = { roles: ['管理员'], what: '操作人设置' }

const operatorFields = {
  name: text('姓名', { max: 20 }),
  roles: z
    .array(z.enum(ROLES, { error: '「身份」的选项不对，请重新选择' }), { error: '「身份」格式不对' })
    .max(ROLES.length, '「身份」的选项不对，请重新选择'),
  /** '' keeps the PIN (none for a new person); null removes it. */
  pin: z
    .string({ error: '「密码」格式不对' })
    .trim()
    .refine((p) => p === '' || PIN_PATTERN.test(p), PIN_RULE)
    .nullable()
    .default(''),
}

export const settingsHandlers = {
  // 适老模式 also sizes the start and lock screens.
  'settings.get': handler({ input: noInput, beforeSignIn: true, run: (db) => settings.getUiSettings(db) }),
  'settings.save': handler({
    input: input({ elderMode: z.boolean({ error: '「适老模式」只能是开或关' }).optional() }),
    run: (db, patch) => settings.saveUiSettings(db, patch),
  }),
  'settings.operators': handler({
    input: noInput,
    access: ADMIN,
    run: async (db) => ({
      operators: await operators.listOperators(db),
      idleSeconds: await operators.getIdleSeconds(db),
    }),
  }),
  /**
   * Adds or changes a person. The first person named in an office that had named nobody is the one
   * at the keyboard now: the session continues as them, so the start screen does not appear at once.
   */
  'settings.saveOperator': handler({
    input: input({ id: id('操作人').nullable(), ...operatorFields }),
    access: ADMIN,
    run: async (db, { id: operatorId, ...fields }, ctx) => {
      const wasUnnamed = currentOperator(ctx).unnamed
      const saved = await operators.saveOperator(db, operatorId, fields)
      if (wasUnnamed) ctx.session!.signIn({ ...saved, unnamed: false }, await operators.getIdleSeconds(db))
      else if (ctx.session!.operator?.id === saved.id) ctx.session!.operator = { ...saved, unnamed: false }
      return saved
    },
  }),
  'settings.removeOperator': handler({
    input: input({ id: id('操作人') }),
    access: ADMIN,
    run: (db, q) => operators.removeOperator(db, q.id),
  }),
  /** The lock time; it applies to this session at once and to every other one at its next sign-in. */
  'settings.saveIdle': handler({
    input: input({
      idleSeconds: z
        .number({ error: '「锁屏时间」应当是数字' })
        .int('「锁屏时间」应当是整数')
        .min(MIN_IDLE_SECONDS, '「锁屏时间」太短')
        .max(MAX_IDLE_SECONDS, `「锁屏时间」最长 ${MAX_IDLE_SECONDS / 60} 分钟`),
    }),
    access: ADMIN,
    run: async (db, q, ctx) => {
      const seconds = await operators.saveIdleSeconds(db, q.idleSeconds)
      if (ctx.session) ctx.session.idleMs = seconds * 1000
      return { idleSeconds: seconds }
    },
  }),
} as const
