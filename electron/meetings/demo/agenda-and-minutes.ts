import type { MajorityRule } from '../../council'
import { personName, type Rng } from '../../demo/random'
import { meetsRule } from '../majority'
import { ISSUES, PLACES, REPORTS } from './meeting-words'

export function agendaFor(r: Rng, kind: string, withCouncil: boolean) {
  const items: Array<{ title: string; type: '通报' | '讨论' | '表决'; presenter: string; minutes: number }> = []
  if (kind === '议事会例会' || r.chance(0.3))
    items.push({ title: r.pick(REPORTS), type: '通报', presenter: personName(r), minutes: r.pick([10, 15]) })
  const n = r.int(1, kind === '议事会例会' ? 4 : 3)
  for (let i = 0; i < n; i++) {
    const issue = `${r.pick(PLACES)}${r.pick(ISSUES)}`
    const vote = withCouncil && r.chance(0.45)
    items.push({
      title: vote ? `关于${issue}方案的表决` : `关于${issue}的讨论`,
      type: vote ? '表决' : '讨论',
      presenter: personName(r),
      minutes: r.pick([15, 20, 30, 30, 40]),
    })
  }
  return items
}

export function outcomeFor(
  r: Rng,
  type: string,
  vote: { for: number } | null,
  eligible: number,
  rule: MajorityRule,
): string {
  if (type === '通报') return '已通报，与会人员无异议'
  if (type === '讨论') {
    return r.pick([
      '形成初步方案，提交下次会议表决',
      '由网格员牵头征求楼道居民意见',
      '请物业公司两周内拿出整改方案',
      '会议同意按居民意见实施',
    ])
  }
  if (!vote) return '到会人数不足，未表决，下次会议再议'
  return meetsRule(vote.for, eligible, rule)
    ? r.pick(['通过，由居委会牵头组织实施', '通过，报街道备案后实施', '通过，结果在公告栏公示七天'])
    : r.pick(['未通过，修改方案后再议', '未通过，暂缓实施'])
}

export function minutesBody(title: string, host: string, expected: number, eligible: number, items: string[]): string {
  const lines = [
    `${title}由${host}主持${expected ? `，应到 ${expected} 人，有表决权到会 ${eligible} 人` : ''}。`,
    `会议议题：${items.join('；') || '无'}。`,
    '与会人员围绕议题充分发言，会议按议事规则形成决定，会后由居委会公示并跟进落实。',
  ]
  return lines.join('\n')
}
