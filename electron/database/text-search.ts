import { sql, type Expression, type SqlBool } from 'kysely'

/**
 * The LIKE pattern for "contains text", with LIKE's wildcards in the text taken literally (a clerk
 * searching for "50%" means the characters). Computed once per search and passed to a prepared
 * statement as a value; likes() writes the matching ESCAPE (standard SQL, so this stays portable).
 */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** What residentSearchText joins the fields with: no clerk can type it. */
export const SEARCH_FIELD_SEPARATOR = '\u001f'

/**
 * A resident's searched fields (name, note, tags, room, unit) as ONE text, joined by U+001F: the
 * expression of the residents_search index (migration 13), written exactly as the index has it so
 * SQLite reads it from the index. `expressionLikes(…)` on it is true exactly when one field contains the
 * text, for any text without the separator.
 */
export function residentSearchText(alias: string): Expression<string> {
  const c = (column: string) => sql.ref(`${alias}.${column}`)
  return sql<string>`(${c('name')} || char(31) || ${c('note')} || char(31) || ${c('tags')} || char(31) || ${c('room')} || char(31) || ${c('unit')})`
}

/** "column LIKE pattern" for a pattern made by likePattern (a prepared statement takes it as a value). */
export function likes(column: string, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`
}

/** "expression LIKE pattern", as likes() for a column. */
export function expressionLikes(expression: Expression<string>, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`${expression} like ${pattern} escape '\\'`
}
