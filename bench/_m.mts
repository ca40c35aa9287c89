import { performance } from 'node:perf_hooks'
import sqlite3 from 'sqlite3'
import { openDatabase } from '../electron/database/open-database'
import { dispatch } from '../electron/registry/dispatch'
import { registry } from '../electron/registry'
import { Session } from '../electron/registry/session'
import { nowIso } from '../shared/time'
const file = process.argv[2]!
let cap: any[] | null = null
const opened = await openDatabase(file, { log: (e) => cap?.push(e.query) })
const S = new Session()
const host = new Proxy({} as any, { get: (_t, k) => (k === 'session' ? S : undefined) })
const m = await opened.db.selectFrom('meetings').select('id').where('starts_at', '<', nowIso()).orderBy('starts_at', 'desc').executeTakeFirstOrThrow()
cap = []
const a = await dispatch(registry, opened.db, host, 'meetings.get', { id: m.id })
const b = await dispatch(registry, opened.db, host, 'meetings.attendance', { meetingId: m.id })
const qs = cap; cap = null
console.log(JSON.stringify(a).length, JSON.stringify(b).length)
const raw = new sqlite3.Database(file, sqlite3.OPEN_READONLY)
for (const q of qs) {
  const t: number[] = []
  let n = 0
  for (let i = 0; i < 30; i++) {
    const s = performance.now()
    const r: any[] = await new Promise((ok, no) => raw.all(q.sql, q.parameters as any, (e, r) => (e ? no(e) : ok(r))))
    n = r.length
    t.push(performance.now() - s)
  }
  t.sort((x, y) => x - y)
  console.log(t[15]!.toFixed(2), 'ms', n, 'rows', q.sql.slice(0, 110))
}
await opened.close()
