/** The words of 议事会 (members and the majority rules), for the services, the registry's schemas and the screens. */

export const MEMBER_ROLES = ['召集人', '成员', '列席', '记录人'] as const
export const MEMBER_CATEGORIES = ['居民代表', '党员', '楼组长', '物业', '业委会', '驻区单位', '村民代表'] as const
/** The quorum and pass rules a council may choose. */
export const MAJORITY_RULES = ['过半数', '三分之二'] as const

export type MemberRole = (typeof MEMBER_ROLES)[number]
export type MemberCategory = (typeof MEMBER_CATEGORIES)[number]
export type MajorityRule = (typeof MAJORITY_RULES)[number]
