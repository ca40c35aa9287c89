import type { z } from 'zod'
import type { Db } from '../database/open-database'
import type { LiveDatabase } from '../database/live-database'

/** What the host (Electron or the loopback test host) lends a handler beyond the database. */
export interface HostContext {
  /** Absolute path of the open data file. */
  readonly dataFile: string
  /** The open database; restoring a backup swaps the file behind it (inside an exclusive call). */
  readonly database: LiveDatabase
  /**
   * The only folder this host writes backups to and restores from, or null where the user picks
   * them in a dialog (Electron). The loopback host has one: a caller over HTTP never names a path.
   */
  readonly backupDir: string | null
  /** Asks the user for a folder (Electron: a dialog; test host: the folder it was started with). */
  pickFolder(title: string): Promise<string | null>
  /** Asks the user for a backup file to restore (Electron: an open dialog; test host: null, it lists backupDir). */
  pickBackupFile(title: string): Promise<string | null>
  /**
   * Saves an exported file (Electron: a save dialog; test host: its export folder). Returns the
   * path written, or null when the user cancelled.
   */
  saveFile(suggestedName: string, data: Uint8Array | string): Promise<string | null>
  /**
   * Opens a file with the program the computer uses for it (Electron: written to a temporary
   * folder, then shell.openPath; test host: written to its export folder, which stands for it).
   * Returns the path it opened, or null when it could not.
   */
  openFile(suggestedName: string, data: Uint8Array): Promise<string | null>
  /**
   * Opens the projector window (Electron: fullscreen on the external display). A host that cannot
   * open windows answers opened: false, and the page opens `route` itself.
   */
  openProjection(): Promise<{ opened: boolean; route: string }>
  /**
   * Saves the calling window's page as an A4 PDF (Electron: printToPDF, then a save dialog).
   * Returns the path, or null when the user cancelled. A host without it (the loopback host, a
   * plain browser) leaves it out, and the page opens the browser's own print dialog instead.
   */
  savePdf?(suggestedName: string): Promise<string | null>
}

/** One call the UI can make: its input schema and the function of (db, input) that answers it. */
export interface Handler<I extends z.ZodType, O> {
  readonly input: I
  /**
   * Runs alone: waits for the calls in progress, and calls arriving meanwhile wait for it. For the
   * one call that swaps the data file (restore); everything else runs side by side.
   */
  readonly exclusive?: boolean
  run(db: Db, input: z.output<I>, ctx: HostContext): Promise<O>
}

export function handler<I extends z.ZodType, O>(entry: Handler<I, O>): Handler<I, O> {
  return entry
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds handlers of every shape
export type AnyHandler = Handler<any, any>
export type Registry = Readonly<Record<string, AnyHandler>>
