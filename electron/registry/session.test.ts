import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../database/open-database'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { joinHandlers, registry } from '.'
import { handler } from './define'
import { noInput } from './fields'
import { currentOperator } from './session'
import { dispatch } from './dispatch'
import type { HostContext } from './define'
import { Session } from './session'
import { hashPin, pinMatches, saveOperator } from '../settings/operators-service'
import * as roster from '../people/roster-service'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => {
  await t.cleanup()
})

/** A caller with its own session (as a transport holds one), on a clock the test moves. */
function caller(clock = { now: 1_000_000 }) {
  const session = new Session(() => clock.now)
  const ctx: HostContext = Object.create(t.ctx, { session: { value: session } })
  const call = (channel: string, input?: unknown) => dispatch(registry, t.live, ctx, channel, input)
  return { session, ctx, call, clock }
}

const lastAudit = () =>
  t.db
    .selectFrom('audit_log')
    .select(['action', 'entity', 'entity_id', 'detail', 'operator_id', 'operator_name'])
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow()

describe('PIN', () => {
  it('is kept as a salted scrypt hash: two hashes of one PIN differ, both verify, a wrong PIN does not', async () => {
    const a = await hashPin('2468')
    const b = await hashPin('2468')
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain('2468')
    expect(await pinMatches('2468', a)).toBe(true)
    expect(await pinMatches('2468', b)).toBe(true)
    expect(await pinMatches('2469', a)).toBe(false)
    await expect(hashPin('12a4')).rejects.toMatchObject({ message: '密码是 4 到 12 位数字' })
  })
})

