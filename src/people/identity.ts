import { ageOn } from '../../shared/dates'
import {
  idGender,
  idNumberConflicts,
  idNumberProblem,
  isMaskedIdNumber,
  parseIdNumber,
  PARTLY_SHOWN_ID_NUMBER,
} from '../../shared/id-number'
import { officeDate } from '../../shared/time'

/** 人员类型 offered in the dialog; any other the office writes (up to 20 characters) is kept as typed. */
export const KIND_SUGGESTIONS = ['户籍', '常住', '流动', '寄住', '空挂户'] as const

/**
 * What is wrong with the identity part of the resident dialog, checked as the main process checks
 * it (shared/id-number.ts, the import's rule), or null. `shownNumber` is the masked number the
 * dialog opened with: sent back unchanged it keeps the stored number, which only the main process
 * can compare with the other fields.
 */
export function identityProblem(
  form: { idNumber: string; gender: string; birthDate: string | null },
  shownNumber: string,
): string | null {
  const typed = form.idNumber.trim()
  if (form.birthDate && form.birthDate > officeDate()) return `出生日期 ${form.birthDate} 还没到`
  if (!typed || (typed === shownNumber && isMaskedIdNumber(typed))) return null
  if (isMaskedIdNumber(typed)) return PARTLY_SHOWN_ID_NUMBER
  const problem = idNumberProblem(typed, officeDate())
  if (problem) return problem
  return idNumberConflicts(parseIdNumber(typed)!, form).join('；') || null
}

/** Under the box: what a complete, valid number says (出生日期 1956-03-02，男). */
export function idNumberHint(typed: string): string {
  const id = parseIdNumber(typed.trim(), officeDate())
  return id ? `出生日期 ${id.birthDate}，${idGender(id)}` : ''
}

/** 性别/年龄 as the roster shows it: '女 76岁', '男', '76岁', or ''. */
export function genderAge(r: { gender: string; birthDate: string }): string {
  const age = r.birthDate ? `${ageOn(r.birthDate, officeDate())}岁` : ''
  return [r.gender, age].filter(Boolean).join(' ')
}
