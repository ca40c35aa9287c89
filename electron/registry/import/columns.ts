import type { Cell } from './read-sheet'

/**
 * A list's columns and the headers offices write for them. A header matches when, without spaces,
 * stars and anything in brackets (（必填）), it is one of the names listed.
 */
export interface FieldSpec {
  /** The column's name in the dialog, the template and the messages. */
  label: string
  /** The headers offices write for it, the label first. */
  headers: readonly string[]
  /** Longest text accepted (characters). */
  max?: number
  /** Kept as text in the template and the 错误原因 workbook (ID numbers, phones, codes). */
  text?: boolean
}

export type Fields<F extends string> = Readonly<Record<F, FieldSpec>>

/** Which column (0-based) holds each field; null when the sheet has none. */
export type Mapping<F extends string = string> = Record<F, number | null>

export const normalizeHeader = (text: string) =>
  text
    .replace(/[(（【[].*?[)）】\]]/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase()

/** The fields of a list and how its header cells are read. */
export class Columns<F extends string> {
  readonly keys: F[]
  private readonly index: Map<string, F>

  constructor(
    readonly fields: Fields<F>,
    /** The field every header row names (姓名, 名称): without it a row is no header. */
    readonly keyField: F,
    /** How many known headers make a header row. */
    readonly headerFields = 2,
  ) {
    this.keys = Object.keys(fields) as F[]
    this.index = new Map(this.keys.flatMap((k) => fields[k].headers.map((h) => [normalizeHeader(h), k] as const)))
  }

  /** The field a header names, or null. */
  fieldOf(text: string): F | null {
    return this.index.get(normalizeHeader(text)) ?? null
  }

  /** The columns a header row names (the first column of each field wins). */
  guess(header: Array<Cell | null>): Mapping<F> {
    const mapping = Object.fromEntries(this.keys.map((k) => [k, null])) as Mapping<F>
    header.forEach((cell, c) => {
      const field = cell ? this.fieldOf(cell.text) : null
      if (field && mapping[field] === null) mapping[field] = c
    })
    return mapping
  }

  /**
   * The header row: the first of the top rows that names the key field and at least one other
   * known column (`headerFields` in all). -1 when there is none.
   */
  findHeaderRow(rows: Array<Array<Cell | null>>): number {
    for (let r = 0; r < Math.min(HEADER_SEARCH_ROWS, rows.length); r++) {
      const fields = new Set((rows[r] ?? []).map((cell) => (cell ? this.fieldOf(cell.text) : null)).filter(Boolean))
      if (fields.has(this.keyField) && fields.size >= this.headerFields) return r
    }
    return -1
  }
}

/** How many rows from the top are searched for the header row (title rows above it are common). */
export const HEADER_SEARCH_ROWS = 20
