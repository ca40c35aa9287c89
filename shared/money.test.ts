import { describe, expect, it } from 'vitest'
import { MAX_FEN, formatYuan, parseYuan, yuanInCapitals } from './money'

describe('金额按分保存：显示', () => {
  it.each([
    [0, '¥0.00'],
    [5, '¥0.05'],
    [50, '¥0.50'],
    [100, '¥1.00'],
    [99999, '¥999.99'],
    [100000, '¥1,000.00'],
    [123456, '¥1,234.56'],
    [-123456, '-¥1,234.56'],
    [-5, '-¥0.05'],
    [123456789012, '¥1,234,567,890.12'],
    [MAX_FEN, '¥10,000,000,000.00'],
  ])('%i 分 → %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text)
  })

  it('refuses what is not a whole number of fen', () => {
    expect(() => formatYuan(12.5)).toThrow(/整数/)
    expect(() => formatYuan(Number.NaN)).toThrow(/整数/)
    expect(() => yuanInCapitals(0.1)).toThrow(/整数/)
  })
})

describe('金额按分保存：读入', () => {
  it.each([
    ['1234.56', 123456],
    ['1,234.5', 123450],
    ['１２３４．５６', 123456],
    ['１，２３４．５', 123450],
    ['1234元', 123400],
    ['1234.5 元', 123450],
    ['¥1,234.56', 123456],
    ['￥ 88', 8800],
    ['  0.1 ', 10],
    ['0.07', 7],
    ['007.10', 710],
    ['0', 0],
    ['1,000,000', 100000000],
    // the classic float trap: 1.15 * 100 = 114.99999999999999 and 4.35 * 100 = 434.99999999999994
    ['1.15', 115],
    ['4.35', 435],
    ['10000000000', MAX_FEN],
    ['9999999999.99', MAX_FEN - 1],
  ])('%s → %i 分', (text, fen) => {
    expect(parseYuan(text)).toEqual({ ok: true, fen })
  })

  it.each([
    ['', '请填写'],
    ['   ', '请填写'],
    ['元', '请填写'],
    ['1.234', '两位'],
    ['0.001', '两位'],
    ['12a', '只能填数字'],
    ['abc', '只能填数字'],
    ['1e5', '只能填数字'],
    ['1.2.3', '只能填数字'],
    ['1234.', '只能填数字'],
    ['.5', '只能填数字'],
    ['12,34', '逗号'],
    ['1234,567.8', '逗号'],
    ['-5', '负数'],
    ['－５', '负数'],
    ['10000000000.01', '太大'],
    ['99999999999999999999', '太大'],
  ])('%j is refused: …%s…', (text, reason) => {
    const parsed = parseYuan(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      expect(parsed.reason).toContain(reason)
      expect(parsed.reason).toMatch(/^[^A-Za-z]*$/) // no English reaches a clerk (only example digits)
    }
  })

  it('every amount written with two decimals reads back to the fen it was formatted from', () => {
    for (let fen = 0; fen <= 200_000; fen += 7) {
      expect(parseYuan(formatYuan(fen))).toEqual({ ok: true, fen })
    }
  })
})

describe('金额大写（收据、支票的写法）', () => {
  it.each([
    [0, '零元整'],
    [123456, '壹仟贰佰叁拾肆元伍角陆分'],
    [100, '壹元整'],
    [1000, '壹拾元整'],
    [1500, '壹拾伍元整'],
    [100000, '壹仟元整'],
    [10005, '壹佰元零伍分'],
    [1001000, '壹万零壹拾元整'],
    [140950, '壹仟肆佰零玖元伍角整'],
    [600714, '陆仟零柒元壹角肆分'],
    [168032, '壹仟陆佰捌拾元叁角贰分'],
    [10700053, '壹拾万柒仟元伍角叁分'],
    [1640902, '壹万陆仟肆佰零玖元零贰分'],
    [32504, '叁佰贰拾伍元零肆分'],
    [56, '伍角陆分'],
    [50, '伍角整'],
    [5, '伍分'],
    [1000000, '壹万元整'],
    [100010000, '壹佰万零壹佰元整'],
    [10000000000, '壹亿元整'],
    [10000000100, '壹亿零壹元整'],
    [10001000000, '壹亿零壹万元整'],
    [12030405060, '壹亿贰仟零叁拾万肆仟零伍拾元陆角整'],
    [MAX_FEN, '壹佰亿元整'],
    [-123456, '负壹仟贰佰叁拾肆元伍角陆分'],
  ])('%i 分 → %s', (fen, text) => {
    expect(yuanInCapitals(fen)).toBe(text)
  })
})
