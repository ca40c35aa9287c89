import type { CouncilRow } from './council-store'

export type MajorityRule = CouncilRow['passRule']

/** The two majority rules in plain words, for the council screen and its dialog. */
export const RULES: ReadonlyArray<{ value: MajorityRule; short: string }> = [
  { value: '过半数', short: '过半数（超过一半）' },
  { value: '三分之二', short: '三分之二（不少于三分之二）' },
]

/** What the quorum rule means for a meeting, with a worked example of 15 members. */
export function quorumExplained(rule: MajorityRule): string {
  return rule === '过半数'
    ? '到会的成员（含委托他人代为出席的）超过应到人数的一半，会议才算有效。例如应到 15 人，至少到 8 人。'
    : '到会的成员（含委托他人代为出席的）不少于应到人数的三分之二，会议才算有效。例如应到 15 人，至少到 10 人。'
}

/** What the pass rule means for a vote, with a worked example of 12 voters present. */
export function passExplained(rule: MajorityRule): string {
  return rule === '过半数'
    ? '赞成票超过到会有表决权人数的一半，事项才算通过。例如到会 12 人，至少 7 票赞成。'
    : '赞成票不少于到会有表决权人数的三分之二，事项才算通过。例如到会 12 人，至少 8 票赞成。'
}
