import { defineModule } from '../registry/module'
import { peopleHandlers } from './handlers'

/** 居民名册: the residents, with their phones masked. */
export const peopleModule = defineModule({ name: 'people', handlers: peopleHandlers })

export { householdLabel } from './roster-service'
