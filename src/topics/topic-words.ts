import type { Out } from '../api/types'
import type { TopicStatus } from '../../shared/followup-values'

/**
 * How 议题征集 writes a topic's state on screen. The value lists are shared with the main side
 * (shared/followup-values.ts) and only passed on here.
 */
export {
  FEEDBACK_CHANNELS,
  SATISFACTION,
  TOPIC_CHANNELS,
  TOPIC_FILTERS,
  TOPIC_STATUSES,
  URGENCIES,
  type TopicChannel,
  type TopicFilter,
  type TopicStatus,
  type Urgency,
} from '../../shared/followup-values'
export type TopicRow = Out<'topics.list'>['rows'][number]
export type TopicDetail = Out<'topics.get'>
export type CategoryRow = Out<'topics.categories'>[number]
export type Routing = NonNullable<TopicRow['routing']>
/** A resident picked as the one who raised a topic. */
export interface ResidentChoice {
  id: number
  name: string
  /** "3号楼 2单元 301", or '' */
  home: string
  buildingId: number | null
}

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'
const STATUS_TAG: Record<TopicStatus, TagType> = {
  征集中: 'primary',
  已采纳: 'success',
  已上会: 'success',
  已议: 'info',
  转办: 'warning',
  不予采纳: 'info',
}
export const statusTag = (status: string): TagType => STATUS_TAG[status as TopicStatus] ?? 'info'
/** What the status column says: 已作废 for a voided topic, whatever status it had. */
export const shownStatus = (t: Pick<TopicRow, 'status' | 'voided'>): string => (t.voided ? '已作废' : t.status)

/** 5.5 → "5.5"; 3.0 → "3". The service rounds to a tenth of an hour. */
export function hoursText(hours: number): string {
  const h = Math.abs(hours)
  return Number.isInteger(h) ? String(h) : h.toFixed(1)
}

/**
 * A routed topic's clock in one line: "城管 · 剩 5.5 小时", "城管 · 已超时 3 小时",
 * "城管 · 已答复". `late` colours it red.
 */
export function routingLine(r: Routing): { text: string; late: boolean } {
  switch (r.state) {
    case '待答复':
      return { text: `${r.department} · 剩 ${hoursText(r.hoursLeft ?? 0)} 小时`, late: false }
    case '已超时':
      return { text: `${r.department} · 已超时 ${hoursText(r.hoursLeft ?? 0)} 小时`, late: true }
    case '超时答复':
      return { text: `${r.department} · 已答复（超时）`, late: false }
    default:
      return { text: `${r.department} · 已答复`, late: false }
  }
}

/** "按规则将由「城管」负责，24 小时内答复": what routing the chosen category would do. */
export function routingHint(c: Pick<CategoryRow, 'department' | 'responseHours'>): string {
  return `按规则将由「${c.department}」负责，${c.responseHours} 小时内答复`
}

/** An agenda item's title from the topic: "环境卫生：3号楼楼道灯坏了", at most 100 characters. */
export function agendaTitle(t: Pick<TopicRow, 'categoryName' | 'description'>): string {
  const text = `${t.categoryName}：${t.description.replace(/\s+/g, ' ').trim()}`
  const chars = [...text]
  return chars.length <= 100 ? text : `${chars.slice(0, 99).join('')}…`
}

/** The first `n` characters of a text, with … when cut. */
export function shorten(text: string, n: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()]
  return chars.length <= n ? chars.join('') : `${chars.slice(0, n).join('')}…`
}

/** "2026-03-12" → "3月12日" (this year) or "2025年3月12日". */
export function shortDate(date: string, thisYear: string): string {
  const [y, m, d] = date.split('-')
  return y === thisYear ? `${Number(m)}月${Number(d)}日` : `${y}年${Number(m)}月${Number(d)}日`
}

/** Actions a topic in this status allows (the service enforces the same rules). */
export function actionsFor(t: Pick<TopicRow, 'status' | 'routing' | 'voided'>) {
  const open = !t.voided && (t.status === '征集中' || t.status === '已采纳')
  return {
    // A topic on an agenda is part of a meeting's record: take it off the agenda first.
    void: !t.voided && t.status !== '已上会' && t.status !== '已议',
    adopt: open && t.status === '征集中',
    toAgenda: open,
    route: open,
    reject: open,
    edit: open,
    reply: !t.voided && t.status === '转办' && t.routing !== null && t.routing.respondedAt === null,
  }
}
export type TopicAction = keyof ReturnType<typeof actionsFor>
