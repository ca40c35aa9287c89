import { AppError } from '../../shared/app-error'
import { mayOpen, ROLES, type Role } from '../../shared/operators'
import type { Actor } from '../database/audit'
import type { HostContext } from './define'

/**
 * Who is at the keyboard, as the main process knows it. A session is held by the transport, never
 * sent by the page: the Electron binding keeps one for the app (one PC, one person at it), the
 * loopback host one per browser (an HttpOnly cookie). It changes only through the session.*
 * calls, after the main process has checked the PIN; every other call reads it.
 */
export interface Operator extends Actor {
  readonly roles: readonly Role[]
  /** True for the one unnamed operator of an office that has named nobody. */
  readonly unnamed: boolean
  readonly hasPin: boolean
}

/**
 * An office that has named nobody (a small office, one clerk) runs as this person: every screen
 * opens, as before operators existed, and the audit log says that nobody was named. Naming the
 * first person in 设置 turns the start screen on.
 */
export const UNNAMED_OPERATOR: Operator = {
  id: null,
  name: '未登记操作人',
  roles: ROLES,
  unnamed: true,
  hasPin: false,
}

export class Session {
  /** The signed-in operator; null until someone is chosen (or while the office names nobody). */
  operator: Operator | null = null
  /** Locked: only the lock screen's calls are answered until the PIN is given again. */
  locked = false
  /** When the last call or key press reached the main process (ms). */
  lastSeen = 0
  /** Idle time before locking, read from the settings at sign-in. */
  idleMs = 0
  /** Wrong PINs in a row, and when the next try is allowed (ms): a PIN cannot be guessed at speed. */
  failures = 0
  retryAt = 0

  constructor(private readonly now: () => number = Date.now) {}

  signIn(operator: Operator, idleSeconds: number): void {
    this.operator = operator
    this.locked = false
    this.idleMs = idleSeconds * 1000
    this.failures = 0
    this.lastSeen = this.now()
  }

  signOut(): void {
    this.operator = null
    this.locked = false
  }

  /** Locks when the idle time has passed since the last sign of life; true when locked. */
  checkIdle(): boolean {
    if (this.operator && !this.locked && this.idleMs > 0 && this.now() - this.lastSeen >= this.idleMs) {
      this.locked = true
    }
    return this.locked
  }

  touch(): void {
    this.lastSeen = this.now()
  }

  /** Throws when a PIN may not be tried yet; after 5 wrong ones each next try waits 30 seconds. */
  assertMayTry(): void {
    const wait = Math.ceil((this.retryAt - this.now()) / 1000)
    if (wait > 0) throw new AppError('WAIT', `密码输错次数太多，请等 ${wait} 秒再试。`)
  }

  recordFailure(): void {
    this.failures += 1
    if (this.failures >= 5) this.retryAt = this.now() + 30_000
  }
}

/**
 * Who a handler runs for: the session's operator (the dispatcher has already refused a call without
 * one, so in a handler this never throws unless a test passes a bare context).
 */
export function currentOperator(ctx: Pick<HostContext, 'session'>): Operator {
  const op = ctx.session?.operator
  if (!op) throw new AppError('SIGN_IN', '请先选择操作人。')
  return op
}

/** What a gated module or call says about who may use it. */
export interface Access {
  /** At least one of these marks opens it. */
  readonly roles: readonly Role[]
  /** Its name as the clerk knows it, for the refusal: 调解案卷, 操作人设置. */
  readonly what: string
}

export function refusal(access: Access): AppError {
  return new AppError(
    'FORBIDDEN_ROLE',
    `「${access.what}」只有${access.roles.join('或')}能打开。如需使用，请管理员在「设置」里给您加上相应的身份。`,
  )
}

/** Throws the Chinese refusal unless the current operator holds one of the marks. */
export function requireRole(ctx: Pick<HostContext, 'session'>, access: Access): Operator {
  const op = currentOperator(ctx)
  if (!mayOpen(op.roles, access.roles)) throw refusal(access)
  return op
}
