import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { messageOf } from './call'

/** Runs a UI action; on failure shows its Chinese message and returns undefined (nothing is lost). */
export async function attempt<T>(action: () => Promise<T>, success?: string): Promise<T | undefined> {
  try {
    const value = await action()
    if (success) ElMessage({ type: 'success', message: success, duration: 2500, showClose: true })
    return value
  } catch (err) {
    ElMessage({ type: 'error', message: messageOf(err), duration: 6000, showClose: true })
    return undefined
  }
}
