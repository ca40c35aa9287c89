import type { z } from 'zod'
import type { Db } from '../database/open-database'

/** What the host (Electron or the loopback test host) lends a handler beyond the database. */
export interface HostContext {
  /** Absolute path of the open data file. */
  readonly dataFile: string
  /** Asks the user for a folder (Electron: a dialog; test host: the folder it was started with). */
  pickFolder(title: string): Promise<string | null>
  /**
   * Saves an exported file (Electron: a save dialog; test host: its export folder). Returns the
   * path written, or null when the user cancelled.
   */
  saveFile(suggestedName: string, data: Uint8Array | string): Promise<string | null>
  /**
   * Opens the projector window (Electron: fullscreen on the external display). A host that cannot
   * open windows answers opened: false, and the page opens `route` itself.
   */
  openProjection(): Promise<{ opened: boolean; route: string }>
}

/** One call the UI can make: its input schema and the function of (db, input) that answers it. */
export interface Handler<I extends z.ZodType, O> {
  readonly input: I
  run(db: Db, input: z.output<I>, ctx: HostContext): Promise<O>
}

export function handler<I extends z.ZodType, O>(entry: Handler<I, O>): Handler<I, O> {
  return entry
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds handlers of every shape
export type AnyHandler = Handler<any, any>
export type Registry = Readonly<Record<string, AnyHandler>>
