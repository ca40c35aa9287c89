import { contextBridge, ipcRenderer } from 'electron'
import { channelsFromArgv, nestApi } from '../transport/nest-api'

/**
 * Exposes exactly one object, `window.api`, of named async functions: one per registry channel,
 * whose list main passes in `additionalArguments`. Never ipcRenderer itself, never the event.
 */
const channels = channelsFromArgv(process.argv)
const allowed = new Set(channels)

contextBridge.exposeInMainWorld(
  'api',
  nestApi(channels, (channel, input) => {
    if (!allowed.has(channel)) return Promise.reject(new Error('未知的操作'))
    return ipcRenderer.invoke(channel, input)
  }),
)
