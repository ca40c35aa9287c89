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
 * A list's total for its heading: 共 8948 人, or for a count that stopped (ListPage.atLeast: a
 * search matching thousands) 2000 人以上 — rounded down, so it stays true.
 */
export function totalText(total: number, atLeast: boolean, unit: string): string {
  return atLeast ? `${Math.floor(total / 100) * 100} ${unit}以上` : `共 ${total} ${unit}`
}
