/**
 * Addresses shown outside their own record stop at the building: which 楼/栋 someone lives in is
 * what a notice or a casebook needs, their room is not.
 */

/** Markers that end the building part of an address, longest first so 号楼 wins over a bare 楼. */
const BUILDING_MARKERS = ['号楼', '单元', '栋', '幢'] as const

/** How many characters an address without a building marker keeps. */
export const ADDRESS_SHOWN_CHARS = 10

/**
 * "朝阳区幸福里小区3号楼2单元501室" → "朝阳区幸福里小区3号楼2单元": the address up to and including
 * the last 号楼 / 栋 / 幢 / 单元. Without such a marker, the first 10 characters and "…" (an
 * address of at most 10 characters is shown as it is).
 */
export function maskAddress(text: string): string {
  const s = text.trim()
  let cut = -1
  for (const marker of BUILDING_MARKERS) {
    const at = s.lastIndexOf(marker)
    if (at >= 0) cut = Math.max(cut, at + marker.length)
  }
  if (cut > 0) return s.slice(0, cut)
  const chars = [...s]
  return chars.length > ADDRESS_SHOWN_CHARS ? `${chars.slice(0, ADDRESS_SHOWN_CHARS).join('')}…` : s
}
