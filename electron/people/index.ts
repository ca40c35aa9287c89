import { defineModule } from '../registry/module'
import { peopleHandlers } from './handlers'
import { peopleDemo } from './demo'
import { readPhone } from './roster-service'

/** 居民名册: the residents, with their phones masked; the full number through reveal.show. */
export const peopleModule = defineModule({
  name: 'people',
  handlers: peopleHandlers,
  demo: peopleDemo,
  reveals: { 'resident.phone': { label: '居民电话', read: readPhone } },
})

export { householdLabel } from './roster-service'
