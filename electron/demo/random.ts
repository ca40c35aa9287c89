import { GIVEN_CHARS, SURNAMES } from './names'

/** A small, fast, seedable PRNG (mulberry32): the same seed, the same community. */
export function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!
  const chance = (p: number) => next() < p
  /** One of `[value, weight]` pairs, by weight (weights need not add up to 1). */
  const weighted = <T>(pairs: ReadonlyArray<readonly [T, number]>): T => {
    let x = next() * pairs.reduce((s, [, w]) => s + w, 0)
    for (const [v, w] of pairs) if ((x -= w) < 0) return v
    return pairs[pairs.length - 1]![0]
  }
  return { next, int, pick, chance, weighted }
}
export type Rng = ReturnType<typeof rng>

/** `total` split into `parts` whole numbers that vary by ±spread and add up exactly. */
export function spread(r: Rng, total: number, parts: number, variation: number): number[] {
  const weights = Array.from({ length: parts }, () => 1 - variation + r.next() * 2 * variation)
  const sum = weights.reduce((a, b) => a + b, 0)
  const out = weights.map((w) => Math.floor((w / sum) * total))
  let rest = total - out.reduce((a, b) => a + b, 0)
  for (let i = 0; rest > 0; i = (i + 1) % parts, rest--) out[i]!++
  return out
}

export function personName(r: Rng): string {
  const surname = r.chance(0.85) ? SURNAMES[r.int(0, 29)]! : r.pick([...SURNAMES])
  const given = [...GIVEN_CHARS]
  return surname + r.pick(given) + (r.chance(0.7) ? r.pick(given) : '')
}

/** A show of hands among `eligible` voters: a few may not vote, most proposals carry. */
export function castVotes(r: Rng, eligible: number) {
  const cast = eligible - (r.chance(0.3) ? r.int(0, Math.min(2, eligible)) : 0)
  const support = r.chance(0.8) ? 0.6 + r.next() * 0.4 : 0.2 + r.next() * 0.4
  const forVotes = Math.min(cast, Math.round(cast * support))
  const abstain = Math.min(cast - forVotes, r.int(0, 2))
  return { for: forVotes, against: cast - forVotes - abstain, abstain }
}
