import { nowIso, officeDate } from '../../shared/time'
import { addDays } from '../../shared/dates'
import type { Db } from '../database/open-database'
import { topicNumber } from '../../shared/followup-values'

/**
 * "Has somebody already raised this?" while the clerk types. Residents describe one problem in
 * many words (楼道灯坏了好几天 / 楼道的灯不亮一个多星期), so a report is first reduced to what
 * carries its meaning: punctuation, digits and filler words (了、的、一直、有人…) go, and common
 * variants are folded onto one word (不亮/故障/损坏 → 坏, 垃圾箱 → 垃圾桶, 太吵/声音太大 → 噪音).
 * Chinese has no spaces to split words on, so the reduced texts are compared by the Dice
 * coefficient of their character sets. Two reports about the same place but different defects
 * (车库积水 / 车库灯光暗) share most characters, so when both name a kind of defect and the kinds
 * differ the score is lowered. Candidates are the last year's topics of the same category or
 * building that are still being handled, so the scan stays small however many topics there are.
 *
 * Measured on the hand-written pairs in duplicate-pairs.ts (see duplicate-hint.test.ts): the
 * earlier character-pair Dice found 14 of 30 rewordings with 4 false hints in 25; this finds all
 * 30 with none.
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

const IGNORED = /[\s\p{P}\p{S}\p{N}A-Za-z]/gu

/** Variants a resident uses for one thing, folded onto one word (longer variants first). */
const SYNONYMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/垃圾箱|垃圾筒/g, '垃圾桶'],
  [/出故障|故障|损坏|坏掉|不亮|破了|破损/g, '坏'],
  [/老年人/g, '老人'],
  [/声音太大|太吵|很吵|吵闹|吵|噪声|扰民/g, '噪音'],
  [/扔东西|抛物/g, '抛物'],
  [/停车位|车位/g, '车位'],
  [/臭味|味道很臭|很臭|异味/g, '臭'],
  [/拉屎|拉粪|粪便/g, '粪'],
  [/苍蝇|蚊子|蚊蝇/g, '蚊蝇'],
  [/维修|修理|修/g, '修'],
  [/不够用|不够|太少|不足|偏少/g, '少'],
  [/清理|清运|清扫/g, '清'],
  [/溢出|冒出|往外冒|溢/g, '冒'],
  [/夜里|夜间|晚上|深夜/g, '晚'],
  [/随意|随便/g, '随'],
  [/塌了|倒塌|坍塌/g, '塌'],
  [/价格偏高|太贵|价格高|偏贵/g, '贵'],
  [/隔壁|邻居/g, '邻'],
]

/** Filler that says nothing about the problem. */
const FILLER =
  /一直|老是|经常|到处|有人|小区|居民|家里|好几|那边|[了的是在很太都也还就把被得着过吗呢啊吧呀我你他她它们这那些个]/gu

/** Kinds of defect: two reports naming different kinds are about different problems. */
const DEFECTS: ReadonlyArray<readonly [string, RegExp]> = [
  ['坏', /坏|塌|松/],
  ['噪音', /噪音/],
  ['臭', /臭/],
  ['漏', /漏|渗/],
  ['积水', /积水/],
  ['堵', /堵/],
  ['冒', /冒/],
  ['少', /少/],
  ['贵', /贵/],
  ['乱停', /乱停|乱放|占用|堵住/],
  ['占道', /占道|摆摊/],
  ['脏', /脏|粪|垃圾/],
  ['暗', /暗|黑/],
  ['水质', /发黄|水质/],
  ['清洗', /清洗|没清/],
  ['咬', /咬/],
  ['烟', /抽烟|油烟/],
  ['乱涂', /贴|涂|画/],
  ['火灾', /火灾|消防/],
]

export interface ReportFeatures {
  chars: Set<string>
  defects: Set<string>
}

export function reportFeatures(text: string): ReportFeatures {
  let reduced = text.replace(IGNORED, '')
  for (const [variants, word] of SYNONYMS) reduced = reduced.replace(variants, word)
  reduced = reduced.replace(FILLER, '')
  return {
    chars: new Set(reduced),
    defects: new Set(DEFECTS.filter(([, pattern]) => pattern.test(reduced)).map(([kind]) => kind)),
  }
}

/** 0..1: Dice of the reduced character sets, lowered when the two name different defects. */
export function reportSimilarity(a: ReportFeatures, b: ReportFeatures): number {
  if (a.chars.size === 0 || b.chars.size === 0) return 0
  let shared = 0
  for (const c of a.chars) if (b.chars.has(c)) shared++
  const dice = (2 * shared) / (a.chars.size + b.chars.size)
  const differentDefects = a.defects.size > 0 && b.defects.size > 0 && ![...a.defects].some((d) => b.defects.has(d))
  return differentDefects ? dice * 0.6 : dice
}

export const MIN_SCORE = 0.48

export async function similarTopics(
  db: Db,
  query: { description: string; categoryId: number | null; buildingId: number | null; excludeId: number | null },
  now = nowIso(),
): Promise<SimilarTopic[]> {
  const mine = reportFeatures(query.description)
  if (mine.chars.size < 2) return []
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
    .map((r) => ({ r, score: reportSimilarity(mine, reportFeatures(r.description)) }))
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
