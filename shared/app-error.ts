/**
 * The one error type that crosses the boundary. `message` is shown to a clerk as it is, so it is
 * plain Chinese that says what happened and what to do; `code` is for programs and tests.
 */
export class AppError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.name = 'AppError'
    this.code = code
  }
}

/** A record the caller named does not exist (or no longer does). */
export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `找不到该${what}，可能已被删除。请刷新后再试。`)
}
