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
  it('writes a counted total as 共, an estimated one as 约 with two significant figures', () => {
    expect(totalText(8948, false, '人')).toBe('共 8948 人')
    expect(totalText(8948, true, '人')).toBe('约 8900 人')
    expect(totalText(2049, true, '人')).toBe('约 2000 人')
    expect(totalText(123_456, true, '人')).toBe('约 12.3 万人')
    expect(totalText(0, false, '人')).toBe('共 0 人')
  })
})
