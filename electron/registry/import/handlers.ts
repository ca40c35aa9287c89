import { z } from 'zod'
import { handler } from '../define'
import { input, noInput, text, whole } from '../fields'
import type { Mapping } from './columns'
import type { Importer } from './engine'
import { saveProblemRows, saveTemplate } from './import-files'

/** The spreadsheet the clerk picked, sent whole with every step (nothing is kept between calls). */
const importFile = {
  fileName: text('文件名', { max: 200 }),
  contentBase64: z
    .string({ error: '请选择文件' })
    .max(40_000_000, '文件太大了（最多 30 MB），请把表格分成几个文件再导入。')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件没有读完整，请重新选择。'),
}

const fileOf = (q: { fileName: string; contentBase64: string }) => ({
  fileName: q.fileName,
  bytes: new Uint8Array(Buffer.from(q.contentBase64, 'base64')),
})

/**
 * The five import channels of a list, the same for every kind: a module lists them under its own
 * names ('people.importLayout': people.layout, …).
 *   layout    the sheet's header row and the program's guess of its columns (the mapping step)
 *   preview   what the import would do: new rows, rows updating records, every bad row and its reason
 *   commit    the good rows written in one transaction, audited
 *   problems  the bad rows saved as .xlsx with 错误原因
 *   template  导入模板.xlsx
 */
export function importHandlers<F extends string>(imp: Importer<F>) {
  const fields = imp.kind.fields
  /** Which column (0-based) holds each field; null for none. Left out: the program's guess. */
  const mapping = z
    .strictObject(
      Object.fromEntries(imp.columns.keys.map((k) => [k, whole(fields[k].label, 0, 16_383).nullable()])) as Record<
        F,
        z.ZodNullable<ReturnType<typeof whole>>
      >,
      { error: '列的对应关系不对，请重新选择' },
    )
    .optional()
  // The schema above has exactly the kind's fields; its inferred type is only lost to the generic.
  const asMapping = (m: unknown) => m as Mapping<F> | undefined
  return {
    layout: handler({ input: input(importFile), run: async (_db, q) => imp.readLayout(fileOf(q)) }),
    preview: handler({
      input: input({ ...importFile, mapping }),
      run: (db, q) => imp.preview(db, fileOf(q), asMapping(q.mapping)),
    }),
    commit: handler({
      input: input({
        ...importFile,
        mapping,
        createMissing: z.boolean({ error: '「是否新建」应当是是或否' }).default(false),
      }),
      run: (db, q) => imp.commit(db, fileOf(q), { mapping: asMapping(q.mapping), createMissing: q.createMissing }),
    }),
    problems: handler({
      input: input({ ...importFile, mapping }),
      run: (db, q, ctx) => saveProblemRows(db, ctx, imp, fileOf(q), asMapping(q.mapping)),
    }),
    template: handler({ input: noInput, run: (_db, _q, ctx) => saveTemplate(ctx, imp) }),
  }
}
