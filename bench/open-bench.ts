/**
 * `npm run bench:open -- [--source /work/bench-data/x100.sqlite] [--dir /tmp/open-bench] [--runs 3]`
 *
 * On a COPY of a big demo file (never the shared one: opening migrates it):
 * 1. open-to-home time: openDatabase + the `home.reminders` handler, cold (the OS page cache
 *    dropped, as root: `echo 3 > /proc/sys/vm/drop_caches`; else said to be warm) and warm, for a
 *    file closed in order (the cheap checks only) and one whose last session did not close
 *    (`opened_at` left set: quick_check before use, as every open did before);
 * 2. the latency of a list call (`meetings.list`, one year) issued every 20 ms through the
 *    dispatcher as the transports call it, with nothing else running, while a backup runs
 *    (`data.backup`) and while the full integrity check runs (`data.integrityCheck`), both on a
 *    read-only connection in a low-priority side process (database/side-process.ts) — and, for
 *    comparison, while the same two statements hold the app's one connection, as they once did.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { execFileSync } from 'node:child_process'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import sqlite3 from 'sqlite3'
import { sql } from 'kysely'
import { openDatabase } from '../electron/database/open-database'
import { LiveDatabase } from '../electron/database/live-database'
import { dispatch } from '../electron/registry/dispatch'
import { registry } from '../electron/registry'
import { folderHostContext } from '../electron/transport/folder-host'
import { addDays } from '../shared/dates'
import { officeDate, nowIso } from '../shared/time'
import { ms, pct, printTable } from './bench-kit'

const { values } = parseArgs({
  options: {
    source: { type: 'string', default: '/work/bench-data/x100.sqlite' },
    dir: { type: 'string', default: '/tmp/open-bench' },
    runs: { type: 'string', default: '3' },
    /** Reuse the copy a previous run prepared. */
    reuse: { type: 'boolean', default: false },
    /** Only the open times, or only the latencies. */
    only: { type: 'string' },
  },
})
const source = resolve(values.source!)
const dir = resolve(values.dir!)
const runs = Number(values.runs)
const file = join(dir, 'data.sqlite')

