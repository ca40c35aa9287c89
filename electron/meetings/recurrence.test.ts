import { describe, expect, it } from 'vitest'
import { describeRule, occurrences, ruleDates } from './recurrence'
import { dayInfo } from './calendar-days'
import { adviseSchedule } from './schedule-check'
import { meetsRule, thresholdFor } from './majority'

describe('recurrence rules', () => {
  it('finds the second Thursday of every month', () => {
    const dates = [...ruleDates({ freq: 'monthly', interval: 1, nth: 2, weekday: 4 }, '2026-01-01', '2026-07-01')]
    expect(dates).toEqual(['2026-01-08', '2026-02-12', '2026-03-12', '2026-04-09', '2026-05-14', '2026-06-11'])
    expect(describeRule({ freq: 'monthly', interval: 1, nth: 2, weekday: 4 })).toBe('每月第二个周四')
  })

  it('finds the last Friday and every second Saturday', () => {
    expect([...ruleDates({ freq: 'monthly', interval: 1, nth: -1, weekday: 5 }, '2026-01-01', '2026-03-01')]).toEqual([
      '2026-01-30',
      '2026-02-27',
    ])
    expect([...ruleDates({ freq: 'weekly', interval: 2, weekday: 6 }, '2026-03-02', '2026-04-01')]).toEqual([
      '2026-03-07',
      '2026-03-21',
    ])
    expect(describeRule({ freq: 'weekly', interval: 2, weekday: 6 })).toBe('每2周的周六')
  })

  it('applies the holiday policy: skip, move to the next suitable day, or keep', () => {
    const rule = { freq: 'monthly', interval: 1, nth: 1, weekday: 4 } as const // first Thursday: 2026-10-01 is 国庆节
    const range = ['2026-09-01', { type: 'never' } as const] as const
    const skip = occurrences(rule, range[0], range[1], 'skip', '2026-12-01').map((o) => o.date)
    expect(skip).toEqual(['2026-09-03', '2026-11-05'])
    const next = occurrences(rule, range[0], range[1], 'next', '2026-12-01')
    const october = next.find((o) => o.ruleDate === '2026-10-01')!
    // The holiday runs to 10-07 (and 10-10 is a 调休 Saturday): the next working weekday is 10-08.
    expect(october.date).toBe('2026-10-08')
    expect(october.note).toContain('国庆节')
    const keep = occurrences(rule, range[0], range[1], 'keep', '2026-12-01')
    expect(keep.find((o) => o.ruleDate === '2026-10-01')).toMatchObject({
      date: '2026-10-01',
      note: expect.stringContaining('按原日期'),
    })
  })

  it('moves a weekend series off a 调休 working Saturday to a real weekend day', () => {
    // 2026-09-20 (Sunday) is a working day swapped for the National Day holiday.
    expect(dayInfo('2026-09-20')).toMatchObject({ workday: true, adjustedWorkday: true })
    const sundays = occurrences(
      { freq: 'weekly', interval: 1, weekday: 7 },
      '2026-09-14',
      { type: 'count', count: 2 },
      'next',
      '2027-01-01',
    )
    const moved = sundays.find((o) => o.ruleDate === '2026-09-20')!
    expect(moved.date).not.toBe('2026-09-20')
    expect([6, 7]).toContain(dayInfo(moved.date).weekday)
    expect(dayInfo(moved.date).workday).toBe(false)
  })

  it('ends by date and by count', () => {
    const rule = { freq: 'weekly', interval: 1, weekday: 3 } as const
    expect(occurrences(rule, '2026-03-01', { type: 'count', count: 3 }, 'keep', '2027-01-01')).toHaveLength(3)
    const byDate = occurrences(rule, '2026-03-01', { type: 'date', date: '2026-03-18' }, 'keep', '2027-01-01')
    expect(byDate.map((o) => o.date)).toEqual(['2026-03-04', '2026-03-11', '2026-03-18'])
  })
})

describe('schedule advice', () => {
  it('warns about weekday working hours and suggests evenings and weekends', () => {
    const a = adviseSchedule('2026-03-12T14:00', '2026-03-12T16:00') // Thursday afternoon
    expect(a.warnings.join()).toContain('上班时间')
    expect(a.suggestions[0]!.start).toBe('2026-03-12T19:00')
    expect(a.suggestions.slice(1).every((s) => [6, 7].includes(dayInfo(s.start.slice(0, 10)).weekday))).toBe(true)
  })

  it('is quiet for an evening or a weekend', () => {
    expect(adviseSchedule('2026-03-12T19:00', '2026-03-12T21:00').warnings).toEqual([])
    expect(adviseSchedule('2026-03-14T09:30', '2026-03-14T11:30').warnings).toEqual([])
  })

  it('warns on a statutory holiday and on a 调休 working Sunday', () => {
    expect(adviseSchedule('2026-10-02T19:00', '2026-10-02T21:00').warnings.join()).toContain('国庆节')
    expect(adviseSchedule('2026-09-20T10:00', '2026-09-20T11:00').warnings.join()).toContain('上班时间')
  })
})

describe('majority rules', () => {
  it('过半数 means more than half; 三分之二 means at least two thirds', () => {
    expect(meetsRule(5, 10, '过半数')).toBe(false)
    expect(meetsRule(6, 10, '过半数')).toBe(true)
    expect(meetsRule(6, 9, '三分之二')).toBe(true)
    expect(meetsRule(5, 9, '三分之二')).toBe(false)
    expect(meetsRule(0, 0, '过半数')).toBe(false)
    expect(thresholdFor(10, '过半数')).toBe(6)
    expect(thresholdFor(9, '三分之二')).toBe(6)
    expect(thresholdFor(10, '三分之二')).toBe(7)
  })
})
