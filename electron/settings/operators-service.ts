import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { AppError, notFound } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import {
  DEFAULT_IDLE_SECONDS,
  MAX_IDLE_SECONDS,
  MIN_IDLE_SECONDS,
  PIN_PATTERN,
  PIN_RULE,
  ROLES,
  type Role,
} from '../../shared/operators'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { inTransaction } from '../database/unit-of-work'

/**
 * 操作人: the people the 管理员 names, with their marks and an optional PIN. A PIN is kept only as a
 * salted scrypt hash (node:crypto), compared in constant time. An office that has named nobody
 * runs as one unnamed operator (see registry/session.ts); naming the first person turns the
 * start screen on, and that first person must be a 管理员 so nobody is locked out of 设置.
 */
export interface OperatorRow {
  id: number
  name: string
  roles: Role[]
  hasPin: boolean
}

export interface OperatorInput {
  name: string
  roles: Role[]
  /** A new PIN; '' keeps the one stored (or none); null removes it. */
  pin: string | null
}

// Costs in line with OWASP's scrypt minimum (N=2^15, r=8, p=1): ~50 ms per check on an office PC.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const
const KEY_LENGTH = 32

function scryptAsync(pin: string, salt: Buffer, opts: ScryptOptions, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, length, opts, (err, key) => (err ? reject(err) : resolve(key))),
  )
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64: the parameters travel with the hash. */
export async function hashPin(pin: string): Promise<string> {
  if (!PIN_PATTERN.test(pin)) throw new AppError('INVALID_INPUT', PIN_RULE)
  const salt = randomBytes(16)
  const key = await scryptAsync(pin, salt, SCRYPT, KEY_LENGTH)
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$')
}

export async function pinMatches(pin: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$')
  if (kind !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const key = await scryptAsync(
    pin,
    Buffer.from(salt, 'base64'),
    {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: SCRYPT.maxmem,
    },
    expected.length,
  )
  return timingSafeEqual(key, expected)
}

function parseRoles(text: string): Role[] {
  try {
    const list = JSON.parse(text) as unknown
    return Array.isArray(list) ? ROLES.filter((r) => list.includes(r)) : []
  } catch {
    return []
  }
}

const columns = ['id', 'name', 'roles', 'pin_hash'] as const

function toRow(r: { id: number; name: string; roles: string; pin_hash: string | null }): OperatorRow {
  return { id: r.id, name: r.name, roles: parseRoles(r.roles), hasPin: r.pin_hash !== null }
}

/** The active operators, by name. */
export async function listOperators(db: Db): Promise<OperatorRow[]> {
  const rows = await db.selectFrom('operators').select(columns).where('active', '=', 1).orderBy('name').execute()
  return rows.map(toRow)
}

/**
 * Whether each open data file has named anyone, as last read. The dispatcher asks before every call
 * of a session nobody has signed in to (the unnamed office asks on every call), so the answer is
 * kept instead of read each time. It is kept per handle: a restored or reopened file is a new
 * handle and is read afresh. saveOperator and removeOperator, the only writers of `operators`,
 * move the generation on once they are done, which forgets every answer — including one read
 * while they ran (it is not kept: its generation is stale by the time it would be).
 */
const named = new WeakMap<Db, { generation: number; named: boolean }>()
let generation = 0

async function operatorsChanged<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } finally {
    generation += 1
  }
}

/** True when the office has named at least one person (the start screen then asks who is working). */
export async function hasOperators(db: Db): Promise<boolean> {
  const known = named.get(db)
  if (known?.generation === generation) return known.named
  const asked = generation
  const row = await db.selectFrom('operators').select('id').where('active', '=', 1).limit(1).executeTakeFirst()
  if (asked === generation) named.set(db, { generation, named: !!row })
  return !!row
}

export async function findOperator(db: Db, id: number): Promise<OperatorRow & { pinHash: string | null }> {
  const row = await db
    .selectFrom('operators')
    .select(columns)
    .where('id', '=', id)
    .where('active', '=', 1)
    .executeTakeFirst()
  if (!row) throw notFound('操作人')
  return { ...toRow(row), pinHash: row.pin_hash }
}

