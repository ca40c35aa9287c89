import type { Result } from '../../electron/registry/result'
import type { ImportLayout, ImportPreview, ImportResult } from '../../electron/registry/import/engine'
import type { Mapping } from '../../electron/registry/import/columns'
import { call } from '../api/call'
import { attempt } from '../api/notify'

/**
 * What the one import dialog (ImportDialog.vue) needs of a list: its five channels
 * (registry/import/handlers.ts), wrapped once here so every store hands the dialog the same shape.
 */
export type { ImportLayout, ImportPreview, ImportResult }
export type ImportMapping = Record<string, number | null>

/** A spreadsheet the clerk picked, as every import step sends it. */
export interface PickedFile {
  fileName: string
  contentBase64: string
}

/** Reads a picked file for the import calls. */
export async function readPicked(file: File): Promise<PickedFile> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return { fileName: file.name, contentBase64: btoa(binary) }
}

/** One list's import, as the dialog calls it; each step throws an ApiError with the Chinese reason. */
export interface ImportApi {
  layout(f: PickedFile): Promise<ImportLayout>
  preview(f: PickedFile, mapping: ImportMapping): Promise<ImportPreview>
  commit(f: PickedFile, mapping: ImportMapping, createMissing: boolean): Promise<ImportResult>
  /** Saves the bad rows with 错误原因 (a failure is shown as a message). */
  problems(f: PickedFile, mapping: ImportMapping): Promise<unknown>
  /** Saves 导入模板.xlsx (a failure is shown as a message). */
  template(): Promise<unknown>
}

type WithMapping<F extends string> = PickedFile & { mapping?: Mapping<F> }

/** The dialog's ImportApi from a module's window.api channels (people.importLayout, …). */
export function importApi<F extends string>(channels: {
  layout(f: PickedFile): Promise<Result<ImportLayout<F>>>
  preview(q: WithMapping<F>): Promise<Result<ImportPreview>>
  commit(q: WithMapping<F> & { createMissing?: boolean }): Promise<Result<ImportResult>>
  problems(q: WithMapping<F>): Promise<Result<{ path: string | null; rows: number }>>
  template(): Promise<Result<{ path: string | null }>>
}): ImportApi {
  // The mapping the dialog edits has exactly the fields the layout listed.
  const typed = (m: ImportMapping) => m as Mapping<F>
  return {
    layout: (f) => call(channels.layout(f)),
    preview: (f, m) => call(channels.preview({ ...f, mapping: typed(m) })),
    commit: (f, m, createMissing) => call(channels.commit({ ...f, mapping: typed(m), createMissing })),
    problems: (f, m) => attempt(() => call(channels.problems({ ...f, mapping: typed(m) }))),
    template: () => attempt(() => call(channels.template())),
  }
}
