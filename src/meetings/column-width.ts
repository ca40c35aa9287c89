import { useSettingsStore } from '../shell/settings-store'

/**
 * Element Plus table columns take widths in px, which 适老模式 (a larger root font) does not
 * scale: headers such as “计划分钟” would wrap. Fixed-width columns go through this instead.
 */
export function useColumnWidth() {
  const settings = useSettingsStore()
  return (px: number) => Math.round(px * (settings.elderMode ? 1.25 : 1))
}
