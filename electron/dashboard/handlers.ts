import { handler } from '../registry/define'
import { dateRange } from '../registry/fields'
import { dashboard } from './dashboard-service'

/** 数据看板: every figure computed from the records for a period. */
export const dashboardHandlers = {
  'dashboard.figures': handler({ input: dateRange(), run: (db, q) => dashboard(db, q) }),
} as const