describe('who is at the keyboard', () => {
  it('an office that has named nobody works as one unnamed operator, and the audit log says so', async () => {
    const { call } = caller()
    expect(await call('session.state')).toMatchObject({ ok: true, value: { mode: 'unnamed', choices: [] } })
    const made = await call('people.create', { name: '王芳', buildingId: null, phone: '13812345678', tags: [] })
    expect(made.ok).toBe(true)
    await call('people.delete', { id: (made as { value: { id: number } }).value.id })
    expect(await lastAudit()).toMatchObject({ action: '删除', operator_id: null, operator_name: '未登记操作人' })
  })

  it('naming the first person needs a 管理员, continues the session as them, and from then on every caller must choose', async () => {
    const first = caller()
    expect(
      await first.call('settings.saveOperator', { id: null, name: '张主任', roles: ['主任'], pin: '' }),
    ).toMatchObject({
      ok: false,
      code: 'NEEDS_ADMIN',
    })
    const saved = await first.call('settings.saveOperator', {
      id: null,
      name: '张主任',
      roles: ['管理员', '主任'],
      pin: '1357',
    })
    expect(saved).toMatchObject({ ok: true, value: { name: '张主任', hasPin: true } })
    expect(await first.call('session.state')).toMatchObject({
      value: { mode: 'signedIn', operator: { name: '张主任' } },
    })

    const other = caller()
    expect(await other.call('people.list', {})).toEqual({ ok: false, code: 'SIGN_IN', message: '请先选择操作人。' })
    expect(await other.call('session.state')).toMatchObject({
      value: { mode: 'signedOut', choices: [{ name: '张主任', hasPin: true }] },
    })
    const id = (saved as { value: { id: number } }).value.id
    expect(await other.call('session.signIn', { operatorId: id, pin: '0000' })).toMatchObject({
      ok: false,
      code: 'WRONG_PIN',
      message: '密码不对，请重新输入。',
    })
    // The page cannot name itself an operator: a sign-in without the PIN is refused.
    expect(await other.call('session.signIn', { operatorId: id })).toMatchObject({ ok: false, code: 'WRONG_PIN' })
    expect(await other.call('session.signIn', { operatorId: id, pin: '1357' })).toMatchObject({ ok: true })
    expect(await lastAudit()).toMatchObject({ action: '登录', operator_id: id, operator_name: '张主任' })
    expect((await other.call('people.list', {})).ok).toBe(true)

    // A person named with the password box left empty has none, and signs in without one.
    const clerk = await first.call('settings.saveOperator', { id: null, name: '小王', roles: [], pin: '' })
    expect(clerk).toMatchObject({ ok: true, value: { name: '小王', hasPin: false } })
    const third = caller()
    const clerkId = (clerk as { value: { id: number } }).value.id
    expect(await third.call('session.signIn', { operatorId: clerkId })).toMatchObject({ ok: true })
    // Editing with the box empty keeps a password; null removes it.
    await first.call('settings.saveOperator', { id, name: '张主任', roles: ['管理员', '主任'], pin: '' })
    expect(await first.call('settings.operators')).toMatchObject({
      value: {
        operators: [
          { name: '小王', hasPin: false },
          { name: '张主任', hasPin: true },
        ],
      },
    })
    await first.call('settings.saveOperator', { id, name: '张主任', roles: ['管理员', '主任'], pin: null })
    expect(await first.call('settings.operators')).toMatchObject({
      value: {
        operators: [
          { name: '小王', hasPin: false },
          { name: '张主任', hasPin: false },
        ],
      },
    })
  })

  it('every audit entry of every module names the operator of the call', async () => {
    const op = await saveOperator(t.db, null, { name: '李明', roles: ['管理员'], pin: null })
    const { call } = caller()
    await call('session.signIn', { operatorId: op.id })
    const resident = await call('people.create', { name: '王芳', buildingId: null, phone: '', tags: [] })
    await call('people.delete', { id: (resident as { value: { id: number } }).value.id })
    await call('settings.saveIdle', { idleSeconds: 600 })
    const rows = await t.db
      .selectFrom('audit_log')
      .select(['entity', 'operator_id', 'operator_name'])
      .where('action', '!=', '登录')
      .where('entity', '!=', '操作人')
      .execute()
    expect(rows.map((r) => r.entity)).toEqual(['居民', '锁屏时间'])
    for (const row of rows) expect(row).toMatchObject({ operator_id: op.id, operator_name: '李明' })
  })

  it('locks after the idle time: only the lock screen is answered until the PIN is given again', async () => {
    const op = await saveOperator(t.db, null, { name: '李明', roles: ['管理员'], pin: '2468' })
    const { call, clock } = caller()
    await call('session.signIn', { operatorId: op.id, pin: '2468' })
    await call('settings.saveIdle', { idleSeconds: 60 })
    clock.now += 59_000
    expect((await call('session.touch')).ok).toBe(true)
    clock.now += 59_000
    expect((await call('people.list', {})).ok).toBe(true)
    clock.now += 60_000
    expect(await call('people.list', {})).toMatchObject({ ok: false, code: 'LOCKED' })
    expect(await call('session.state')).toMatchObject({ value: { mode: 'locked', operator: { name: '李明' } } })
    expect(await call('session.unlock', { pin: '1111' })).toMatchObject({ ok: false, code: 'WRONG_PIN' })
    expect(await call('people.list', {})).toMatchObject({ ok: false, code: 'LOCKED' })
    expect(await call('session.unlock', { pin: '2468' })).toMatchObject({ ok: true })
    expect((await call('people.list', {})).ok).toBe(true)
    // 锁定 by hand, and 换人 leaves nobody signed in.
    await call('session.lock')
    expect(await call('people.list', {})).toMatchObject({ ok: false, code: 'LOCKED' })
    await call('session.signOut')
    expect(await call('people.list', {})).toMatchObject({ ok: false, code: 'SIGN_IN' })
  })

  it('after five wrong PINs the next try waits', async () => {
    const op = await saveOperator(t.db, null, { name: '李明', roles: ['管理员'], pin: '2468' })
    const { call, clock } = caller()
    for (let i = 0; i < 5; i++) await call('session.signIn', { operatorId: op.id, pin: '0000' })
    expect(await call('session.signIn', { operatorId: op.id, pin: '2468' })).toMatchObject({
      ok: false,
      code: 'WAIT',
      message: '密码输错次数太多，请等 30 秒再试。',
    })
    clock.now += 30_000
    expect((await call('session.signIn', { operatorId: op.id, pin: '2468' })).ok).toBe(true)
  })
})

