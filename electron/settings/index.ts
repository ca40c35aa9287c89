import { defineModule } from '../registry/module'
import { settingsHandlers } from './handlers'

/** The office's settings kept in the data file (适老模式, 操作人 and the lock time). */
export const settingsModule = defineModule({ name: 'settings', handlers: settingsHandlers })

export {
  checkPin,
  getIdleSeconds,
  hasOperators,
  listOperators,
  saveIdleSeconds,
  saveOperator,
  type OperatorRow,
} from './operators-service'
