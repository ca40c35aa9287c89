import { ApiError } from '../api/call'

/** The score boxes of a sheet, typed as text: key `${proposalId}:${criterionId}` → what was typed. */
export type Typed = Record<string, string>

export const cellKey = (proposalId: number, criterionId: number) => `${proposalId}:${criterionId}`

/**
 * The typed boxes as cells to save: empty boxes are left out; anything that is not a whole number
 * is refused here in Chinese (a range check is the main process's, which names the criterion).
 */
export function typedCells(typed: Typed, label: (proposalId: number, criterionId: number) => string) {
  const cells: { proposalId: number; criterionId: number; score: number }[] = []
  for (const [key, raw] of Object.entries(typed)) {
    const text = raw.trim()
    if (!text) continue
    const [proposalId, criterionId] = key.split(':').map(Number) as [number, number]
    if (!/^-?\d+$/.test(text)) {
      throw new ApiError('INVALID_INPUT', `${label(proposalId, criterionId)}的分数“${text}”不是整数，请改正后再保存。`)
    }
    cells.push({ proposalId, criterionId, score: Number(text) })
  }
  return cells
}
