import { describe, expect, it } from 'vitest'
import { isPhoneNumber, maskPhone, parsePhone } from './phone'

const digitsIn = (s: string) => s.replace(/\D/g, '').length
const starsIn = (s: string) => (s.match(/\*/g) ?? []).length

/** [as typed, the subscriber digits, how many of them the mask may show at most] */
const FORMS: Array<[string, string, number]> = [
  ['13812345678', '13812345678', 7],
  ['138 1234 5678', '13812345678', 7],
  ['138-1234-5678', '13812345678', 7],
  ['+86 138 1234 5678', '13812345678', 7],
  ['+8613812345678', '13812345678', 7],
  ['008613812345678', '13812345678', 7],
  ['8613812345678', '13812345678', 7],
  ['62188000', '62188000', 4],
  ['6218 8000', '62188000', 4],
  ['6218-8000', '62188000', 4],
  ['2188000', '2188000', 3],
  ['021-62188000', '62188000', 4],
  ['02162188000', '62188000', 4],
  ['(021)62188000', '62188000', 4],
  ['（021）6218 8000', '62188000', 4],
  ['010-6512 3456', '65123456', 4],
  ['0571-88886666', '88886666', 3],
  ['0571 8888 6666', '88886666', 3],
  ['0571-2188000', '2188000', 3],
  ['021-62188000转123', '62188000', 4],
  ['021-62188000-123', '62188000', 4],
  ['021-62188000 分机 8', '62188000', 4],
  ['62188000转8', '62188000', 4],
  ['+86 21 62188000', '62188000', 4],
  ['+86-571-88886666', '88886666', 3],
  ['0086 2162188000', '62188000', 4],
]

describe('phone numbers', () => {
  it.each(FORMS)('reads %s as a phone number', (typed, local) => {
    expect(parsePhone(typed)?.local).toBe(local)
    expect(isPhoneNumber(typed)).toBe(true)
  })

  it.each(FORMS)('masks %s: at most 3 + 4 digits in all, at least 4 of the number hidden', (typed, local, most) => {
    const masked = maskPhone(typed)
    expect(digitsIn(masked), masked).toBeLessThanOrEqual(7)
    expect(starsIn(masked), masked).toBeGreaterThanOrEqual(4)
    // The subscriber's digits that still show, wherever they sit in the mask.
    const p = parsePhone(typed)!
    const shownOfLocal = digitsIn(masked) - p.area.length
    expect(shownOfLocal, masked).toBeLessThanOrEqual(most)
    // Nothing of the subscriber's number shows as a run of more than 4 digits.
    for (const run of masked.match(/\d+/g) ?? []) {
      if (run !== p.area) expect(run.length, masked).toBeLessThanOrEqual(4)
    }
    // The ends that show are the number's own, so a clerk can still tell two residents apart.
    expect(masked.endsWith(local.slice(-2)) || /\*$/.test(masked), masked).toBe(true)
  })

  it('shows the usual forms the usual way', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('+86 138 1234 5678')).toBe('138****5678')
    expect(maskPhone('62188000')).toBe('62****00')
    expect(maskPhone('2188000')).toBe('2****00')
    expect(maskPhone('021-62188000')).toBe('021-62****00')
    expect(maskPhone('0571-88886666')).toBe('0571-8*****66')
    expect(maskPhone('021-62188000转123')).toBe('021-62****00转***')
    expect(maskPhone('')).toBe('')
    expect(maskPhone('   ')).toBe('')
  })

  it('masks text that is no accepted form (older records) just as hard', () => {
    for (const old of [
      '123',
      '12345',
      '1381234',
      '1381234567',
      '138123456789',
      '0000000',
      '13812345678 / 13987654321',
      '电话 62188000 王',
    ]) {
      const masked = maskPhone(old)
      const digits = old.replace(/\D/g, '').length
      expect(digitsIn(masked), `${old} → ${masked}`).toBeLessThanOrEqual(Math.min(7, Math.max(0, digits - 4)))
      expect(starsIn(masked), `${old} → ${masked}`).toBeGreaterThanOrEqual(Math.min(4, digits))
      expect(masked).not.toMatch(/[\u4e00-\u9fa5]/)
    }
    expect(maskPhone('无')).toBe('****')
  })

  it('refuses what is not a phone number', () => {
    for (const bad of [
      '123',
      '12345',
      '1381234',
      '1381234567',
      '138123456789',
      '12812345678',
      '12345678',
      '02112345',
      '0000000',
      '021-0218800',
      '00-62188000',
      '62188000转1234567',
      '13812345678转1',
      'call me',
      '138 1234 5678 9',
      '13812345678 / 13987654321',
      '+1 415 555 0100',
      '(021',
      '2026-03-12',
      '9999-12-31',
      '12-34-5678',
      '13 8123 45678',
    ]) {
      expect(parsePhone(bad), bad).toBeNull()
    }
  })
})
