import { describe, expect, it } from 'vitest'
import { stampText } from '../../../shared/dates'
import { officeDateTime } from '../../../shared/time'
import { dueText } from './constants'

describe('决议督办的显示用语', () => {
  it('时限情况：逾期写天数，今天到期、还剩几天、办结和撤销各有说法', () => {
    expect(dueText({ overdue: true, overdueDays: 12, daysLeft: -12, status: '办理中' })).toBe('逾期 12 天')
    expect(dueText({ overdue: false, overdueDays: 0, daysLeft: 0, status: '待办' })).toBe('今天到期')
    expect(dueText({ overdue: false, overdueDays: 0, daysLeft: 5, status: '办理中' })).toBe('还剩 5 天')
    expect(dueText({ overdue: false, overdueDays: 0, daysLeft: null, status: '已评价' })).toBe('已办结')
    expect(dueText({ overdue: false, overdueDays: 0, daysLeft: null, status: '已撤销' })).toBe('—')
  })

  it('“现在”按办公室的钟（上海时间）写成 YYYY-MM-DDTHH:mm，机器在哪个时区都一样', () => {
    // 2026-03-12 16:30 UTC is 2026-03-13 00:30 in Shanghai: the date moves too.
    expect(officeDateTime(new Date('2026-03-12T16:30:00Z'))).toBe('2026-03-13T00:30')
    expect(stampText('2026-03-13T00:30')).toBe('2026年3月13日 00:30')
    expect(stampText('2026-12-08T21:00')).toBe('2026年12月8日 21:00')
  })
})
