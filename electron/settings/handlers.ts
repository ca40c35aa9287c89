import { z } from 'zod'
import * as settings from './settings-service'
import { handler } from '../registry/define'
import { input, noInput } from '../registry/fields'

export const settingsHandlers = {
  'settings.get': handler({ input: noInput, run: (db) => settings.getUiSettings(db) }),
  'settings.save': handler({
    input: input({ elderMode: z.boolean({ error: '「适老模式」只能是开或关' }).optional() }),
    run: (db, patch) => settings.saveUiSettings(db, patch),
  }),
} as const
