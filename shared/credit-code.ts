/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters — 登记管理部门码, 机构类别码, 6-digit area code,
 * 9-character 组织机构代码 and a check character (ISO 7064 MOD 31-3 over the first 17). The
 * alphabet is the digits and the capital letters without I, O, Z, S and V. A lower-case letter or
 * spaces a clerk typed are accepted.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

export function normalizeCreditCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase()
}

export function isValidCreditCode(code: string): boolean {
  const s = normalizeCreditCode(code)
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(s)) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(s[i]!) * WEIGHTS[i]!
  const check = (31 - (sum % 31)) % 31
  return ALPHABET[check] === s[17]
}
