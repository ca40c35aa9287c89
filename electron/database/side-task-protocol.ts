/**
 * What the app asks of a side process (side-process.ts starts it, side-task.ts is its code), and
 * what it answers. Only plain data crosses: the process has its own SQLite connection.
 */
/** Work on the open data file: side-readers.ts adds which file, and how long to wait for a lock. */
export type OpenFileTask =
  /** A consistent copy of the file at `target` (VACUUM INTO on a read-only connection). */
  | { kind: 'vacuumInto'; target: string }
  /** `integrity_check`, then (when it found nothing) `foreign_key_check`. */
  | { kind: 'integrityCheck' }
  /** The file's attachment store copied into the store of `target` (a backup), each file's hash checked. */
  | { kind: 'copyStore'; target: string }

export type SideTask =
  | (OpenFileTask & { file: string; busyTimeoutMs: number })
  /** `integrity_check` and the schema version of a file that is not the open one (a copy, a backup). */
  | { kind: 'checkFile'; file: string }
  /** What a backup file holds: verdict, version, rows of `tables`, the community's name. */
  | { kind: 'inspect'; file: string; tables: readonly string[] }

export interface ForeignKeyFinding {
  table: string
  rowid: number
  parent: string
}

export interface FileInspection {
  verdict: string
  schemaVersion: number
  /** Rows per table for the tables the file has (an older version may lack some). */
  counts: Record<string, number>
  communityName: string | null
}

export interface SideResults {
  vacuumInto: null
  /** SQLite's own words: `findings` of integrity_check (a check that could not finish is one finding). */
  integrityCheck: { findings: string[]; foreignKeys: ForeignKeyFinding[] }
  checkFile: { verdict: string; schemaVersion: number }
  /** How many files the target's store now holds from the source, and the source's damaged ones (not copied). */
  copyStore: { files: number; damaged: string[] }
  inspect: FileInspection
}

export type SideResult<T extends { kind: SideTask['kind'] }> = SideResults[T['kind']]

/** The one message a side process sends back before it exits. */
export type SideReply =
  | { ok: true; value: unknown }
  /** SQLite's (or the file system's) error, with its code so the caller can tell a full disk from damage. */
  | { ok: false; message: string; code: string | null }
