/**
 * The print shell's two actions. 打印 opens the print dialog. 保存为电子文件 (save as PDF) will be
 * a host action in the desktop app (Electron's webContents.printToPDF behind a `print.savePdf`
 * channel, which the main side does not offer yet); until the api has it, and in a plain browser always, it opens the
 * same print dialog, whose printer list offers 另存为 PDF. The proposed file name is the page's
 * title (PrintPage sets it), so a PDF saved from the dialog is named after the paper too.
 */
export function printNow(): void {
  window.print()
}

export function savePdf(): void {
  window.print()
}

/**
 * Prints one sheet that is not shown on screen (a notice made from a list): while the dialog is
 * open the app is hidden and every `.print-alone` sheet is printed instead.
 */
export function printAlone(): void {
  document.documentElement.classList.add('print-alone')
  window.addEventListener('afterprint', () => document.documentElement.classList.remove('print-alone'), {
    once: true,
  })
  window.print()
}
