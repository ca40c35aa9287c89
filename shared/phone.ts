/**
 * Phone numbers as a Chinese office writes them, in one place for both sides (the services mask
 * with it, the registry validates with it, the renderer may import it): plain TypeScript, no Node,
 * no DOM, no Electron.
 *
 * Accepted forms (spaces or "-" between groups are fine):
 * - a mobile: 11 digits starting 13–19, optionally after +86 / 0086 / 86 — 138 1234 5678;
 * - a landline: a 7–8 digit local number, optionally after an area code (0 and 2–3 digits, or
 *   without the 0 after +86; brackets allowed) and before an extension (转 / 分机 / -, 1–6 digits)
 *   — 021-62188000, (0571)8888 8888, 62188000转123. A local number on its own must start with
 *   2–9: 7–8 digits starting 1 are a mistyped mobile, not a landline.
 */
export interface PhoneNumber {
  kind: 'mobile' | 'landline'
  /** Area code with its leading 0 ('021'), or '' when none was written. Always '' for a mobile. */
  area: string
  /** The subscriber's digits: 11 for a mobile, 7–8 for a landline. */
  local: string
  /** Extension digits, or ''. */
  ext: string
}

const INTL = /^(?:\+|00)\s?86[\s-]?/
const MOBILE = /^1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}$/
/** [area code, in brackets or followed by a space or "-"] then the number: 7–12 digits, or 3–4 + 4. */
const LANDLINE = /^(?:[(（](\d{2,4})[)）][\s-]?|(\d{2,4})[\s-])?(\d{7,12}|\d{3,4}[\s-]\d{4})$/

/** The parts of a phone number, or null when the text is not one of the accepted forms. */
export function parsePhone(text: string): PhoneNumber | null {
  const s = text.trim().replace(/\s+/g, ' ')
  if (!s) return null
  const whole = parseNumber(s)
  if (whole) return whole
  // An extension after 转 / 分机, or after a last "-" (021-62188000-123).
  const ext = /^(.+?)\s?(?:转|分机|-)\s?(\d{1,6})$/.exec(s)
  if (!ext) return null
  const base = parseNumber(ext[1]!)
  return base?.kind === 'landline' ? { ...base, ext: ext[2]! } : null
}

function parseNumber(text: string): PhoneNumber | null {
  // 86 without a plus, written straight before a mobile number: 8613812345678.
  if (/^86[\s-]?1[3-9]\d{9}$/.test(text)) return mobile(text.replace(/\D/g, '').slice(2))
  const intl = INTL.exec(text)
  const s = intl ? text.slice(intl[0].length) : text
  if (MOBILE.test(s)) return mobile(s.replace(/\D/g, ''))
  const g = LANDLINE.exec(s)
  if (!g) return null
  let area = g[1] ?? g[2] ?? ''
  let rest = g[3]!.replace(/[\s-]/g, '')
  if (area && !isArea(area, !!intl)) return null
  if (!area) {
    // An area code written straight before the number: 02162188000, +86 2162188000.
    const lead = intl ? '' : '0'
    if (rest.startsWith(lead) && rest.length >= 10 - lead.length) {
      const len = (/^[12]/.test(rest.slice(lead.length)) ? 2 : 3) + lead.length
      area = rest.slice(0, len)
      rest = rest.slice(len)
    }
  }
  if (area && !isArea(area, !!intl)) return null
  if (!/^\d{7,8}$/.test(rest)) return null
  // Alone, 7–8 digits starting 0 or 1 are a mistyped mobile or area code, not a local number.
  if (!/^[1-9]/.test(rest) || (!area && rest.startsWith('1'))) return null
  return { kind: 'landline', area: area && !area.startsWith('0') ? `0${area}` : area, local: rest, ext: '' }
}

const isArea = (area: string, intl: boolean) => (intl ? /^[1-9]\d{1,2}$/ : /^0[1-9]\d{1,2}$/).test(area)
const mobile = (digits: string): PhoneNumber => ({ kind: 'mobile', area: '', local: digits, ext: '' })

/** True for '' is the caller's business; this answers whether a non-empty text is a phone number. */
export const isPhoneNumber = (text: string): boolean => parsePhone(text) !== null

/** At most this many digits of a number are ever shown masked (a mobile's 3 + 4). */
export const MAX_SHOWN_DIGITS = 7
/** At least this many digits of the subscriber's number are always hidden. */
export const MIN_HIDDEN_DIGITS = 4

/**
 * A phone number as lists, exports and messages show it: 138****5678 for a mobile; for a landline
 * the area code (a city, not a person) and at most 2 + 2 digits of the local number (021-62****00,
 * 0571-8*****88), never more than 7 digits in all, and an extension as stars. Text that is no
 * accepted form (older records) keeps at most 3 + 4 of its digits and never fewer than 4 hidden.
 */
export function maskPhone(text: string): string {
  if (!text.trim()) return ''
  const p = parsePhone(text)
  if (!p) {
    const digits = text.replace(/\D/g, '')
    return digits ? keepEnds(digits, Math.min(MAX_SHOWN_DIGITS, digits.length - MIN_HIDDEN_DIGITS)) : '****'
  }
  if (p.kind === 'mobile') return keepEnds(p.local, MAX_SHOWN_DIGITS)
  const shown = Math.min(p.local.length - MIN_HIDDEN_DIGITS, MAX_SHOWN_DIGITS - p.area.length)
  const local = keepEnds(p.local, shown)
  return `${p.area ? `${p.area}-` : ''}${local}${p.ext ? `转${'*'.repeat(p.ext.length)}` : ''}`
}

/** Shows `shown` digits (the larger half at the end, at most 4 there) and stars the rest. */
function keepEnds(digits: string, shown: number): string {
  const n = Math.max(0, Math.min(shown, digits.length))
  const tail = Math.min(4, Math.ceil(n / 2))
  const head = n - tail
  return digits.slice(0, head) + '*'.repeat(digits.length - n) + (tail ? digits.slice(-tail) : '')
}
