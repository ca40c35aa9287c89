import { sql, type SqlBool } from 'kysely'
import type { Db } from '../database/open-database'
import { likePattern, likes } from '../database/text-search'
import {
  candidateId,
  chooseGrams,
  firstKey,
  GRAM_KIND,
  gramIdsOf,
  gramValues,
  jsonIds,
  keyedIds,
  keyIsExact,
  longTextIds,
  RARITY_CAP,
  WALK_FROM,
  holdersUpTo,
  type GramKey,
  type GramValues,
} from '../database/gram-search'
import { prepared } from '../database/prepared'

/**
 * The topic register's text search: what a search looks up before its statements are built (the
 * rarest gram of the description, the residents and buildings whose names contain the text), the
 * values the statements take, and the exact count of a short search read from the gram index.
 * topic-reads.ts builds the list's statements with these.
 */

/**
 * A search as the statements take it, computed before they are built (prepared.ts compiles each
 * shape once): the LIKE pattern (null: no search), the description's and the residents' gram keys,
 * the named residents and buildings as JSON lists (null: too many to list, matched in the statement),
 * whether each list has any id, and whether the page walks the register's order (walksOrder).
 */
export type SearchValues = {
  pattern: string | null
  gram: string | null
  gramEnd: string | null
  residentGram: string | null
  residentGramEnd: string | null
  residentIds: string | null
  buildingIds: string | null
  anyResident: boolean
  anyBuilding: boolean
  walk: boolean
  /** The key finds exactly the descriptions containing the text (keyIsExact) and the names are listed. */
  exact: boolean
}

export const NO_SEARCH: SearchValues = {
  pattern: null,
  gram: null,
  gramEnd: null,
  residentGram: null,
  residentGramEnd: null,
  residentIds: null,
  buildingIds: null,
  anyResident: false,
  anyBuilding: false,
  walk: false,
  exact: false,
}

export function searchValues(text: string, found: FoundText = fallbackFound(text)): SearchValues {
  if (!text) return NO_SEARCH
  const topic = gramValues(found.key)
  const resident = gramValues(found.residentKey)
  const names = found.names
  return {
    pattern: likePattern(text),
    gram: topic.gram,
    gramEnd: topic.gramEnd,
    // Listed names need no key (each value must reach the statement, prepared.ts).
    residentGram: names ? null : resident.gram,
    residentGramEnd: names ? null : resident.gramEnd,
    // '' for an empty list: a choice, not a value (it reaches no statement).
    residentIds: names ? (names.residents.length ? JSON.stringify(names.residents) : '') : null,
    buildingIds: names ? (names.buildings.length ? JSON.stringify(names.buildings) : '') : null,
    anyResident: !names || names.residents.length > 0,
    anyBuilding: !names || names.buildings.length > 0,
    walk: walksOrder(found),
    exact: keyIsExact(text) && names !== null,
  }
}

/** Live or not, the residents whose name contains a text: the gram index's candidates, confirmed. */
export function residentsNamed(db: Db, pattern: string, key: GramValues) {
  return db
    .selectFrom('residents as sr')
    .select('sr.id')
    .where('sr.id', 'in', gramIdsOf(db, GRAM_KIND.residentText, key))
    .where(likes('sr.name', pattern))
}

/** Above this many residents (or buildings) named by a search, the statements match names themselves. */
const NAMED_IDS_MAX = 500

/**
 * What a topic search looks up once for both the page and its count: the gram to find the
 * description by (the rarest of a long text), and the residents and buildings whose names contain
 * the text (null when there are too many to pass as a list).
 */
export interface FoundText {
  key: GramKey
  /** How many topics hold the key, counted up to RARITY_CAP. */
  estimate: number
  residentKey: GramKey
  names: NamedIds | null
}

/** Without a look-up (a statement built for a plan test or a count): the text's first grams. */
export function fallbackFound(text: string): FoundText {
  const key = firstKey(text)!
  return { key, estimate: RARITY_CAP, residentKey: key, names: null }
}

export async function findText(db: Db, text: string): Promise<FoundText> {
  const [topic, resident] = (await chooseGrams(
    db,
    [GRAM_KIND.topicDescription, GRAM_KIND.residentText] as const,
    text,
  ))!
  return {
    key: topic.key,
    estimate: topic.estimate,
    residentKey: resident.key,
    names: await namesMatching(db, likePattern(text), gramValues(resident.key)),
  }
}

