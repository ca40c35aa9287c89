import { defineModule } from '../registry/module'
import { peopleHandlers } from './handlers'
import { peopleDemo } from './demo'
import { readIdNumber, readPhone } from './roster-service'

/** 居民名册: the residents, with their phones and ID numbers masked; the full values through reveal.show. */
export const peopleModule = defineModule({
  name: 'people',
  handlers: peopleHandlers,
  demo: peopleDemo,
  reveals: {
    'resident.phone': { label: '居民电话', read: readPhone },
    'resident.idNumber': { label: '居民身份证号', read: readIdNumber },
  },
})

export { householdLabel } from './roster-service'
