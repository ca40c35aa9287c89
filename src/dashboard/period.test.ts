import { describe, expect, it } from 'vitest'
import { periodFromQuery, periodText, presetOf, presetPeriod } from './period'
import { daysHint, hoursText, monthLabel, NO_DATA, percentText } from './figures'

describe('dashboard periods', () => {
  it('works out 本月, 本季度, 今年 and 去年 from the office date', () => {
    expect(presetPeriod('month', '2026-02-10')).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(presetPeriod('month', '2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' })
    expect(presetPeriod('quarter', '2026-11-21')).toEqual({ from: '2026-10-01', to: '2026-12-31' })
    expect(presetPeriod('quarter', '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-03-31' })
    expect(presetPeriod('quarter', '2026-05-01')).toEqual({ from: '2026-04-01', to: '2026-06-30' })
    expect(presetPeriod('year', '2026-11-21')).toEqual({ from: '2026-01-01', to: '2026-12-31' })
    expect(presetPeriod('lastYear', '2026-01-01')).toEqual({ from: '2025-01-01', to: '2025-12-31' })
  })

  it('recognises a preset, and a hand-picked range as none', () => {
    expect(presetOf({ from: '2026-01-01', to: '2026-12-31' }, '2026-11-21')).toBe('year')
    expect(presetOf({ from: '2026-11-01', to: '2026-11-30' }, '2026-11-21')).toBe('month')
    expect(presetOf({ from: '2026-03-01', to: '2026-03-31' }, '2026-11-21')).toBeNull()
  })

  it('takes a period from the address only when both dates are real and in order', () => {
    expect(periodFromQuery({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-03-01', to: '2026-03-31' })
    expect(periodFromQuery({ from: '2026-03-31', to: '2026-03-01' })).toBeNull()
    expect(periodFromQuery({ from: '2026-02-30', to: '2026-03-31' })).toBeNull()
    expect(periodFromQuery({ from: '2026-03-01' })).toBeNull()
    expect(periodText({ from: '2026-03-01', to: '2026-03-31' })).toBe('2026年3月1日至2026年3月31日')
  })
})

describe('dashboard figures as text', () => {
  it('never shows NaN: nothing to divide by reads 暂无数据', () => {
    expect(percentText(50)).toBe('50%')
    expect(percentText(33.3)).toBe('33.3%')
    expect(percentText(0)).toBe('0%')
    expect(percentText(null)).toBe(NO_DATA)
    expect(percentText(Number.NaN)).toBe(NO_DATA)
    expect(hoursText(264.5)).toBe('264.5 小时')
    expect(hoursText(null)).toBe(NO_DATA)
  })

  it('adds days under long averages and names months with the year only across years', () => {
    expect(daysHint(36)).toBe('')
    expect(daysHint(264.5)).toBe('约 11 天')
    expect(daysHint(null)).toBe('')
    expect(monthLabel('2026-03', false)).toBe('3月')
    expect(monthLabel('2025-12', true)).toBe('2025年12月')
  })
})
