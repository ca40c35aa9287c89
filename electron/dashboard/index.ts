import { defineModule } from '../registry/module'
import { dashboardHandlers } from './handlers'

/** 数据看板: the follow-up loop's figures, computed from the records. */
export const dashboardModule = defineModule({ name: 'dashboard', handlers: dashboardHandlers })
