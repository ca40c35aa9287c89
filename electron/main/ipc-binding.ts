import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import type { Db } from '../database/open-database'
import type { LiveDatabase } from '../database/live-database'
import type { HostContext, Registry } from '../registry/define'
import { dispatch } from '../registry/dispatch'
import { fail } from '../registry/result'

/**
 * Binds every registry channel to ipcMain. The sender is checked before the input is even parsed:
 * only our own window's main frame, loaded from our own origin, may call.
 */
export function bindRegistry(
  ipcMain: IpcMain,
  registry: Registry,
  db: Db | LiveDatabase,
  ctx: HostContext,
  isTrustedOrigin: (origin: string) => boolean,
): void {
  for (const channel of Object.keys(registry)) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isTrustedSender(event, isTrustedOrigin)) {
        return fail('FORBIDDEN', '拒绝了来自未知窗口的请求。')
      }
      return dispatch(registry, db, ctx, channel, input)
    })
  }
}

export function isTrustedSender(event: IpcMainInvokeEvent, isTrustedOrigin: (origin: string) => boolean): boolean {
  const frame = event.senderFrame
  // The origin, not the URL: about:blank and sandboxed frames have URLs that say nothing of who controls them.
  return !!frame && frame === event.sender.mainFrame && isTrustedOrigin(frame.origin)
}
