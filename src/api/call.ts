import type { Result } from '../../electron/registry/result'

/** A failed call, carrying the Chinese message from the main process. */
export class ApiError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

/**
 * Sent on `window` when the main process answers that the screen is locked or nobody is signed in
 * (an idle timeout it noticed first, another window's 锁定): the session store reloads and shows the
 * lock or start screen.
 */
export const SESSION_CHANGED = 'desk-session-changed'

/** Unwraps a call's result: the value, or an ApiError with a message fit for the screen. */
export async function call<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending
  if (!result.ok) {
    if (result.code === 'LOCKED' || result.code === 'SIGN_IN') window.dispatchEvent(new Event(SESSION_CHANGED))
    throw new ApiError(result.code, result.message)
  }
  return result.value
}

/** The message to show for anything thrown by a call (never an English stack trace). */
export function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : '操作没有完成，请重试。'
}