describe('whether anyone is named is known without asking the file on every call', () => {
  it('an unnamed office reads it once; naming the first person refuses the next call of every unnamed session, removing the last opens them again', async () => {
    const statements: string[] = []
    const logged = await openDatabase(join(t.dir, 'logged.sqlite'), { log: (e) => statements.push(e.query.sql) })
    try {
      const session = (s = new Session()) => Object.create(t.ctx, { session: { value: s } }) as HostContext
      const [a, b] = [session(), session()]
      const call = (ctx: HostContext, channel: string, input?: unknown) =>
        dispatch(registry, logged.db, ctx, channel, input)
      const asksOperators = () => statements.filter((q) => /from "operators"/.test(q)).length
      for (let i = 0; i < 3; i++) expect((await call(i % 2 ? a : b, 'people.list', {})).ok).toBe(true)
      expect(asksOperators()).toBe(1)

      const saved = await call(a, 'settings.saveOperator', { id: null, name: '张主任', roles: ['管理员'], pin: '' })
      expect(saved).toMatchObject({ ok: true, value: { name: '张主任' } })
      expect(await call(b, 'people.list', {})).toEqual({ ok: false, code: 'SIGN_IN', message: '请先选择操作人。' })
      expect(await call(session(), 'people.list', {})).toMatchObject({ ok: false, code: 'SIGN_IN' })

      const id = (saved as { value: { id: number } }).value.id
      expect(await call(a, 'settings.removeOperator', { id })).toMatchObject({ ok: true })
      expect((await call(b, 'people.list', {})).ok).toBe(true)
      expect(await call(b, 'session.state')).toMatchObject({ value: { mode: 'unnamed' } })
    } finally {
      await logged.close()
    }
  })

  it('a data file swapped under the app (a restore) is asked afresh', async () => {
    const other = await openDatabase(join(t.dir, 'named.sqlite'))
    await saveOperator(other.db, null, { name: '李明', roles: ['管理员'], pin: null })
    await other.close()
    const { call } = caller()
    expect((await call('people.list', {})).ok).toBe(true)
    await t.live.exclusive(() =>
      t.live.replaceFile(
        async (file) => copyFileSync(join(t.dir, 'named.sqlite'), file),
        async () => undefined,
      ),
    )
    expect(await call('people.list', {})).toMatchObject({ ok: false, code: 'SIGN_IN' })
  })
})

