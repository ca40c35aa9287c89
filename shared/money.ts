import { AppError } from './app-error'

/**
 * Money is kept as a whole number of fen (分) everywhere — in the database, over the wire and in
 * every sum — so no amount is ever a binary fraction. Text is parsed digit by digit; no float is
 * ever multiplied by 100.
 */

/** The largest amount a form takes: 1e12 fen = 100 亿元. */
export const MAX_FEN = 1_000_000_000_000

function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen)) throw new AppError('MONEY_NOT_FEN', '金额必须是整数个“分”，请检查金额。')
}

/** 123456 → "¥1,234.56"; -123456 → "-¥1,234.56". */
export function formatYuan(fen: number): string {
  assertFen(fen)
  const abs = Math.abs(fen)
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+$)/g, ',')
  const cents = String(abs % 100).padStart(2, '0')
  return `${fen < 0 ? '-' : ''}¥${yuan}.${cents}`
}

export type ParsedYuan = { ok: true; fen: number } | { ok: false; reason: string }

/** Full-width digits and punctuation (as a Chinese IME types them) to their ASCII forms. */
const toHalfWidth = (s: string) =>
  s.replace(/[\uFF10-\uFF19\uFF0E\uFF0C\uFF0D\uFF0B]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))

const AMOUNT = /^(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/

/**
 * A yuan amount as a clerk types it → whole fen: "1234.56", "1,234.5", "１２３４．５６", "¥1234",
 * "1234元". Refused, with a reason in plain Chinese: nothing, a negative amount, more than two
 * decimals, letters or other characters, commas out of place, and more than 100 亿元.
 */
export function parseYuan(text: string): ParsedYuan {
  const s = toHalfWidth(text)
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/\s*元$/, '')
  if (!s) return { ok: false, reason: '请填写金额。' }
  if (s.startsWith('-')) return { ok: false, reason: '金额不能是负数。' }
  const m = AMOUNT.exec(s)
  if (!m) {
    if (/^[\d,]+(?:\.\d+)?$/.test(s)) return { ok: false, reason: '金额里的逗号位置不对，可以不写逗号，如 1234.56。' }
    return { ok: false, reason: '金额只能填数字，如 1234.56（元）。' }
  }
  const decimals = m[2] ?? ''
  if (decimals.length > 2) return { ok: false, reason: '金额最多精确到分，小数点后最多两位。' }
  const digits = m[1]!.replace(/,/g, '').replace(/^0+(?=\d)/, '')
  // 14 or more digits of yuan are above the limit; fewer stay far inside exact integer range.
  if (digits.length > 13) return { ok: false, reason: tooLarge }
  const fen = Number(digits) * 100 + Number(decimals.padEnd(2, '0'))
  if (fen > MAX_FEN) return { ok: false, reason: tooLarge }
  return { ok: true, fen }
}
const tooLarge = '金额太大了，最多 100 亿元。'

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const
const UNITS = ['', '拾', '佰', '仟'] as const
const SECTIONS = ['', '万', '亿', '万亿'] as const

/**
 * The amount in capitals, as on a receipt or a cheque (中国人民银行《支付结算办法》的写法):
 * 123456 → "壹仟贰佰叁拾肆元伍角陆分", 100000 → "壹仟元整", 10005 → "壹佰元零伍分",
 * 1001000 → "壹万零壹拾元整", 0 → "零元整".
 * - one 零 stands for any run of zeros inside the number (6007 → 陆仟零柒); zeros that end a 万 or
 *   亿 group are absorbed by it (107000 → 壹拾万柒仟);
 * - 元 is followed by 零 when the 角 is 0 but the 分 is not (325.04 → 叁佰贰拾伍元零肆分);
 * - 整 follows an amount that ends at 元 or at 角 (1234.50 → …元伍角整), never one with 分;
 * - below one yuan there is no 元 (0.56 → 伍角陆分); a negative amount starts with 负.
 */
export function yuanInCapitals(fen: number): string {
  assertFen(fen)
  if (fen === 0) return '零元整'
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100)
  const jiao = Math.floor(abs / 10) % 10
  const cents = abs % 10
  let out = yuan > 0 ? `${integerInCapitals(yuan)}元` : ''
  if (jiao > 0) out += `${DIGITS[jiao]}角`
  else if (cents > 0 && yuan > 0) out += '零'
  if (cents > 0) out += `${DIGITS[cents]}分`
  else out += '整'
  return (fen < 0 ? '负' : '') + out
}

/** A positive whole number in capitals: 10010 → 壹万零壹拾. */
function integerInCapitals(n: number): string {
  const digits = String(n)
  let out = ''
  let zero = false
  let groupHasDigit = false
  for (let i = 0; i < digits.length; i++) {
    const place = digits.length - 1 - i
    const d = Number(digits[i])
    if (d === 0) zero = out !== ''
    else {
      if (zero) out += '零'
      zero = false
      groupHasDigit = true
      out += DIGITS[d]! + UNITS[place % 4]!
    }
    if (place % 4 === 0 && place > 0) {
      if (groupHasDigit) {
        out += SECTIONS[place / 4]
        zero = false
      }
      groupHasDigit = false
    }
  }
  return out
}
