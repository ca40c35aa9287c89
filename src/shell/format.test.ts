import { describe, expect, it } from 'vitest'
import { formatBytes, formatDateTime } from './format'

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
})