describe('role gating', () => {
  it('a gated call is refused in Chinese to an operator without the mark, and opens for one with it', async () => {
    await saveOperator(t.db, null, { name: '管理员甲', roles: ['管理员'], pin: null })
    const clerk = await saveOperator(t.db, null, { name: '普通乙', roles: [], pin: null })
    const { call } = caller()
    await call('session.signIn', { operatorId: clerk.id })
    const refused = await call('settings.operators')
    expect(refused).toEqual({
      ok: false,
      code: 'FORBIDDEN_ROLE',
      message: '「操作人设置」只有管理员能打开。如需使用，请管理员在「设置」里给您加上相应的身份。',
    })
    expect(
      await call('settings.saveOperator', { id: clerk.id, name: '普通乙', roles: ['管理员'], pin: '' }),
    ).toMatchObject({
      code: 'FORBIDDEN_ROLE',
    })
    // Nothing changed: the clerk did not make themself an administrator.
    expect(await t.db.selectFrom('operators').select('roles').where('id', '=', clerk.id).executeTakeFirst()).toEqual({
      roles: '[]',
    })
    // Ungated calls stay open to everyone.
    expect((await call('people.list', {})).ok).toBe(true)
    expect((await call('settings.get')).ok).toBe(true)
  })

  it("a module's access guards each of its calls; a handler sees who it runs for (the casebook's pattern)", async () => {
    const casebook = joinHandlers([
      {
        access: { roles: ['调解员', '主任', '乡贤'], what: '调解案卷' },
        handlers: {
          'cases.list': handler({
            input: noInput,
            run: async (_db, _i, ctx) => {
              const op = currentOperator(ctx)
              // Elders see only their own cases: the handler decides by the operator it is given.
              return { who: op.name, onlyOwn: op.roles.includes('乡贤') && !op.roles.includes('调解员') }
            },
          }),
          'cases.hint': handler({ input: noInput, beforeSignIn: true, run: async () => 'open' }),
        },
      },
    ])
    await saveOperator(t.db, null, { name: '管理员甲', roles: ['管理员'], pin: null })
    const clerk = await saveOperator(t.db, null, { name: '普通乙', roles: [], pin: null })
    const elder = await saveOperator(t.db, null, { name: '刘乡贤', roles: ['乡贤'], pin: null })
    const asClerk = caller()
    await asClerk.call('session.signIn', { operatorId: clerk.id })
    expect(await dispatch(casebook, t.live, asClerk.ctx, 'cases.list', undefined)).toEqual({
      ok: false,
      code: 'FORBIDDEN_ROLE',
      message: '「调解案卷」只有调解员或主任或乡贤能打开。如需使用，请管理员在「设置」里给您加上相应的身份。',
    })
    expect(await dispatch(casebook, t.live, asClerk.ctx, 'cases.hint', undefined)).toEqual({ ok: true, value: 'open' })
    const asElder = caller()
    await asElder.call('session.signIn', { operatorId: elder.id })
    expect(await dispatch(casebook, t.live, asElder.ctx, 'cases.list', undefined)).toEqual({
      ok: true,
      value: { who: '刘乡贤', onlyOwn: true },
    })
  })

  it("the app's registry: operator calls are the 管理员's, the session calls are never gated", () => {
    // settings is not a gated module, but its operator calls are; the session calls are never gated.
    expect(registry['settings.operators'].access?.roles).toEqual(['管理员'])
    expect(registry['settings.get'].access).toBeUndefined()
    expect(registry['session.signIn'].access).toBeUndefined()
  })
})

describe('reveal.show: a full value needs a reason and is audited', () => {
  it('refuses without a reason, saves nothing; with one, shows the value and logs who, what, which and why', async () => {
    const op = await saveOperator(t.db, null, { name: '李明', roles: ['管理员'], pin: null })
    const { call } = caller()
    await call('session.signIn', { operatorId: op.id })
    const r = await roster.createResident(t.db, {
      name: '王芳',
      buildingId: null,
      unit: '',
      room: '',
      phone: '13812345678',
      tags: [],
      note: '',
    })
    const before = await t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst()
    for (const reason of ['', '   ', undefined]) {
      expect(await call('reveal.show', { kind: 'resident.phone', id: r.id, reason })).toEqual({
        ok: false,
        code: 'INVALID_INPUT',
        message: '请填写「查看原因」',
      })
    }
    expect(await call('reveal.show', { kind: 'resident.address', id: r.id, reason: '核对' })).toMatchObject({
      ok: false,
      // Every module's registered kinds are offered (the casebook's parties too), and no other.
      message: '「要显示的信息」只能选：居民电话、居民身份证号、当事人身份证号、当事人电话、当事人住址',
    })
    expect(
      await t.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst(),
    ).toEqual(before)
    expect(await call('reveal.show', { kind: 'resident.phone', id: r.id, reason: '通知开会' })).toEqual({
      ok: true,
      value: { value: '13812345678' },
    })
    expect(await lastAudit()).toEqual({
      action: '查看',
      entity: '居民电话',
      entity_id: r.id,
      detail: JSON.stringify({ 原因: '通知开会' }),
      operator_id: op.id,
      operator_name: '李明',
    })
  })
})
