import { expect } from 'vitest'
import { registry } from '../registry'
import { dispatch } from '../registry/dispatch'
import type { TempDb } from './temp-db'

type Channel = keyof typeof registry

/**
 * Calls through the registry as the window makes them (schema first, then the service), for tests
 * of what the boundary accepts. `db` gives the test's current database.
 */
export function registryCalls(db: () => TempDb) {
  const call = (channel: Channel, input: unknown) => dispatch(registry, db().db, db().ctx, channel, input)
  /**
   * The Chinese message a call is refused with (its code `code` when given); fails the test when
   * the call succeeds or the message holds English words.
   */
  async function refused(channel: Channel, input: unknown, code?: string): Promise<string> {
    const r = await call(channel, input)
    expect(r, `${channel} ${JSON.stringify(input)}`).toMatchObject({ ok: false, ...(code ? { code } : {}) })
    const message = r.ok ? '' : r.message
    expect(message).not.toMatch(/[A-Za-z]{2,}/)
    return message
  }
  return { call, refused }
}
