import { z } from 'zod'
import { AppError } from '../common/app-error'
import type { Db } from '../database/open-database'
import { LiveDatabase } from '../database/live-database'
import type { HostContext, Registry } from './define'
import { fail, ok, type Result } from './result'

// Any message zod writes itself (beyond our field builders) comes out in Chinese.
z.config(z.locales.zhCN())

/**
 * The one entry point both transports use: find the channel, parse the input with its schema,
 * run it, and turn every error into `{ code, message }` in Chinese. It never throws.
 * Transports pass the LiveDatabase, so each call gets the handle current when it starts (and a
 * restore runs alone); tests may pass a plain handle.
 */
export async function dispatch(
  registry: Registry,
  database: Db | LiveDatabase,
  ctx: HostContext,
  channel: string,
  rawInput: unknown,
): Promise<Result<unknown>> {
  if (typeof channel !== 'string' || !Object.hasOwn(registry, channel)) {
    return fail('UNKNOWN_CHANNEL', '程序请求了一个不存在的操作。请重启社区工作台；如果反复出现，请联系技术人员。')
  }
  const entry = registry[channel]!
  const parsed = entry.input.safeParse(rawInput)
  if (!parsed.success) return fail('INVALID_INPUT', describeIssues(parsed.error))
  try {
    if (!(database instanceof LiveDatabase)) return ok(await entry.run(database, parsed.data, ctx))
    const live = database
    const value = entry.exclusive
      ? await live.exclusive(() => entry.run(live.db, parsed.data, ctx))
      : await live.shared((db) => entry.run(db, parsed.data, ctx))
    return ok(value)
  } catch (err) {
    return toFailure(err, channel)
  }
}

function describeIssues(error: z.ZodError): string {
  const messages = [...new Set(error.issues.map((i) => i.message))]
  return messages.slice(0, 3).join('；') + (messages.length > 3 ? ' 等' : '')
}

/** Maps what a service or SQLite threw to a message for the clerk; internals go to the log only. */
export function toFailure(err: unknown, channel: string) {
  if (err instanceof AppError) return fail(err.code, err.message)
  const code = (err as { code?: unknown })?.code
  const text = String((err as Error)?.message ?? err)
  if (code === 'SQLITE_CONSTRAINT') {
    if (/UNIQUE/i.test(text)) return fail('DUPLICATE', '已经有同名的记录了，请换一个名称。')
    if (/FOREIGN KEY/i.test(text)) return fail('IN_USE', '这条记录还被其他记录引用着，不能这样改动。')
    return fail('CONSTRAINT', '填写的内容不符合规则，没有保存。请检查后重试。')
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return fail('BUSY', '数据文件正被其他程序占用，没有保存。请稍等片刻再试。')
  }
  if (code === 'SQLITE_FULL') return fail('DISK_FULL', '磁盘已满，没有保存。请清理磁盘空间后再试。')
  console.error(`[${channel}]`, err)
  return fail('INTERNAL', '操作没有完成：程序内部出错，数据没有改动。请重试；如果反复出现，请联系技术人员。')
}
