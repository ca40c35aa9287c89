import { z } from 'zod'
import { AppError } from '../../shared/app-error'
import type { Db } from '../database/open-database'
import { LiveDatabase } from '../database/live-database'
import type { AnyHandler, HostContext, Registry } from './define'
import { fail, ok, type Result } from './result'
import { refusal, Session, UNNAMED_OPERATOR, type Operator } from './session'
import { actingAs, type Actor } from '../database/audit'
import { mayOpen } from '../../shared/operators'
import { hasOperators } from '../settings'

/**
 * Names of the fields that have no builder label of their own (nested objects, lists, the parts of
 * a rule), by the key they are sent under. A key not listed is named by its parent's name, or the
 * message speaks of 提交的内容: never the key itself, which is a program word.
 */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  rule: '重复规则',
  freq: '重复规则',
  interval: '间隔',
  nth: '第几个',
  weekday: '星期',
  end: '结束方式',
  type: '类型',
  date: '日期',
  count: '次数',
  entries: '出席名单',
  memberId: '成员',
  status: '出席情况',
  proxyMemberId: '受托人',
  outcomes: '议定结果',
  itemId: '议程事项',
  outcome: '议定结果',
  target: '决议或议题',
  resolutionId: '决议',
  topicId: '议题',
  tags: '标签',
  coDepartments: '配合部门',
}

/** 「出席名单」第 3 项, 「重复规则」, or null when the path names nothing a clerk would know. */
function fieldName(path: ReadonlyArray<PropertyKey>): string | null {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i]
    if (typeof key !== 'string' || !Object.hasOwn(FIELD_NAMES, key)) continue
    const index = path[i + 1]
    return `「${FIELD_NAMES[key]}」${typeof index === 'number' ? `第 ${index + 1} 项` : ''}`
  }
  return null
}

/**
 * What a clerk reads when a schema has no message of its own for a problem (our field builders
 * write theirs). Plain Chinese, no type names, no keys: 「重复规则」格式不对, not
 * 期望 object，实际接收 string.
 */
export function clerkMessage(issue: z.core.$ZodRawIssue): string {
  const name = fieldName(issue.path ?? [])
  const field = name ?? '提交的内容'
  const limit = (n: unknown) => String(n)
  switch (issue.code) {
    case 'unrecognized_keys':
      return '提交的内容里有多余的项目，请刷新后重试'
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null)
        return name ? `请填写${name}` : '提交的内容缺了必填的项目，请刷新后重试'
      return name ? `${name}格式不对` : '提交的内容格式不对，请刷新后重试'
    case 'invalid_value':
      return name ? `${name}的选项不对，请重新选择` : '提交的选项不对，请刷新后重试'
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'set') return `${field}最多 ${limit(issue.maximum)} 项`
      if (issue.origin === 'string') return `${field}不能超过 ${limit(issue.maximum)} 个字`
      return `${field}不能超过 ${limit(issue.maximum)}`
    case 'too_small':
      if (issue.origin === 'array' || issue.origin === 'set') return `${field}至少要有 ${limit(issue.minimum)} 项`
      if (issue.origin === 'string') return name ? `请填写${name}` : '提交的内容缺了必填的项目，请刷新后重试'
      return Number(issue.minimum) === 0 ? `${field}不能是负数` : `${field}至少是 ${limit(issue.minimum)}`
    default:
      return name ? `${name}格式不对` : '提交的内容格式不对，请刷新后重试'
  }
}

// Every message zod writes itself (beyond our field builders) comes from clerkMessage.
z.config({ localeError: clerkMessage })

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
  // The session is the transport's; a bare context (a unit test) gets a fresh one for this call.
  const callCtx: HostContext = ctx.session ? ctx : Object.create(ctx, { session: { value: new Session() } })
  const session = callCtx.session!
  const parsed = entry.input.safeParse(rawInput)
  try {
    const run = async (db: Db) => {
      // Who may call is settled before the input is even looked at: a locked screen answers nothing.
      const operator = await admit(db, entry, session)
      if (!parsed.success) throw new AppError('INVALID_INPUT', describeIssues(parsed.error))
      return actingAs(operator ?? NOBODY, () => entry.run(db, parsed.data, callCtx))
    }
    if (!(database instanceof LiveDatabase)) return ok(await run(database))
    const live = database
    const value = entry.exclusive ? await live.exclusive(() => run(live.db)) : await live.shared((db) => run(db))
    return ok(value)
  } catch (err) {
    return toFailure(err, channel)
  }
}

/** The actor of a start-screen call made before anyone is chosen. */
const NOBODY: Actor = { id: null, name: '未选择操作人' }

/**
 * Decides whether this session may make this call, and for whom it runs. Refuses (AppError, in
 * Chinese) a call while nobody is signed in (SIGN_IN), while the screen is locked or has stayed
 * idle past the office's time (LOCKED), and a gated call the operator's marks do not open
 * (FORBIDDEN_ROLE). An office that has named nobody runs as UNNAMED_OPERATOR; once someone is
 * named, an unnamed session must choose.
 */
async function admit(db: Db, entry: AnyHandler, session: Session): Promise<Operator | null> {
  let operator = session.operator
  if (operator?.unnamed || !operator) {
    operator = (await hasOperators(db)) ? null : UNNAMED_OPERATOR
    session.operator = operator
  }
  if (!operator) {
    if (entry.beforeSignIn) return null
    throw new AppError('SIGN_IN', '请先选择操作人。')
  }
  if (session.checkIdle() && !entry.beforeSignIn) {
    throw new AppError('LOCKED', '屏幕已锁定，请输入密码解锁后再操作。')
  }
  if (!session.locked) session.touch()
  if (entry.access && !mayOpen(operator.roles, entry.access.roles)) throw refusal(entry.access)
  return operator
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
    // A trigger's own words (RAISE(ABORT, '…')) are written for the clerk when they are Chinese:
    // they say which rule the data file enforces (a posted fund entry is never changed…).
    const raised = /^SQLITE_CONSTRAINT: (.*[\u4e00-\u9fff].*)$/s.exec(text)
    if (raised) return fail('REFUSED', raised[1]!.trim())
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
