import { defineModule } from '../registry/module'
import { settingsHandlers } from './handlers'

/** The office's settings kept in the data file (适老模式…). */
export const settingsModule = defineModule({ name: 'settings', handlers: settingsHandlers })
