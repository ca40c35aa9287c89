import { sql, type Expression, type RawBuilder } from 'kysely'
import type { Db } from './open-database'
import { prepared } from './prepared'

/**
 * Text search through the gram index (migration search-grams): instead of a LIKE '%…%' over every
 * row, the rows that can contain the text are found in `search_grams`, and only those are
 * confirmed by the list's own LIKE (text-search.ts: likePattern(), likes()). The gram index holds,
 * per row, every distinct `substr(lower(text), n, 2)`: its 2-character grams and its last character. So
 *
 * - a 1-character text: the grams that start with it (a range of the primary key);
 * - a 2-character text: that gram;
 * - a longer text: its rarest 2-character gram (each counted up to RARITY_CAP), then LIKE;
 * - rows with a text longer than the positions table (raw SQL only) hold the gram '' and are
 *   always candidates.
 *
 * For 1–2 characters the candidates are exactly the matches (lower() and LIKE both fold ASCII
 * only); the LIKE stays anyway, so wildcards ('%', '_': literal, as likePattern() escapes them) and
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

/**
 * A key as a statement takes it: the gram, and for a 1-character text the end of its range. Computed
 * before a statement is built, so a prepared statement (prepared.ts) takes them as values and is
 * compiled once per shape (gramEnd null or not).
 */
export interface GramValues {
  gram: string
  /** The range's end (exclusive) for a prefix key; null for one gram. */
  gramEnd: string | null
}

export function gramValues(key: GramKey): GramValues {
  return { gram: key.gram, gramEnd: key.prefix ? after(key.gram) : null }
}

/** The ids of the rows of `kind` holding the key's gram(s) — not the '' rows (a subquery; ids may repeat). */
export function keyedIds(db: Db, kind: GramKind, v: GramValues) {
  const q = db.selectFrom('search_grams').select('row_id').where('kind', '=', kind)
  return v.gramEnd !== null ? q.where('gram', '>=', v.gram).where('gram', '<', v.gramEnd) : q.where('gram', '=', v.gram)
}

/**
 * The ids of a JSON list, for `in`: a list of any length is ONE value, so a prepared statement
 * (prepared.ts, where each list length would be a shape of its own) is compiled once.
 */
export function jsonIds(json: string): Expression<number> {
  return sql<number>`(select value from json_each(${json}))`
}

/**
 * Up to this many rows holding a 1-character key are counted exactly; above it the count stops
 * (holdersUpTo). A pager over thousands of matches needs no exact number (a clerk narrows the
 * search instead of paging that far); the rows on every page are exact.
 */
export const EXACT_UP_TO = 2000

/**
 * How many rows of `kind` hold a key (not the '' rows), for the exact counts of 1–2 character
 * searches, at a cost that does not grow past EXACT_UP_TO matches (a scalar subquery):
 *
 * - one gram (2 characters): each row holds it at most once (the primary key): its rows, counted;
 * - a range (1 character): a row holds one gram per occurrence of the character, so rows must be
 *   told apart (a temporary b-tree: 3 ms for 「王」's 8,948 residents at 100×, 100 ms for 「1」's
 *   260,000). They are told apart up to EXACT_UP_TO + 1 only; settleHolders decides what that
 *   count means.
 *
 * (Estimating instead was tried: the range's grams count a row once per occurrence — 「电」 +43 %
 * in topics — and a hashed sample reads the whole range, as slow as the exact count.)
 */
export function holdersUpTo(db: Db, kind: GramKind, key: GramValues): RawBuilder<number> {
  const keyed = keyedIds(db, kind, key)
  return key.gramEnd === null
    ? sql<number>`(select count(*) from (${keyed}))`
    : sql<number>`(select count(*) from (${keyed.distinct().limit(EXACT_UP_TO + 1)}))`
}

// Every holder told apart: only when holdersUpTo stopped and some holder was removed.
const allHolders = prepared((db, v: { kind: number; gram: string; gramEnd: string | null }) =>
  db
    .selectFrom(keyedIds(db, v.kind as GramKind, v).as('k'))
    .select((e) => e.fn.count<number>('k.row_id').distinct().as('n')),
)

