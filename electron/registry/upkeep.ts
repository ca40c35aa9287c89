import { nowIso, officeDate } from '../../shared/time'
import type { Db } from '../database/open-database'
import { MODULES } from '../modules'

/** Runs every module's date-driven upkeep once (each in its own transaction). */
export async function runUpkeep(db: Db, now = nowIso()): Promise<void> {
  for (const m of MODULES) if ('upkeep' in m && m.upkeep) await m.upkeep(db, now)
}

/**
 * Runs the upkeep at start-up and again whenever the office's date changes while the app stays
 * open (checked every few minutes, so a PC that slept through midnight catches up when it wakes).
 * `withDb` lends the current handle (the hosts pass LiveDatabase.shared, so a restore is
 * respected). Returns a function that stops it.
 */
export function startUpkeep(
  withDb: (fn: (db: Db) => Promise<void>) => Promise<void>,
  everyMs = 5 * 60_000,
): () => void {
  let lastDate = ''
  let running = false
  const tick = async () => {
    const today = officeDate(nowIso())
    if (today === lastDate || running) return
    running = true
    try {
      await withDb((db) => runUpkeep(db))
      lastDate = today
    } catch (err) {
      console.error('[upkeep]', err)
    } finally {
      running = false
    }
  }
  void tick()
  const timer = setInterval(() => void tick(), everyMs)
  timer.unref?.()
  return () => clearInterval(timer)
}
