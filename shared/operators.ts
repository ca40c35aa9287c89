/**
 * Who is at the keyboard (操作人): the roles an office gives the people it names, in one place for
 * both sides. An operator holds any set of these marks; one holding none is 普通 (a clerk who
 * may open every screen that is not reserved to a role).
 */
export const ROLES = ['管理员', '主任', '调解员', '乡贤'] as const
export type Role = (typeof ROLES)[number]

/** What each mark lets a person do, as the 设置 screen explains it. */
export const ROLE_HINTS: Readonly<Record<Role, string>> = {
  管理员: '登记操作人、设定锁屏时间',
  主任: '调委会主任：可打开调解案卷',
  调解员: '人民调解员：可打开调解案卷',
  乡贤: '乡贤：只看到自己参加的案件',
}

/** 普通 when a person holds no mark. */
export function rolesLabel(roles: readonly string[]): string {
  return roles.length === 0 ? '普通' : roles.join('、')
}

/** True when the person holds at least one of `allowed` (an empty list allows everyone). */
export function mayOpen(roles: readonly string[], allowed: readonly Role[] | undefined): boolean {
  return !allowed || allowed.length === 0 || allowed.some((r) => roles.includes(r))
}

/** A PIN is 4 to 12 digits: easy for an elder to type on a keypad, never shown. */
export const PIN_PATTERN = /^\d{4,12}$/
export const PIN_RULE = '密码是 4 到 12 位数字'

/** Idle time before the screen locks, in seconds: default 15 minutes; the office sets 1–240 minutes. */
export const DEFAULT_IDLE_SECONDS = 15 * 60
export const MIN_IDLE_SECONDS = 1
export const MAX_IDLE_SECONDS = 240 * 60
