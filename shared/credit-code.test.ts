import { describe, expect, it } from 'vitest'
import { isValidCreditCode, normalizeCreditCode } from './credit-code'

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts real codes, lower case and spaces, and refuses a wrong check character or letter', () => {
    for (const code of ['91350100M000100Y43', '91110000600001760P', '911100001000044477']) {
      expect(isValidCreditCode(code)).toBe(true)
    }
    expect(isValidCreditCode('91350100m000100y43')).toBe(true)
    expect(isValidCreditCode('9135 0100 M000 100Y 43')).toBe(true)
    expect(normalizeCreditCode(' 9135 0100m000100y43 ')).toBe('91350100M000100Y43')
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false) // check character
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false) // 17 characters
    expect(isValidCreditCode('91350100I000100Y43')).toBe(false) // I is not in the alphabet
    expect(isValidCreditCode('')).toBe(false)
  })
})
