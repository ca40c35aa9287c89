import { defineModule } from '../registry/module'
import { dataHandlers } from './handlers'

/** 数据与备份: the data file, backups, restore, integrity checks. */
export const dataModule = defineModule({ name: 'data', handlers: dataHandlers })
