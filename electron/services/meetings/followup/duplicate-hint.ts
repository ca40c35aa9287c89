import { addDays, nowIso, officeDate } from '../../../common/time'
import type { Db } from '../../../database/open-database'
import { topicNumber } from './constants'

/**
 * "Has somebody already raised this?" while the clerk types. Chinese has no spaces to split words
 * on, so texts are compared by their overlapping character pairs (bigrams) with the Dice
 * coefficient: 楼道灯坏了 and 3号楼楼道的灯坏了 share 楼道, 灯坏, 坏了. Candidates are the
 * last year's topics of the same category or building that are still being handled, so the scan
 * stays small however many topics the office has.
 */
export interface SimilarTopic {
  id: number
  number: string
  description: string
  status: string
  receivedOn: string
  buildingName: string | null
  /** 0..100 */
  score: number
}

const IGNORED = /[\s\p{P}\p{S}]/gu

export function bigrams(text: string): Set<string> {
  const chars = [...text.replace(IGNORED, '')]
  const grams = new Set<string>()
  if (chars.length === 1) grams.add(chars[0]!)
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!)
  return grams
}

export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0
  let shared = 0
  for (const g of a) if (b.has(g)) shared++
  return (2 * shared) / (a.size + b.size)
}

export const MIN_SCORE = 0.35

export async function similarTopics(
  db: Db,
  query: { description: string; categoryId: number | null; buildingId: number | null; excludeId: number | null },
  now = nowIso(),
): Promise<SimilarTopic[]> {
  const mine = bigrams(query.description)
  if (mine.size < 2) return []
  const since = addDays(officeDate(now), -365)
  let q = db
    .selectFrom('topics as t')
    .leftJoin('buildings as b', 'b.id', 't.building_id')
    .select(['t.id', 't.year', 't.seq', 't.description', 't.status', 't.received_on', 'b.name as buildingName'])
    .where('t.received_on', '>=', since)
    .where('t.status', '<>', '不予采纳')
    .where('t.voided_at', 'is', null)
    // A duplicate points at its original; offering the original once is enough.
    .where('t.duplicate_of_id', 'is', null)
  const { categoryId, buildingId } = query
  if (categoryId !== null || buildingId !== null) {
    q = q.where((eb) =>
      eb.or([
        ...(categoryId !== null ? [eb('t.category_id', '=', categoryId)] : []),
        ...(buildingId !== null ? [eb('t.building_id', '=', buildingId)] : []),
      ]),
    )
  }
  if (query.excludeId !== null) q = q.where('t.id', '<>', query.excludeId)
  const rows = await q.orderBy('t.received_on', 'desc').limit(5000).execute()
  return rows
    .map((r) => ({ r, score: similarity(mine, bigrams(r.description)) }))
    .filter((x) => x.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || b.r.received_on.localeCompare(a.r.received_on))
    .slice(0, 3)
    .map(({ r, score }) => ({
      id: r.id,
      number: topicNumber(r.year, r.seq),
      description: r.description,
      status: r.status,
      receivedOn: r.received_on,
      buildingName: r.buildingName,
      score: Math.round(score * 100),
    }))
}
