import { nextTick } from 'vue'

/**
 * After a save whose button showed a spinner: Element Plus disables a loading button, and the
 * browser then drops keyboard focus to the page (document.body), so a keyboard user had to Tab
 * from the top of the window again. This puts focus back on the button — unless the clerk has
 * meanwhile moved it somewhere on purpose.
 */
export async function restoreFocus(target: () => HTMLElement | null | undefined): Promise<void> {
  await nextTick()
  const active = document.activeElement
  if (active && active !== document.body) return
  const el = target()
  if (el?.isConnected) el.focus({ preventScroll: true })
}

/** The element of a component ref (an el-button) or of an element ref. */
export function elementOf(r: { $el?: unknown } | HTMLElement | null | undefined): HTMLElement | null {
  if (!r) return null
  if (r instanceof HTMLElement) return r
  return r.$el instanceof HTMLElement ? r.$el : null
}