/** Checks an operator's PIN (an operator without one needs none). */
export async function checkPin(db: Db, id: number, pin: string): Promise<OperatorRow> {
  const op = await findOperator(db, id)
  if (op.pinHash !== null && !(await pinMatches(pin, op.pinHash))) {
    throw new AppError('WRONG_PIN', '密码不对，请重新输入。')
  }
  const { pinHash: _hidden, ...row } = op
  return row
}

/** Adds (id null) or changes an operator; the active ones always keep at least one 管理员. */
export async function saveOperator(db: Db, id: number | null, input: OperatorInput): Promise<OperatorRow> {
  const pinHash = input.pin ? await hashPin(input.pin) : input.pin
  const roles = ROLES.filter((r) => input.roles.includes(r))
  return operatorsChanged(() =>
    inTransaction(db, async (trx) => {
      const now = nowIso()
      const clash = await trx
        .selectFrom('operators')
        .select('id')
        .where('active', '=', 1)
        .where('name', '=', input.name)
        .$if(id !== null, (q) => q.where('id', '!=', id!))
        .executeTakeFirst()
      if (clash)
        throw new AppError(
          'DUPLICATE',
          `已经有一位叫「${input.name}」的操作人了，请在名字后加上区分（如“王芳（东片）”）。`,
        )
      let saved: number
      if (id === null) {
        const row = await trx
          .insertInto('operators')
          .values({
            name: input.name,
            roles: JSON.stringify(roles),
            pin_hash: pinHash || null,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        saved = row.id
        await audit(trx, '新增', '操作人', saved, { name: input.name, roles, pin: pinHash ? '已设' : '无' })
      } else {
        await findOperator(trx, id)
        await trx
          .updateTable('operators')
          .set({
            name: input.name,
            roles: JSON.stringify(roles),
            ...(pinHash === '' ? {} : { pin_hash: pinHash }),
            updated_at: now,
          })
          .where('id', '=', id)
          .execute()
        saved = id
        const pin = pinHash === '' ? '不变' : pinHash ? '已改' : '取消'
        await audit(trx, '修改', '操作人', id, { name: input.name, roles, pin })
      }
      await keepAnAdministrator(trx)
      const { pinHash: _hidden, ...row } = await findOperator(trx, saved)
      return row
    }),
  )
}

/** Marks an operator inactive (the audit log keeps their name); the last 管理员 may not go while others remain. */
export async function removeOperator(db: Db, id: number): Promise<void> {
  await operatorsChanged(() =>
    inTransaction(db, async (trx) => {
      const op = await findOperator(trx, id)
      await trx.updateTable('operators').set({ active: 0, updated_at: nowIso() }).where('id', '=', id).execute()
      await audit(trx, '删除', '操作人', id, { name: op.name })
      await keepAnAdministrator(trx)
    }),
  )
}

async function keepAnAdministrator(db: Db): Promise<void> {
  const active = await listOperators(db)
  if (active.length > 0 && !active.some((o) => o.roles.includes('管理员'))) {
    throw new AppError(
      'NEEDS_ADMIN',
      '至少要有一位操作人是「管理员」，否则没有人能再登记操作人。请先给另一位勾上“管理员”。',
    )
  }
}

/** Seconds without a key press or click before the screen locks. */
export async function getIdleSeconds(db: Db): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'session').executeTakeFirst()
  const value = row ? Number((JSON.parse(row.value) as { idleSeconds?: unknown }).idleSeconds) : NaN
  return Number.isInteger(value) && value >= MIN_IDLE_SECONDS && value <= MAX_IDLE_SECONDS
    ? value
    : DEFAULT_IDLE_SECONDS
}

export async function saveIdleSeconds(db: Db, idleSeconds: number): Promise<number> {
  const value = JSON.stringify({ idleSeconds })
  const now = nowIso()
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('settings')
      .values({ key: 'session', value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute()
    await audit(trx, '修改', '锁屏时间', null, { idleSeconds })
  })
  return idleSeconds
}
