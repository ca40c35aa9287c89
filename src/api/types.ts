import type { AppRegistry } from '../../electron/registry'
import type { OutputOf } from '../../electron/registry/api-types'

/** What a channel answers with, for use in stores and components (type-only). */
export type Out<K extends keyof AppRegistry> = OutputOf<AppRegistry, K>
