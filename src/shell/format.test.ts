import { describe, expect, it } from 'vitest'
import { formatBytes, formatDateTime, totalText } from './format'

describe('format', () => {
  it('writes dates the Chinese way, in Shanghai time whatever the machine’s zone', () => {
    expect(formatDateTime('2026-03-12T11:05:00Z')).toBe('2026年3月12日 19:05')
    expect(formatDateTime('2026-12-31T16:30:00Z')).toBe('2027年1月1日 00:30')
  })
  it('writes sizes in plain units', () => {
    expect(formatBytes(512)).toBe('512 字节')
    expect(formatBytes(2048)).toBe('2.0 KB')
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB')
  })
  it('writes a counted total as 共, one that stopped counting as … 以上, rounded down', () => {
    expect(totalText(8948, false, '人')).toBe('共 8948 人')
    expect(totalText(2001, true, '人')).toBe('2000 人以上')
    expect(totalText(44388, true, '条')).toBe('44300 条以上')
    expect(totalText(0, false, '人')).toBe('共 0 人')
  })
})
