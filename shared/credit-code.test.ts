import { describe, expect, it } from 'vitest'
import { creditCodeCheckChar, creditCodeProblem, isValidCreditCode, normalizeCreditCode } from './credit-code'

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts codes whose check character is right, as printed on licences', () => {
    // The standard's worked example (also on many sample licences).
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true)
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3')
    // Lower case, spaces and full-width characters as an IME types them are the same code.
    expect(isValidCreditCode('91350100m000100y43')).toBe(true)
    expect(isValidCreditCode('９１３５０１００Ｍ０００１００Ｙ４３')).toBe(true)
    expect(normalizeCreditCode(' 9135 0100 M000 100Y 43 ')).toBe('91350100M000100Y43')
  })

  it('computes a check of 0 where 31 − (Σ mod 31) is 31, and letters where it is above 9', () => {
    // Built from their own check characters, then each changed by one symbol must fail.
    for (const body of ['91110000100000000', '52310000MJ0000000', '91310115MA1K3YJ12', '12100000000000000']) {
      const code = body + creditCodeCheckChar(body)!
      expect(isValidCreditCode(code)).toBe(true)
      const wrong = body + (code[17] === '0' ? '1' : '0')
      expect(creditCodeProblem(wrong)).toContain('校验码不对')
    }
  })

  it('refuses a wrong check character with the one expected, in Chinese', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe(
      '统一社会信用代码最后一位校验码不对（按前 17 位应为「3」），请对照营业执照或登记证书核对。',
    )
  })

  it('refuses the wrong length and letters the code never uses', () => {
    expect(creditCodeProblem('91350100M000100Y4')).toContain('应为 18 位')
    expect(creditCodeProblem('91350100M0O0100Y43')).toContain('没有字母「O」')
    expect(creditCodeProblem('91350100M000100Y4-')).toContain('只含数字和大写字母')
  })
})
