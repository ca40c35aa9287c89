import { sql, type Expression } from 'kysely'
import type { Db } from './open-database'

/**
 * Text search through the gram index (migration search-grams): instead of a LIKE '%…%' over every
 * row, the rows that can contain the text are found in `search_grams`, and only those are
 * confirmed by the list's own LIKE (text-search.ts contains()). The gram index holds, per row,
 * every distinct `substr(lower(text), n, 2)`: its 2-character grams and its last character. So
 *
 * - a 1-character text: the grams that start with it (a range of the primary key);
 * - a 2-character text: that gram;
 * - a longer text: its rarest 2-character gram (each counted up to RARITY_CAP), then LIKE;
 * - rows with a text longer than the positions table (raw SQL only) hold the gram '' and are
 *   always candidates.
 *
 * For 1–2 characters the candidates are exactly the matches (lower() and LIKE both fold ASCII
 * only); the LIKE stays anyway, so wildcards ('%', '_': literal, as contains() escapes them) and
 * the resident fields' separator behave exactly as before.
 */
export const GRAM_KIND = {
  /** topics.description */
  topicDescription: 1,
  /** A resident's residentSearchText (name, note, tags, room, unit joined by char(31)). */
  residentText: 2,
} as const
export type GramKind = (typeof GRAM_KIND)[keyof typeof GRAM_KIND]

/** One gram to look up: `prefix` for a 1-character text (every gram starting with it). */
export interface GramKey {
  gram: string
  prefix: boolean
}

/** Bounded counts: a gram seen this often is "common"; counting stops there. */
export const RARITY_CAP = 2000

/** ASCII-only lower case, as SQLite's lower() and LIKE fold (not String#toLowerCase). */
function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase())
}

/** The keys a text can be found by, any one of which every match holds (SQLite counts code points). */
export function gramKeys(text: string): GramKey[] {
  const chars = Array.from(foldAscii(text))
  if (chars.length === 0) return []
  if (chars.length === 1) return [{ gram: chars[0]!, prefix: true }]
  const grams = new Set<string>()
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!)
  return [...grams].map((gram) => ({ gram, prefix: false }))
}

/** The next code point's character: grams starting with c are ≥ c and < after(c) (UTF-8 order). */
function after(c: string): string {
  return String.fromCodePoint(c.codePointAt(0)! + 1)
}

function keyed(db: Db, kind: GramKind, key: GramKey) {
  const q = db.selectFrom('search_grams').select('row_id').where('kind', '=', kind)
  return key.prefix
    ? q.where('gram', '>=', key.gram).where('gram', '<', after(key.gram))
    : q.where('gram', '=', key.gram)
}

/** The ids of the rows of `kind` that may contain a text found by `key` (a subquery). */
export function gramIds(db: Db, kind: GramKind, key: GramKey) {
  return keyed(db, kind, key).unionAll(
    db.selectFrom('search_grams').select('row_id').where('kind', '=', kind).where('gram', '=', ''),
  )
}

/** How many grams a key finds, counted up to RARITY_CAP (an index range, no row read). */
async function boundedCount(db: Db, kind: GramKind, key: GramKey): Promise<number> {
  const row = await db
    .selectFrom(keyed(db, kind, key).limit(RARITY_CAP).as('g'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * The key to look a text up by: its only one (1–2 characters), or of a longer text the gram with
 * the fewest rows, with that number (capped at RARITY_CAP) so a list can tell a rare text from a
 * common one. Null for an empty text.
 */
export async function chooseGram(
  db: Db,
  kind: GramKind,
  text: string,
): Promise<{ key: GramKey; estimate: number } | null> {
  let best: { key: GramKey; estimate: number } | null = null
  for (const key of gramKeys(text)) {
    const estimate = await boundedCount(db, kind, key)
    if (!best || estimate < best.estimate) best = { key, estimate }
    if (estimate === 0) break
  }
  return best
}

/**
 * From how many candidates a page walks its list's order index (probing the candidates, stopping
 * after one page) instead of reading the candidates and sorting them. Below it the sort is of at
 * most this many rows; above it matches are dense enough that a page fills after a short walk.
 */
export const WALK_FROM = 400

/**
 * The id a candidate test is written on: `+id` when the page walks its order index, so SQLite
 * does not drive the statement from the candidates (and sort them); the plain id otherwise.
 */
export function candidateId(column: string, walk: boolean): Expression<number> {
  return walk ? sql<number>`+${sql.ref(column)}` : sql.ref(column)
}

/** The first key of a text, for a statement built without chooseGram (any key is correct). */
export function firstKey(text: string): GramKey | null {
  return gramKeys(text)[0] ?? null
}
