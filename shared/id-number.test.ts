import { describe, expect, it } from 'vitest'
import {
  idCheckChar,
  idGender,
  idNumberConflicts,
  idNumberProblem,
  isIdNumber,
  maskIdNumber,
  parseIdNumber,
} from './id-number'

describe('居民身份证号的校验（GB 11643）', () => {
  it('the standard examples are valid: their check characters were worked out by hand', () => {
    // 1·7+1·9+0+1·5+0+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0+0+2·2 = 167; 167 mod 11 = 2 → X
    expect(idCheckChar('11010519491231002')).toBe('X')
    // … = 195; 195 mod 11 = 8 → 4
    expect(idCheckChar('44052418800101001')).toBe('4')
    expect(isIdNumber('11010519491231002X')).toBe(true)
    expect(isIdNumber('440524188001010014')).toBe(true)
    expect(parseIdNumber('11010519491231002X')).toEqual({
      number: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
    })
    expect(parseIdNumber('440524188001010014')?.sex).toBe('male')
  })

  it('a lower-case x and spaces between groups are accepted', () => {
    expect(isIdNumber('11010519491231002x')).toBe(true)
    expect(isIdNumber(' 110105 19491231 002X ')).toBe(true)
    expect(parseIdNumber('11010519491231002x')?.number).toBe('11010519491231002X')
  })

  it('every wrong check character is refused', () => {
    for (const c of '0123456789X') {
      expect(isIdNumber(`11010519491231002${c}`)).toBe(c === 'X')
    }
    // one mistyped digit changes the check character
    expect(isIdNumber('11010519491231003X')).toBe(false)
  })

  it('a birth date that does not exist is refused even with the right check character', () => {
    for (const birth of ['19490230', '20230229', '19491301', '19490000', '17991231']) {
      const first17 = `110105${birth}002`
      expect(isIdNumber(first17 + idCheckChar(first17)), birth).toBe(false)
    }
    const leapDay = '110105200002290021'.slice(0, 17)
    expect(isIdNumber(leapDay + idCheckChar(leapDay))).toBe(true)
  })

  it('a birth date after today is refused when today is given', () => {
    const first17 = '11010520300101002'
    const id = first17 + idCheckChar(first17)
    expect(isIdNumber(id)).toBe(true)
    expect(isIdNumber(id, '2026-05-01')).toBe(false)
    expect(isIdNumber('11010519491231002X', '2026-05-01')).toBe(true)
  })

  it('15-digit numbers of the old cards: birth date in the 1900s, no check character', () => {
    expect(parseIdNumber('130503670401001')).toEqual({
      number: '130503670401001',
      birthDate: '1967-04-01',
      sex: 'male',
    })
    expect(isIdNumber('130503670231001')).toBe(false)
    expect(isIdNumber('13050367040100X')).toBe(false)
  })

  it('wrong lengths and other characters are refused', () => {
    for (const text of [
      '',
      '11010519491231002',
      '11010519491231002X1',
      '01010519491231002X',
      '1101051949123100２X',
      'abc',
    ]) {
      expect(isIdNumber(text), text).toBe(false)
    }
  })
})

describe('身份证号的遮挡', () => {
  it('shows the first 3 and the last 4 characters', () => {
    expect(maskIdNumber('110105194912311234')).toBe('110***********1234')
    expect(maskIdNumber('11010519491231002x')).toBe('110***********002X')
    expect(maskIdNumber('130503670401001')).toBe('130********1001')
    expect(maskIdNumber('')).toBe('')
  })

  it('text of any other length never shows more than 7 characters nor more than half', () => {
    for (let n = 1; n <= 25; n++) {
      const masked = maskIdNumber('9'.repeat(n))
      const shown = masked.replace(/\*/g, '').length
      expect(masked.length).toBe(n)
      expect(shown).toBeLessThanOrEqual(Math.min(7, Math.floor(n / 2)))
    }
  })
})

describe('the reasons a typed ID number is refused, and where it disagrees with the other fields', () => {
  it('names what is wrong, in the words the import uses', () => {
    expect(idNumberProblem('11010519491231002X')).toBeNull()
    expect(idNumberProblem('110105491231002')).toBeNull()
    expect(idNumberProblem('1101051949')).toBe('身份证号应为 18 位（或老证 15 位），这里是 10 位')
    expect(idNumberProblem('11010519491231002Y')).toBe('身份证号只能是数字（18 位的最后一位可以是 X）')
    expect(idNumberProblem('110105194912310021')).toBe('身份证号校验位不对，请核对号码')
    const first17 = '11010520300101002'
    expect(idNumberProblem(first17 + idCheckChar(first17), '2026-12-01')).toBe('身份证号里的出生日期不对，请核对号码')
  })

  it('compares the birth date and sex only when they are given', () => {
    const id = parseIdNumber('11010519491231002X')!
    expect(idGender(id)).toBe('女')
    expect(idNumberConflicts(id, {})).toEqual([])
    expect(idNumberConflicts(id, { gender: '女', birthDate: '1949-12-31' })).toEqual([])
    expect(idNumberConflicts(id, { gender: '男', birthDate: '1950-01-01' })).toEqual([
      '身份证号里的出生日期是 1949-12-31，与出生日期 1950-01-01 不一致',
      '身份证号表明性别是“女”，与性别“男”不一致',
    ])
  })
})
