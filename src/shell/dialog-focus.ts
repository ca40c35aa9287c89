/**
 * For a dialog's `opened` event: puts the cursor in its first box, so typing can start at once.
 * `opened` fires only after the opening animation; if the clerk has already clicked or tabbed into
 * a box by then, focus is left alone (moving it would close a date picker and drop what was typed).
 */
export function focusFirstField(field: { focus: () => void } | null): void {
  const active = document.activeElement
  const busyInside = active instanceof HTMLElement && !active.matches('.el-dialog') && active.closest('.el-dialog')
  if (!busyInside) field?.focus()
}