/**
 * What holdersUpTo's count means, given how many holders were removed (deleted residents, voided
 * topics: counted exactly by the caller through its small index of them). Past EXACT_UP_TO the
 * count stopped: with no holder removed, more than EXACT_UP_TO live rows hold the key, so the
 * count is a true lower bound (`atLeast`: the list says 2000 … 以上); with some removed that is
 * no longer sure, and every holder is counted.
 */
export async function settleHolders(
  db: Db,
  kind: GramKind,
  key: GramValues,
  counted: number,
  removed: number,
): Promise<{ holders: number; atLeast: boolean }> {
  if (key.gramEnd === null || counted <= EXACT_UP_TO) return { holders: counted, atLeast: false }
  if (removed === 0) return { holders: counted, atLeast: true }
  const [all] = await allHolders(db, { kind, gram: key.gram, gramEnd: key.gramEnd })
  return { holders: Number(all!.n), atLeast: false }
}

/** The ids of the rows whose text is too long for the index (always candidates). */
export function longTextIds(db: Db, kind: GramKind) {
  return db.selectFrom('search_grams').select('row_id').where('kind', '=', kind).where('gram', '=', '')
}

/** The ids of the rows of `kind` that may contain a text found by a key, given as values (a subquery). */
export function gramIdsOf(db: Db, kind: GramKind, v: GramValues) {
  return keyedIds(db, kind, v).unionAll(longTextIds(db, kind))
}

/**
 * Whether the rows holding a text's key are exactly the rows whose text contains it (up to the ''
 * rows, whose text is longer than the index): true for a text of 1–2 characters without the
 * resident fields' separator. A 1-character text's key is every gram starting with it (each
 * occurrence starts a gram: the next two characters, or the last alone); a 2-character text's is
 * itself. lower() and LIKE fold the same (ASCII only), and '%' and '_' are literal both in the gram
 * and in the escaped LIKE.
 */
export function keyIsExact(text: string): boolean {
  const n = Array.from(text).length
  return n >= 1 && n <= 2 && !text.includes('\u001f')
}

/**
 * How many grams a key finds for each of `kinds`, each counted up to RARITY_CAP (index ranges, no
 * row read): one statement for all kinds, compiled once per number of kinds and key shape.
 */
const boundedCounts = prepared((db, v: { kinds: readonly number[]; gram: string; gramEnd: string | null }) =>
  db.selectNoFrom((eb) =>
    v.kinds.map((kind, i) =>
      eb
        .selectFrom(
          keyedIds(db, kind as GramKind, v)
            .limit(RARITY_CAP)
            .as('g'),
        )
        .select(eb.fn.countAll<number>().as('n'))
        .as(`n${i}`),
    ),
  ),
)

export type ChosenGram = { key: GramKey; estimate: number }

/**
 * The key to look a text up by, per kind: its only one (1–2 characters), or of a longer text the
 * gram with the fewest rows, with that number (capped at RARITY_CAP) so a list can tell a rare text
 * from a common one. Null for an empty text. One statement per key for all kinds together.
 */
export async function chooseGrams<K extends readonly GramKind[]>(
  db: Db,
  kinds: K,
  text: string,
): Promise<{ [I in keyof K]: ChosenGram } | null> {
  const best: (ChosenGram | null)[] = kinds.map(() => null)
  for (const key of gramKeys(text)) {
    const [row] = await boundedCounts(db, { kinds, ...gramValues(key) })
    const counts = kinds.map((_, i) => Number((row as Record<string, unknown>)[`n${i}`]))
    counts.forEach((estimate, i) => {
      const b = best[i]
      if (!b || (b.estimate > 0 && estimate < b.estimate)) best[i] = { key, estimate }
    })
    if (best.every((b) => b!.estimate === 0)) break
  }
  return best[0] ? (best as { [I in keyof K]: ChosenGram }) : null
}

/** chooseGrams for one kind. */
export async function chooseGram(db: Db, kind: GramKind, text: string): Promise<ChosenGram | null> {
  const chosen = await chooseGrams(db, [kind] as const, text)
  return chosen ? chosen[0] : null
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
