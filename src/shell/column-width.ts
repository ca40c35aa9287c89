import { computed } from 'vue'
import { useSettingsStore } from '../settings/settings-store'

/**
 * Element Plus takes table column widths in pixels, which would stay the same when 适老模式 makes
 * the text larger (dates and headers then wrap). `rem(9)` gives the pixel width of 9rem at the
 * current root font size, so the columns grow with the text.
 */
export function useRem() {
  const settings = useSettingsStore()
  const rootPx = computed(() => {
    void settings.elderMode // recomputed when 适老模式 changes the root font
    return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16
  })
  return (n: number) => Math.round(n * rootPx.value)
}

/** Same, for widths designed in pixels at the normal 16px root font. */
export function useColumnWidth() {
  const rem = useRem()
  return (px: number) => rem(px / 16)
}
