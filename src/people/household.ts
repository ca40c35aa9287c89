/** Small helpers for how a resident's household and tags are written on screen. */

/** Tags a clerk is offered when editing a resident; any other tag can be typed in. */
export const TAG_SUGGESTIONS = ['党员', '楼组长', '志愿者', '独居老人', '残疾人'] as const

/** "3号楼 2单元 301", as on a sign-in sheet; '' when nothing is known. */
export function householdLabel(r: { buildingName: string | null; unit: string; room: string }): string {
  return [r.buildingName, r.unit && `${r.unit}单元`, r.room].filter(Boolean).join(' ')
}

/** A clerk may type "2" or "2单元"; the roster stores "2" (the screen adds 单元 back). */
export function normalizeUnit(unit: string): string {
  return unit.trim().replace(/单元$/, '').trim()
}