/** Drops the OS page cache (root only). True when it did. */
function dropCaches(): boolean {
  try {
    execFileSync('sh', ['-c', 'sync && echo 3 > /proc/sys/vm/drop_caches'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

function rawRun(path: string, statement: string): Promise<void> {
  return new Promise((done, fail) => {
    const db = new sqlite3.Database(path, sqlite3.OPEN_READWRITE, (err) => {
      if (err) return fail(err)
      db.run(statement, (e) => db.close(() => (e ? fail(e) : done())))
    })
  })
}

async function prepare(): Promise<void> {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const wal = `${source}-wal`
  if (existsSync(wal) && statSync(wal).size > 0) {
    // Someone has it open with commits not yet checkpointed: a consistent copy, not a file copy.
    await new Promise<void>((done, fail) => {
      const db = new sqlite3.Database(source, sqlite3.OPEN_READONLY, (err) =>
        err ? fail(err) : db.run('vacuum into ?', [file], (e) => db.close(() => (e ? fail(e) : done()))),
      )
    })
  } else {
    copyFileSync(source, file)
  }
  // The first open migrates it (with the copy before an upgrade); every run after opens it as a clerk would.
  const first = await openDatabase(file)
  await first.close()
  rmSync(join(dir, '升级前备份'), { recursive: true, force: true })
}

async function openToHome(): Promise<{ ms: number; open: number; check: string }> {
  const started = performance.now()
  const opened = await openDatabase(file)
  const open = performance.now() - started
  await registry['home.reminders']!.run(opened.db, undefined, null as never)
  const took = performance.now() - started
  const check = `${opened.openCheck.check}（${opened.openCheck.reason}）`
  await opened.close()
  return { ms: took, open, check }
}

async function measureOpen(): Promise<void> {
  const cold = dropCaches()
  if (!cold) console.log('注意：不能清空系统文件缓存（需要 root），下面的“冷启动”其实是热的。')
  const rows: string[][] = []
  for (const shutdown of ['正常关闭', '上次没有正常关闭'] as const) {
    for (const temperature of ['冷', '热'] as const) {
      const times: number[] = []
      const opens: number[] = []
      let check = ''
      for (let i = 0; i < runs; i++) {
        if (temperature === '热') await openToHome() // warm the cache with one untimed run
        if (shutdown === '上次没有正常关闭') {
          // As a killed session leaves it (its -wal aside, which only adds to the check).
          await rawRun(file, `update database_state set opened_at = '${nowIso()}' where id = 1`)
        }
        if (temperature === '冷') dropCaches()
        const r = await openToHome()
        times.push(r.ms)
        opens.push(r.open)
        check = r.check
      }
      times.sort((a, b) => a - b)
      opens.sort((a, b) => a - b)
      rows.push([
        shutdown,
        cold || temperature === '热' ? temperature : '热(未能清缓存)',
        ms(pct(opens, 50)),
        ms(pct(times, 50)),
        ms(times[times.length - 1]!),
        check,
      ])
    }
  }
  console.log(`\n打开到首页数字（openDatabase + home.reminders），${runs} 次，毫秒，${statSync(file).size} 字节`)
  printTable(['上次关闭', '缓存', '打开 p50', '到首页数字 p50', '到首页数字 最大', '打开时的检查'], rows)
}

async function measureLatency(): Promise<void> {
  const live = await LiveDatabase.open(file)
  const backupDir = join(dir, 'backups')
  mkdirSync(backupDir, { recursive: true })
  const ctx = folderHostContext({ database: live, backupDir, exportDir: join(dir, 'exports') })
  const today = officeDate(nowIso())
  const listInput = { from: addDays(today, -365), to: today }

  /** Issues the list call every 20 ms while `work` runs (or for `idleMs`); returns the latencies. */
  async function during(work: (() => Promise<unknown>) | null, idleMs = 3000) {
    const latencies: number[] = []
    const pending: Array<Promise<void>> = []
    // The event loop's own stalls: what the machine's load adds to every call, whatever runs.
    const loopDelay = monitorEventLoopDelay({ resolution: 5 })
    loopDelay.enable()
    const timer = setInterval(() => {
      const started = performance.now()
      pending.push(
        dispatch(registry, live, ctx, 'meetings.list', listInput).then((r) => {
          if (!r.ok) throw new Error(JSON.stringify(r))
          latencies.push(performance.now() - started)
        }),
      )
    }, 20)
    const started = performance.now()
    if (work) {
      const r = (await work()) as { ok?: boolean } | undefined
      if (r && r.ok === false) throw new Error(JSON.stringify(r))
    } else await new Promise((r) => setTimeout(r, idleMs))
    const took = performance.now() - started
    clearInterval(timer)
    await Promise.all(pending)
    loopDelay.disable()
    latencies.sort((a, b) => a - b)
    return { took, latencies, loopMax: loopDelay.max / 1e6 }
  }

  const rows: string[][] = []
  const add = (label: string, r: { took: number; latencies: number[]; loopMax: number }) =>
    rows.push([
      label,
      ms(r.took),
      String(r.latencies.length),
      ms(pct(r.latencies, 50)),
      ms(pct(r.latencies, 95)),
      ms(r.latencies[r.latencies.length - 1]!),
      ms(r.loopMax),
    ])
  await during(null, 500) // warm up
  add('没有别的工作', await during(null))
  add('备份（低优先级旁路进程）', await during(() => dispatch(registry, live, ctx, 'data.backup', undefined)))
  add(
    '完整性检查（低优先级旁路进程）',
    await during(() => dispatch(registry, live, ctx, 'data.integrityCheck', undefined)),
  )
  const target = join(dir, 'main-connection-copy.sqlite')
  add('对照：备份占用主连接（改前）', await during(() => live.shared((db) => sql`vacuum into ${target}`.execute(db))))
  add(
    '对照：完整性检查占用主连接（改前）',
    await during(() => live.shared((db) => sql`pragma integrity_check`.execute(db))),
  )
  await live.close()
  console.log('\n每 20 毫秒发一次列表请求（meetings.list，一年）时的应答时间，毫秒')
  printTable(['同时在做', '该工作用时', '请求数', 'p50', 'p95', '最大', '事件循环最长停顿'], rows)
  for (const name of readdirSync(backupDir)) rmSync(join(backupDir, name), { force: true })
  rmSync(target, { force: true })
}

async function main(): Promise<void> {
  if (resolve(file) === source) throw new Error('不能在共享的演示文件上测')
  if (!values.reuse || !existsSync(file)) {
    console.log(`从 ${source} 复制到 ${file} …`)
    await prepare()
  }
  if (values.only !== 'latency') await measureOpen()
  if (values.only !== 'open') await measureLatency()
  writeFileSync(join(dir, 'done'), new Date().toISOString())
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
