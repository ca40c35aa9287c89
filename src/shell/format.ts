import { stampText } from '../../shared/dates'
import { officeDateTime } from '../../shared/time'

/** A UTC stamp (createdAt, a backup's time …) as a clerk reads it: "2026年3月12日 19:05", office time. */
export const formatDateTime = (iso: string): string => stampText(officeDateTime(iso))

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
