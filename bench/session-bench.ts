/**
 * `npx tsx bench/session-bench.ts`: what deciding the operator costs each call. The same cheap call
 * (settings.get) through dispatch, on a LiveDatabase, as (a) an office that has named nobody (one
 * indexed look-up of "is anyone named?" per call), (b) a signed-in operator (no look-up), and the
 * call's service alone for comparison; plus one PIN check (scrypt, once per sign-in or unlock).
 */
import { join } from 'node:path'
import { openTempDb } from '../electron/testing/temp-db'
import { registry } from '../electron/registry'
import { dispatch } from '../electron/registry/dispatch'
import type { HostContext } from '../electron/registry/define'
import { Session } from '../electron/registry/session'
import { getUiSettings } from '../electron/settings/settings-service'
import { hashPin, pinMatches, saveOperator } from '../electron/settings/operators-service'
import { ms, pct, printTable } from './bench-kit'

const RUNS = 3000

async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  for (let i = 0; i < 200; i++) await fn()
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    out.push(performance.now() - t0)
  }
  return out.sort((a, b) => a - b)
}

async function main() {
  const t = await openTempDb()
  try {
    const ctxFor = (session: Session): HostContext => Object.create(t.ctx, { session: { value: session } })
    const unnamed = ctxFor(new Session())
    const service = await time(() => t.live.shared((db) => getUiSettings(db)))
    const a = await time(() => dispatch(registry, t.live, unnamed, 'settings.get', undefined))
    const op = await saveOperator(t.db, null, { name: '管理员甲', roles: ['管理员'], pin: '2468' })
    const signed = ctxFor(new Session())
    await dispatch(registry, t.live, signed, 'session.signIn', { operatorId: op.id, pin: '2468' })
    const b = await time(() => dispatch(registry, t.live, signed, 'settings.get', undefined))
    const hash = await hashPin('2468')
    const pin = await time(() => pinMatches('2468', hash), 20)
    const row = (name: string, v: number[]) => [name, ms(pct(v, 50)), ms(pct(v, 95)), `${v.length}`]
    console.log(`数据文件：${join(t.dir, 'test.sqlite')}`)
    printTable(
      ['调用', 'p50 ms', 'p95 ms', '次数'],
      [
        row('服务本身（settings.get，不经 dispatch）', service),
        row('dispatch：未登记操作人（每次查有没有人登记）', a),
        row('dispatch：已选操作人', b),
        row('核对一次密码（scrypt N=2^15）', pin),
      ],
    )
  } finally {
    await t.cleanup()
  }
}

void main()
