import type { z } from 'zod'
import type { Db } from '../database/open-database'
import type { LiveDatabase } from '../database/live-database'
import type { Access, Session } from './session'

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
   * Asks where to save an export (Electron: a save dialog; test host: a new name in its export
   * folder). Returns the path the finished file will have, or null when the user cancelled; nothing
   * is written yet — the export job writes a temporary file beside it and renames it when complete.
   */
  pickSaveTarget(suggestedName: string): Promise<string | null>
  /** The export job for a picked path has ended (a host that hands out new names may reuse it). */
  releaseSaveTarget?(path: string): void
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
  /**
   * Who is at the keyboard: the transport's session for this caller (registry/session.ts), never
   * anything the page sent. A context without one (a unit test) gets a fresh session per call.
   * Handlers read the operator with currentOperator(ctx).
   */
  readonly session?: Session
}

/** One call the UI can make: its input schema and the function of (db, input) that answers it. */
export interface Handler<I extends z.ZodType, O> {
  readonly input: I
  /**
   * Runs alone: waits for the calls in progress, and calls arriving meanwhile wait for it. For the
   * one call that swaps the data file (restore); everything else runs side by side.
   */
  readonly exclusive?: boolean
  /**
   * Answered while nobody is signed in and while the screen is locked: the start and lock screens'
   * own calls (session.*) and the settings they are drawn with. Every other call needs an operator.
   */
  readonly beforeSignIn?: true
  /** Who may make this call; the module's own access applies where it is left out (registry/index.ts). */
  readonly access?: Access
  run(db: Db, input: z.output<I>, ctx: HostContext): Promise<O>
}

export function handler<I extends z.ZodType, O>(entry: Handler<I, O>): Handler<I, O> {
  return entry
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds handlers of every shape
export type AnyHandler = Handler<any, any>
export type Registry = Readonly<Record<string, AnyHandler>>
