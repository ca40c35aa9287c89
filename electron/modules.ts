import { communityModule } from './community'
import { contestModule } from './contest'
import { councilModule } from './council'
import { dashboardModule } from './dashboard'
import { dataModule } from './data'
import { feedbackModule } from './feedback'
import { fundModule } from './fund'
import { mediationModule } from './mediation'
import { meetingsModule } from './meetings'
import { partnersModule } from './partners'
import { peopleModule } from './people'
import { settingsModule } from './settings'
import { topicsModule } from './topics'

/**
 * Every module of the app, main side. Adding a module is one line here (plus its migrations in
 * database/migrations/index.ts and its table types in database/schema.ts); the registry, the
 * transports, the home page's reminders and the daily upkeep are all built from this list.
 */
export const MODULES = [
  communityModule,
  peopleModule,
  councilModule,
  meetingsModule,
  topicsModule,
  feedbackModule,
  partnersModule,
  fundModule,
  dashboardModule,
  dataModule,
  settingsModule,
  mediationModule,
  contestModule,
] as const
