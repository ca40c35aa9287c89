import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import type sqlite3 from 'sqlite3'
import { allRows } from './side-readers'

/**
 * How much is checked when the data file is opened, and why.
 *
 * `quick_check` reads every page of the file: 1.9 s cold on a 162 MB file (a hundred times the
 * demo, thirty years of records), on every start, while the clerk waits. Damage has two causes,
 * and each is met where it happens:
 *
 * 1. A session that did not end in order — power cut, crash, a USB stick pulled while open — is
 *    the way a file gets torn, and it is known at the next open: `database_state.opened_at` is
 *    set at open and cleared on an orderly close, and SQLite leaves its `-wal` beside the file.
 *    Then, and for a file whose history is unknown (an older version, a copy taken while open),
 *    `quick_check` runs before anything is written, and a damaged file is refused as before.
 * 2. A file closed in order that is damaged at rest (a failing disk, a bad copy) is found by the
 *    full `integrity_check` that runs in the background after open, at most once a day, on a
 *    read-only side connection in a low-priority process (database/health.ts): it never holds
 *    the app's connection, and what it finds is shown on 首页 and 数据与备份 with what to do
 *    (restore a backup).
 *
 * The cheap checks run on every open, in microseconds: the header's magic and page size (else
 * the file is refused), its page count against the file's size (a shorter file lost its end and
 * is refused; any other mismatch gets the quick_check), and the schema table's own structure
 * (`integrity_check(sqlite_schema)`, a few pages). And whatever happens to the background check
 * (a clerk who only ever opens the app for a minute), a file that has not passed a check for
 * QUICK_CHECK_AFTER_DAYS gets the quick_check at open: damage never goes unseen for longer.
 */
export const QUICK_CHECK_AFTER_DAYS = 14

export type OpenCheckReason =
  /** A file the app has just created: nothing to check. */
  | 'new-file'
  /** `opened_at` was still set: the last session did not close in order. */
  | 'unclean-shutdown'
  /** A `-wal` beside the file: SQLite's own sign of a session that did not close (or another program has it open). */
  | 'wal-left-behind'
  /** No `database_state` row to read (a file from before the row, or one that cannot be read). */
  | 'no-state'
  /** The header and the file's size, or the schema table, do not agree. */
  | 'header-mismatch'
  /** No check has passed for QUICK_CHECK_AFTER_DAYS. */
  | 'not-checked-recently'
  /** Closed in order and checked recently: the cheap checks suffice. */
  | 'clean'

export interface OpenCheck {
  check: 'quick' | 'none'
  reason: OpenCheckReason
}

export interface DatabaseState {
  opened_at: string | null
  closed_at: string | null
  checked_at: string | null
  full_checked_at: string | null
}

/** What the file's first 100 bytes say, before SQLite reads anything. */
export type HeaderVerdict = { kind: 'ok' } | { kind: 'damaged'; detail: string } | { kind: 'mismatch'; detail: string }

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1')

/**
 * Reads the header (https://sqlite.org/fileformat.html#the_database_header): the magic string,
 * the page size, and — when the header's own page count is valid (its change counter equals
 * "version-valid-for") and no `-wal` holds newer pages — the page count times the page size
 * against the file's size. After an orderly close SQLite has checkpointed the WAL and truncated
 * the file to exactly that size.
 */
export function readHeader(path: string, walLeft: boolean): HeaderVerdict {
  const header = Buffer.alloc(100)
  const fd = openSync(path, 'r')
  let read: number
  try {
    read = readSync(fd, header, 0, 100, 0)
  } finally {
    closeSync(fd)
  }
  if (read < 100 || !header.subarray(0, 16).equals(MAGIC)) {
    return { kind: 'damaged', detail: 'not an SQLite file (header magic)' }
  }
  const rawPageSize = header.readUInt16BE(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    return { kind: 'damaged', detail: `invalid page size ${rawPageSize}` }
  }
  const pages = header.readUInt32BE(28)
  const sizeValid = pages > 0 && header.readUInt32BE(24) === header.readUInt32BE(92)
  if (!sizeValid || walLeft) return { kind: 'ok' }
  const expected = pages * pageSize
  const actual = statSync(path).size
  if (actual < expected) return { kind: 'damaged', detail: `file is ${actual} bytes, header says ${expected}` }
  if (actual !== expected) return { kind: 'mismatch', detail: `file is ${actual} bytes, header says ${expected}` }
  const freelist = header.readUInt32BE(36)
  if (freelist > pages || header.readUInt32BE(32) > pages) {
    return { kind: 'mismatch', detail: `freelist beyond the last page` }
  }
  return { kind: 'ok' }
}

export function walLeftBehind(path: string): boolean {
  return existsSync(`${path}-wal`)
}

/**
 * The cheap look inside: the schema table's structure (a few pages), then the state row. Null when
 * there is no row to read — an older file, or one whose schema cannot be read (the quick_check
 * that follows then says what is wrong).
 */
export async function readState(raw: sqlite3.Database): Promise<{ schemaSound: boolean; state: DatabaseState | null }> {
  try {
    const verdict = await allRows<{ integrity_check: string }>(raw, 'pragma integrity_check(sqlite_schema)')
    const schemaSound = verdict.length === 1 && verdict[0]!.integrity_check === 'ok'
    if (!schemaSound) return { schemaSound, state: null }
    const present = await allRows(raw, "select 1 from sqlite_schema where type = 'table' and name = 'database_state'")
    if (present.length === 0) return { schemaSound, state: null }
    const rows = await allRows<DatabaseState>(
      raw,
      'select opened_at, closed_at, checked_at, full_checked_at from database_state where id = 1',
    )
    return { schemaSound, state: rows[0] ?? null }
  } catch {
    return { schemaSound: false, state: null }
  }
}

/** The rule, as one pure function of what was found (the tests drive it through real files). */
export function decideOpenCheck(found: {
  exists: boolean
  walLeft: boolean
  header: HeaderVerdict | null
  schemaSound: boolean
  state: DatabaseState | null
  now: Date
}): OpenCheck {
  const quick = (reason: OpenCheckReason): OpenCheck => ({ check: 'quick', reason })
  if (!found.exists) return { check: 'none', reason: 'new-file' }
  if (found.header?.kind !== 'ok' || !found.schemaSound) return quick('header-mismatch')
  // Read after SQLite replayed any -wal: a killed session's own mark says so first.
  if (found.state && found.state.opened_at !== null) return quick('unclean-shutdown')
  if (found.walLeft) return quick('wal-left-behind')
  if (!found.state) return quick('no-state')
  const last = [found.state.checked_at, found.state.full_checked_at]
    .filter((at): at is string => at !== null)
    .map((at) => Date.parse(at))
    .filter((ms) => Number.isFinite(ms))
  const newest = last.length > 0 ? Math.max(...last) : null
  if (newest === null || found.now.getTime() - newest > QUICK_CHECK_AFTER_DAYS * 86_400_000) {
    return quick('not-checked-recently')
  }
  return { check: 'none', reason: 'clean' }
}