/**
 * The residents and buildings whose names contain a search text, looked up once for both the page
 * and its count (the residents from the gram index, then their names confirmed); null when there
 * are too many to pass as a list. One statement, compiled once per key shape.
 */
async function namesMatching(db: Db, pattern: string, residentKey: GramValues): Promise<NamedIds | null> {
  const rows = await namedIdsStatement(db, { pattern, ...residentKey })
  const residents = rows.filter((r) => r.kind === 'r').map((r) => r.id)
  const buildings = rows.filter((r) => r.kind === 'b').map((r) => r.id)
  if (residents.length > NAMED_IDS_MAX || buildings.length > NAMED_IDS_MAX) return null
  return { residents, buildings }
}

const namedIdsStatement = prepared((db, v: { pattern: string } & GramValues) =>
  db
    .selectFrom(
      residentsNamed(db, v.pattern, v)
        .limit(NAMED_IDS_MAX + 1)
        .as('nr'),
    )
    .select((eb) => [eb.val('r').as('kind'), 'nr.id'])
    .unionAll(
      db
        .selectFrom(
          db
            .selectFrom('buildings')
            .select('id')
            .where(likes('name', v.pattern))
            .limit(NAMED_IDS_MAX + 1)
            .as('nb'),
        )
        .select((eb) => [eb.val('b').as('kind'), 'nb.id']),
    ),
)

type NamedIds = { residents: number[]; buildings: number[] }

/**
 * The number of live topics a 1–2 character search finds, with no other filter, read from the gram
 * index without reading the thousands of topics holding the key: those holding it, minus the voided
 * among them (read through topics_list_voided) — this statement — plus exactSearchOthers. Each
 * topic is counted once (a topic holding the key contains the text; one that does not contain it
 * holds no key). Above EXACT_UP_TO topics holding a 1-character key the count stops there
 * (holdersUpTo, settleHolders).
 */
export function exactSearchCount(db: Db, key: GramValues) {
  const kind = GRAM_KIND.topicDescription
  const keyed = () => keyedIds(db, kind, key)
  return db.selectNoFrom((eb) => {
    const voided = eb
      .selectFrom('topics as vt')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('vt.voided_at', 'is not', null)
      .where(candidateId('vt.id', true), 'in', keyed())
    return [holdersUpTo(db, kind, key).as('holders'), voided.as('removed')]
  })
}

/**
 * The rest of exactSearchCount: live topics whose description is too long for the index and
 * contains the text further on, and those of the named residents and buildings whose description
 * does not contain it. Asked only for an exact total: past a stopped count (atLeast) they could
 * only add to a bound that already holds, and for a digit or a common character the named
 * buildings' topics are many.
 */
export function exactSearchOthers(db: Db, v: SearchValues) {
  const kind = GRAM_KIND.topicDescription
  const key = { gram: v.gram!, gramEnd: v.gramEnd }
  const pattern = v.pattern!
  const keyed = () => keyedIds(db, kind, key)
  return db.selectNoFrom((eb) => {
    const long = eb
      .selectFrom('topics as lt')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('lt.voided_at', 'is', null)
      .where('lt.id', 'in', longTextIds(db, kind))
      .where('lt.id', 'not in', keyed())
      .where(likes('lt.description', pattern))
    let others = eb(long, '+', 0)
    if (v.anyResident || v.anyBuilding) {
      const byName = eb
        .selectFrom('topics as nt')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('nt.voided_at', 'is', null)
        .where((e) =>
          e.or([
            ...(v.anyResident ? [e('nt.resident_id', 'in', jsonIds(v.residentIds!))] : []),
            ...(v.anyBuilding ? [e('nt.building_id', 'in', jsonIds(v.buildingIds!))] : []),
          ]),
        )
        .where(sql<SqlBool>`not ${likes('nt.description', pattern)}`)
      others = eb(others, '+', byName)
    }
    return others.as('n')
  })
}

/** Many candidates: walk the order index newest first, probing them; few: read and sort them. */
function walksOrder(found: FoundText): boolean {
  // A named building counts as the 20 topics it may bring; too many names to list: many.
  const named = found.names ? found.names.residents.length + 20 * found.names.buildings.length : RARITY_CAP
  return found.estimate + named >= WALK_FROM
}
