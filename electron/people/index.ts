import { defineModule } from '../registry/module'
import { peopleHandlers } from './handlers'
import { peopleDemo } from './demo'

/** 居民名册: the residents, with their phones masked. */
export const peopleModule = defineModule({ name: 'people', handlers: peopleHandlers, demo: peopleDemo })

export { householdLabel } from './roster-service'
