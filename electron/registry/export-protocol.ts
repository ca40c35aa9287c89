import { AppError } from '../../shared/app-error'

/** What the job gives its worker (structured-cloned; `shared` is the one piece both sides see live). */
export interface WorkerData {
  key: string
  input: unknown
  /** The data file, opened read-only by the worker. */
  file: string
  /** The temporary file the worker writes; the job renames it. */
  temp: string
  /** ISO-8601: the moment the clerk asked for the file. */
  now: string
  /** Int32 × 3: [cancel requested (1), rows done, rows in all (-1 = not known yet)]. */
  shared: SharedArrayBuffer
}

export type WorkerReport =
  { type: 'done'; count: number } | { type: 'cancelled' } | { type: 'failed'; code: string; message: string }

const DISK_FULL = '磁盘（或U盘）空间不够，文件没有写完。请清理空间或换一个位置后重新导出。'
const CANNOT_WRITE = '不能在所选的文件夹里保存文件（只读、写保护或没有权限）。请换一个文件夹后重新导出。'
const FOLDER_GONE = '保存文件的文件夹找不到了（U盘可能已经拔出）。请插好U盘或换一个位置后重新导出。'

/**
 * Why an export did not finish, in words a clerk can act on. Every message starts with
 * 导出没有完成 and says that no partial file was left; SQLite's and Node's own English goes to
 * the log only.
 */
export function exportFailure(err: unknown): { code: string; message: string } {
  const done = (code: string, why: string) => ({ code, message: `导出没有完成：${why}` })
  if (err instanceof AppError) return { code: err.code, message: err.message }
  const code = String((err as { code?: unknown })?.code ?? '')
  if (code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EDQUOT') return done('DISK_FULL', DISK_FULL)
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return done('CANNOT_WRITE', CANNOT_WRITE)
  if (code === 'ENOENT' || code === 'ENOTDIR') return done('FOLDER_GONE', FOLDER_GONE)
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return done('BUSY', '数据文件正忙，请稍等片刻再导出。没有留下不完整的文件。')
  if (code === 'ERR_WORKER_OUT_OF_MEMORY')
    return done('TOO_LARGE', '要导出的内容太多，超出了程序能用的内存。请缩短时间段后分几次导出。')
  return done('INTERNAL', '程序内部出错，没有留下不完整的文件。请重试；如果反复出现，请联系技术人员。')
}
