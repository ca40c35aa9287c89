/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from 31 symbols (digits and capital letters
 * without I, O, Z, S, V) — 登记管理部门 (1), 机构类别 (1), 登记管理机关行政区划码 (6 digits),
 * 主体标识码 (9, the old 组织机构代码), and a check character computed over the first 17 with the
 * weights 3^i mod 31: C18 = 31 − (Σ Ci·Wi mod 31), where 31 stands for 0.
 * Plain TypeScript for both sides: the registry validates with it, the form checks as the clerk types.
 */

const SYMBOLS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

/** The check character the first 17 characters call for, or null when one of them is not a valid symbol. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = SYMBOLS.indexOf(first17[i]!)
    if (v < 0) return null
    sum += v * WEIGHTS[i]!
  }
  return SYMBOLS[(31 - (sum % 31)) % 31]!
}

/** Full-width characters and lower case as typed become the canonical form; spaces go. */
export function normalizeCreditCode(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toUpperCase()
}

/** Why a code is not a 统一社会信用代码 (plain Chinese for the clerk), or null when it is one. */
export function creditCodeProblem(text: string): string | null {
  const code = normalizeCreditCode(text)
  if (code.length !== 18) return `统一社会信用代码应为 18 位，现在是 ${code.length} 位。`
  const bad = [...code].find((c) => !SYMBOLS.includes(c))
  if (bad) {
    return ['I', 'O', 'Z', 'S', 'V'].includes(bad)
      ? `统一社会信用代码里没有字母「${bad}」，请核对（可能是数字 ${bad === 'O' ? '0' : bad === 'I' ? '1' : bad === 'Z' ? '2' : bad === 'S' ? '5' : 'U'}）。`
      : `统一社会信用代码只含数字和大写字母，「${bad}」不对。`
  }
  const expected = creditCodeCheckChar(code.slice(0, 17))
  if (expected !== code[17]) {
    return `统一社会信用代码最后一位校验码不对（按前 17 位应为「${expected}」），请对照营业执照或登记证书核对。`
  }
  return null
}

export const isValidCreditCode = (text: string): boolean => creditCodeProblem(text) === null
