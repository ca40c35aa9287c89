import { defineModule } from '../registry/module'
import { fundDemo } from './demo'
import { fundExportHandlers, fundExports } from './export-handlers'
import { fundHandlers } from './handlers'
import { fundReminders } from './reconcile-service'

/**
 * 社区公益基金: the mirror ledger of the community charity fund a foundation holds — sub-funds by
 * purpose, income and expenditure that are never edited (corrections are reversing entries), the
 * month-end reconciliation with the foundation's statement, the 捐赠收据, the 收支公示 and the
 * 收支明细 register.
 */
export const fundModule = defineModule({
  name: 'fund',
  handlers: { ...fundHandlers, ...fundExportHandlers },
  reminders: fundReminders,
  exporters: fundExports,
  demo: fundDemo,
})

// What other modules may use: posting (inside the caller's transaction, with onPosted) and reading
// what was posted for one of their records.
export {
  postEntry,
  reverseEntry,
  postedForSource,
  subfundBalance,
  listSubfunds,
  type EntryInput,
  type EntryRow,
  type PostOptions,
  type ReversalInput,
} from './ledger-service'
