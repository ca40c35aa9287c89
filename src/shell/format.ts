import { stampText } from '../../shared/dates'
import { officeDateTime } from '../../shared/time'

/** A UTC stamp (createdAt, a backup's time …) as a clerk reads it: "2026年3月12日 19:05", office time. */
export const formatDateTime = (iso: string): string => stampText(officeDateTime(iso))

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/**
 * A list's total for its heading: 共 8948 人, or for an estimated one (ListPage.approximate) rounded —
 * 约 8900 人, 约 12.3 万人 — so nobody reads a guess as a count.
 */
export function totalText(total: number, approximate: boolean, unit: string): string {
  if (!approximate) return `共 ${total} ${unit}`
  if (total >= 10_000) return `约 ${Math.round(total / 1000) / 10} 万${unit}`
  const step = total >= 1000 ? 100 : 10
  return `约 ${Math.round(total / step) * step} ${unit}`
}
