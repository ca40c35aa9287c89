import { ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message-box/style/css'

/**
 * The one way to ask "are you sure?": a box with the question, a button that says what happens
 * (删除, 停用, 确认纪要…) and one that says no (不删除…). Resolves true only when the clerk
 * presses the first; closing the box, Esc or the second button all mean no.
 */
export async function confirm(
  message: string,
  options: { title?: string; ok: string; cancel?: string; danger?: boolean },
): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, options.title ?? '请确认', {
      confirmButtonText: options.ok,
      cancelButtonText: options.cancel ?? '不了',
      type: 'warning',
      ...(options.danger ? { confirmButtonClass: 'el-button--danger' } : {}),
    })
    return true
  } catch {
    return false
  }
}
