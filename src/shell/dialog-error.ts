import { ref, watch, type Directive, type Ref } from 'vue'

/**
 * A form dialog's red error box, the same way in every dialog:
 * - it disappears as soon as the clerk changes anything in the form (`model`, watched deeply, so a
 *   choice in a drop-down or a date picker counts as well as typing), so a message never stays
 *   above a field that is already put right;
 * - `v-reveal` on the box brings it into view when it appears or its message changes: in a tall
 *   dialog the clerk is down at 保存 when the answer comes back.
 */
export function useDialogError(model: object | (() => unknown)): Ref<string> {
  const error = ref('')
  watch(typeof model === 'function' ? model : () => model, () => (error.value = ''), { deep: true })
  return error
}

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
