import { defineModule } from '../registry/module'
import { councilHandlers } from './handlers'
import { councilDemo } from './demo'

/** 议事会: councils, their terms and members, quorum and pass rules. */
export const councilModule = defineModule({ name: 'council', handlers: councilHandlers, demo: councilDemo })

// What other modules may use.
export { membersOn } from './council-service'
export type { MajorityRule } from './tables'
