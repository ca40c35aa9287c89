import type { ApiOf } from './api-types'
import { communityHandlers } from './community'
import { dataHandlers } from './data'
import { settingsHandlers } from './settings'
import { peopleHandlers } from './people'
import { councilHandlers } from './council'
import { meetingHandlers } from './meetings'
import { exportHandlers } from './exports'
import { followupHandlers } from './followup'
import { homeHandlers } from './home'

/**
 * Every call the UI can make, in one place. The preload bridge, the ipcMain binding and the
 * loopback test host are all built from this object; `window.api` is typed from it.
 * A channel is '<module>.<action>'.
 */
export const registry = {
  ...communityHandlers,
  ...dataHandlers,
  ...settingsHandlers,
  ...peopleHandlers,
  ...councilHandlers,
  ...meetingHandlers,
  ...exportHandlers,
  ...followupHandlers,
  ...homeHandlers,
} as const

export type AppRegistry = typeof registry
export type Channel = keyof AppRegistry
export type Api = ApiOf<AppRegistry>
export const CHANNELS = Object.keys(registry) as Channel[]
