/**
 * 中国居民身份证号 (GB 11643-1999): plain TypeScript both sides import — the registry checks a
 * number with it, lists and documents show it masked.
 *
 * - 18 characters: 6-digit area code, birth date YYYYMMDD, 3-digit sequence (odd for men), and a
 *   check character computed from the first 17 digits (ISO 7064 MOD 11-2), 0–9 or X;
 * - 15 digits (cards issued before 1999): area code, birth date YYMMDD in the 1900s, sequence; no
 *   check character.
 *
 * A lower-case x is accepted wherever X is; spaces a clerk typed between groups are ignored.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'] as const

/** The text without spaces, X in upper case. */
const normalize = (text: string) => text.replace(/\s+/g, '').toUpperCase()

/** The check character (0–9 or X) for the first 17 digits of an 18-character number. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK_CHARS[sum % 11]!
}

export interface IdNumber {
  /** The 18-character form (15-digit numbers are not converted: their check character is unknown). */
  number: string
  /** 'YYYY-MM-DD' */
  birthDate: string
  sex: 'male' | 'female'
}

/**
 * The parts of an ID number, or null when it is not one: wrong length or characters, a wrong
 * check character, or a birth date that does not exist (Feb 30) or lies after `today`
 * ('YYYY-MM-DD'; when omitted only the calendar is checked).
 */
export function parseIdNumber(text: string, today?: string): IdNumber | null {
  const s = normalize(text)
  let birth: string
  let sequence: string
  if (/^[1-9]\d{16}[\dX]$/.test(s)) {
    if (idCheckChar(s) !== s[17]) return null
    birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`
    sequence = s.slice(14, 17)
  } else if (/^[1-9]\d{14}$/.test(s)) {
    birth = `19${s.slice(6, 8)}-${s.slice(8, 10)}-${s.slice(10, 12)}`
    sequence = s.slice(12, 15)
  } else return null
  if (!isCalendarDate(birth) || birth < '1800-01-01' || (today !== undefined && birth > today)) return null
  return { number: s, birthDate: birth, sex: Number(sequence) % 2 === 1 ? 'male' : 'female' }
}

/** Whether the text is a valid 18- or 15-character 居民身份证号 (see parseIdNumber). */
export const isIdNumber = (text: string, today?: string): boolean => parseIdNumber(text, today) !== null

function isCalendarDate(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date
}

/**
 * How an ID number is shown outside its own record: the first 3 and the last 4 characters
 * (110***********1234; a 15-digit number 110********1234). Text that is no ID number of either
 * length still never shows more than 3 + 4 characters and always hides at least half of itself.
 */
export function maskIdNumber(text: string): string {
  const s = normalize(text)
  if (!s) return ''
  const chars = [...s]
  if (chars.length >= 14) return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('')
  const shown = Math.floor(chars.length / 2)
  const tail = Math.ceil(shown / 2)
  const head = shown - tail
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - shown) + chars.slice(chars.length - tail).join('')
}

/**
 * Why a typed ID number is not one, in the clerk's words, or null when it is one: the same reasons
 * the roster's import gives row by row (length, characters, check character, birth date).
 */
export function idNumberProblem(text: string, today?: string): string | null {
  if (parseIdNumber(text, today)) return null
  const s = normalize(text)
  if (s.length !== 18 && s.length !== 15) return `身份证号应为 18 位（或老证 15 位），这里是 ${s.length} 位`
  if (!/^\d{17}[\dX]$/.test(s) && !/^\d{15}$/.test(s)) return '身份证号只能是数字（18 位的最后一位可以是 X）'
  if (s.length === 18 && idCheckChar(s) !== s[17]) return '身份证号校验位不对，请核对号码'
  return '身份证号里的出生日期不对，请核对号码'
}

/** '男' / '女' as a roster writes the sex an ID number carries. */
export const idGender = (id: IdNumber): '男' | '女' => (id.sex === 'male' ? '男' : '女')

/**
 * Where a resident's 出生日期 and 性别, when given, disagree with their ID number (the import's
 * rule, shared by the dialog and the server): the reasons, empty when they agree.
 */
export function idNumberConflicts(id: IdNumber, given: { gender?: string; birthDate?: string | null }): string[] {
  const reasons: string[] = []
  if (given.birthDate && given.birthDate !== id.birthDate) {
    reasons.push(`身份证号里的出生日期是 ${id.birthDate}，与出生日期 ${given.birthDate} 不一致`)
  }
  if (given.gender && given.gender !== idGender(id)) {
    reasons.push(`身份证号表明性别是“${idGender(id)}”，与性别“${given.gender}”不一致`)
  }
  return reasons
}

/** Whether the text is an ID number as maskIdNumber shows it (the list's value sent back unchanged). */
export const isMaskedIdNumber = (text: string): boolean => text.includes('*')

/** Why a masked value that is not the stored number's mask cannot be saved. */
export const PARTLY_SHOWN_ID_NUMBER =
  '身份证号只显示了一部分，不能这样保存：要改号码请输入完整的 18 位，不改就保留原样。'
