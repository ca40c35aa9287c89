import { sql, type Expression, type SqlBool } from 'kysely'

/**
 * "column contains text", with LIKE's wildcards in the text taken literally (a clerk searching for
 * "50%" means the characters). ESCAPE is standard SQL, so this stays portable.
 */
export function contains(column: string, text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`
}
