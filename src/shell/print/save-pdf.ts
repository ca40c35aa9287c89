import { ElMessage } from 'element-plus'
import { call } from '../../api/call'

/**
 * The print shell's two actions. 打印 opens the print dialog. 保存为电子文件 (save as PDF) asks the
 * host (`print.savePdf`: in the desktop app Electron's printToPDF and a save dialog); a host that
 * cannot (the browser version) answers supported: false, and the same print dialog opens, whose
 * printer list offers 另存为 PDF. The proposed file name is the page's title (PrintPage sets it).
 */
export function printNow(): void {
  window.print()
}

export async function savePdf(): Promise<void> {
  const fileName = document.title.replace(/\s*·\s*社区工作台$/, '').trim() || '打印'
  const saved = await call(window.api.print.savePdf({ fileName })).catch(() => null)
  if (!saved?.supported) return window.print()
  if (saved.path) ElMessage.success(`已保存到 ${saved.path}`)
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
