import type { DeskModule } from './shell/module'
import community from './community/routes'
import contest from './contest/routes'
import council from './council/routes'
import dashboard from './dashboard/routes'
import data from './data/routes'
import feedback from './feedback/routes'
import fund from './fund/routes'
import mediation from './mediation/routes'
import meetings from './meetings/routes'
import partners from './partners/routes'
import people from './people/routes'
import settings from './settings/routes'
import topics from './topics/routes'

/**
 * Every renderer module, one line each. A module's routes file says what it adds: its screens
 * (loaded on demand) and where each sits in the sidebar. Adding a module = one line here.
 * (settings' store also holds the 适老模式 switch the top bar shows, and who is at the keyboard.)
 */
export const MODULES: readonly DeskModule[] = [
  topics,
  meetings,
  feedback,
  dashboard,
  partners,
  fund,
  mediation,
  contest,
  council,
  people,
  community,
  data,
  settings,
]
