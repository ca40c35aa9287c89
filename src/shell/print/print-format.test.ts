import { describe, expect, it } from 'vitest'
import { chineseDate } from '../../../shared/dates'
import { officeDate } from '../../../shared/time'
import { committeeName, meetingTime, weekday } from './print-format'

describe('print-format', () => {
  it('writes dates and times as on a notice', () => {
    expect(chineseDate('2026-03-12T19:00')).toBe('2026年3月12日')
    expect(weekday('2026-03-12')).toBe('星期四')
    expect(meetingTime('2026-03-12T19:00', '2026-03-12T21:00')).toBe('2026年3月12日（星期四）19:00—21:00')
    expect(meetingTime('2026-03-12T22:00', '2026-03-13T00:30')).toBe('2026年3月12日（星期四）22:00—2026年3月13日 00:30')
  })

  it('reads UTC stamps on the office clock (Asia/Shanghai), whatever the machine', () => {
    expect(officeDate('2026-03-11T16:30:00.000Z')).toBe('2026-03-12')
    expect(officeDate(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01')
  })

  it('names the committee that signs', () => {
    expect(committeeName({ name: '幸福里社区', kind: '城市社区' })).toBe('幸福里社区居民委员会')
    expect(committeeName({ name: '桃源村', kind: '村' })).toBe('桃源村村民委员会')
    expect(committeeName(null)).toBe('社区居民委员会')
    expect(committeeName({ name: '幸福里社区居民委员会', kind: '城市社区' })).toBe('幸福里社区居民委员会')
  })
})
