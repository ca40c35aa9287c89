import { call } from '../../api/call'
import { attempt } from '../../api/notify'
import type { Out } from '../../api/types'

export type ProjectionState = Out<'projection.view'>
export type ActiveProjection = Extract<ProjectionState, { active: true }>
export type ProjectionAction = 'start' | 'next' | 'prev' | 'toggle' | 'stop'

/**
 * 投屏's calls to the main process. The projector's state lives in the data file: the projector page
 * and the chair's bar each poll `read` on their own timer (the raw result: a failed read is only
 * counted or skipped, never a message), and the bar sends commands, whose failures show as messages.
 */
export function useProjection() {
  /** What the projector shows now. */
  function read() {
    return window.api.projection.view()
  }

  /** A command; the projector's new state, or undefined after a message. */
  function control(action: ProjectionAction, meetingId: number) {
    return attempt(() => call(window.api.projection.control(action === 'start' ? { action, meetingId } : { action })))
  }

  /** Opens the projector window; says whether the host did (else the page opens `route` itself). */
  function openWindow() {
    return attempt(() => call(window.api.projection.openWindow()))
  }

  return { read, control, openWindow }
}
