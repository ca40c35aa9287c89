import { describe, expect, it } from 'vitest'
import { actionsFor, agendaTitle, hoursText, routingHint, routingLine, shortDate, type Routing } from './topic-words'

const routing = (over: Partial<Routing>): Routing => ({
  department: '城管',
  routedAt: '2026-03-12T09:00',
  respondBy: '2026-03-13T09:00',
  respondedAt: null,
  responseText: '',
  hoursLeft: null,
  hoursTaken: null,
  state: '待答复',
  ...over,
})

describe('how a topic is written on screen', () => {
  it('writes a routed topic’s clock the way the clerk reads it', () => {
    expect(routingLine(routing({ hoursLeft: 5.5 }))).toEqual({ text: '城管 · 剩 5.5 小时', late: false })
    expect(routingLine(routing({ state: '已超时', hoursLeft: -3 }))).toEqual({
      text: '城管 · 已超时 3 小时',
      late: true,
    })
    expect(routingLine(routing({ state: '已答复', hoursTaken: 2 })).text).toBe('城管 · 已答复')
    expect(routingLine(routing({ state: '超时答复', hoursTaken: 30 })).text).toBe('城管 · 已答复（超时）')
    expect(hoursText(24)).toBe('24')
    expect(hoursText(-0.5)).toBe('0.5')
  })

  it('says where a category routes to', () => {
    expect(routingHint({ department: '城管', responseHours: 24 })).toBe('按规则将由「城管」负责，24 小时内答复')
  })

  it('makes an agenda title from category and description, at most 100 characters', () => {
    expect(agendaTitle({ categoryName: '环境卫生', description: ' 3号楼\n楼道灯坏了 ' })).toBe(
      '环境卫生：3号楼 楼道灯坏了',
    )
    const long = agendaTitle({ categoryName: '其他', description: '长'.repeat(300) })
    expect([...long]).toHaveLength(100)
    expect(long.endsWith('…')).toBe(true)
  })

  it('leaves out this year in dates', () => {
    expect(shortDate('2026-03-05', '2026')).toBe('3月5日')
    expect(shortDate('2025-12-30', '2026')).toBe('2025年12月30日')
  })

  it('offers only the actions the status allows', () => {
    const live = { voided: null }
    expect(actionsFor({ ...live, status: '征集中', routing: null })).toMatchObject({
      adopt: true,
      toAgenda: true,
      reply: false,
      void: true,
    })
    expect(actionsFor({ ...live, status: '已采纳', routing: null })).toMatchObject({
      adopt: false,
      route: true,
      edit: true,
    })
    expect(actionsFor({ ...live, status: '转办', routing: routing({}) })).toMatchObject({ reply: true, edit: false })
    expect(actionsFor({ ...live, status: '转办', routing: routing({ respondedAt: '2026-03-12T12:00' }) }).reply).toBe(
      false,
    )
    // A declined topic can still be voided (it was entered by mistake); one on an agenda cannot.
    const declined = actionsFor({ ...live, status: '不予采纳', routing: null })
    expect(Object.entries(declined).filter(([, v]) => v)).toEqual([['void', true]])
    expect(actionsFor({ ...live, status: '已上会', routing: null }).void).toBe(false)
  })

  it('offers nothing for a voided topic', () => {
    const voided = { voided: { at: '2026-03-12T09:00', reason: '重复登记' } }
    for (const status of ['征集中', '已采纳', '转办', '不予采纳'] as const) {
      expect(Object.values(actionsFor({ ...voided, status, routing: routing({}) })).some(Boolean)).toBe(false)
    }
  })
})
