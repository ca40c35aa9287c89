import { defineModule } from '../registry/module'
import { communityHandlers } from './handlers'
import { communityDemo } from './demo'

/** 社区档案: the community's profile, its grids and buildings (the denominators of every rate). */
export const communityModule = defineModule({ name: 'community', handlers: communityHandlers, demo: communityDemo })

// What other modules may use.
export { totalHouseholds } from './community-service'
