import { performance } from 'node:perf_hooks'
import sqlite3 from 'sqlite3'
import { openDatabase } from '../electron/database/open-database'
import { dispatch } from '../electron/registry/dispatch'
import { registry } from '../electron/registry'
import { Session } from '../electron/registry/session'
const file = process.argv[2]!
const search = process.argv[3] ?? '王'
let cap: any[] | null = null
const opened = await openDatabase(file, { log: (e) => cap?.push(e.query) })
const S = new Session()
const host = new Proxy({} as any, { get: (_t, k) => (k === 'session' ? S : undefined) })
cap = []
const out = process.argv[4] === 'topics' ? await dispatch(registry, opened.db, host, 'topics.list', { search, limit: 20, offset: 0 }) : await dispatch(registry, opened.db, host, 'people.list', { search, page: 1, pageSize: 20 })
const qs = cap; cap = null
console.log((out as any).value?.total)
const raw = new sqlite3.Database(file, sqlite3.OPEN_READONLY)
for (const q of qs) {
  const t: number[] = []
  for (let i = 0; i < 30; i++) {
    const a = performance.now()
    await new Promise((ok, no) => raw.all(q.sql, q.parameters as any, (e, r) => (e ? no(e) : ok(r))))
    t.push(performance.now() - a)
  }
  t.sort((a, b) => a - b)
  console.log(t[15]!.toFixed(2), 'ms', q.sql.slice(0, 90))
}
await opened.close()
