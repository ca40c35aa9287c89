import type { Directive } from 'vue'

/**
 * FormDialog's red error box (see FormDialog.vue for when it clears): `v-reveal` brings it into
 * view when it appears or its message changes — in a tall dialog the clerk is down at 保存 when the
 * answer comes back.
 */
function reveal(el: HTMLElement): void {
  // After the box is laid out (it may just have been inserted above the fields).
  requestAnimationFrame(() => el.scrollIntoView({ block: 'nearest' }))
}

/** `v-reveal="message"`: scrolls its element into view when mounted and whenever `message` changes. */
export const vReveal: Directive<HTMLElement, unknown> = {
  mounted: (el) => reveal(el),
  updated: (el, binding) => {
    if (binding.value !== binding.oldValue) reveal(el)
  },
}
