import type { MajorityRule } from '../database/schema'

/** 过半数: more than half. 三分之二: at least two thirds. Integer arithmetic, no rounding. */
export function meetsRule(count: number, of: number, rule: MajorityRule): boolean {
  if (of <= 0) return false
  return rule === '过半数' ? count * 2 > of : count * 3 >= of * 2
}

/** The smallest count that meets the rule. */
export function thresholdFor(of: number, rule: MajorityRule): number {
  return rule === '过半数' ? Math.floor(of / 2) + 1 : Math.ceil((of * 2) / 3)
}
