/** What every call returns across the boundary: a value, or an error a clerk can read. */
export type Result<T> = { ok: true; value: T } | { ok: false; code: string; message: string }

export type Failure = Extract<Result<never>, { ok: false }>

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (code: string, message: string): Failure => ({ ok: false, code, message })
