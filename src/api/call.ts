import type { Result } from '../../electron/registry/result'

/** A failed call, carrying the Chinese message from the main process. */
export class ApiError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

/** Unwraps a call's result: the value, or an ApiError with a message fit for the screen. */
export async function call<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending
  if (!result.ok) throw new ApiError(result.code, result.message)
  return result.value
}

/** The message to show for anything thrown by a call (never an English stack trace). */
export function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : '操作没有完成，请重试。'
}
