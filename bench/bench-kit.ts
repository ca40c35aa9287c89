import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
/** What every benchmark prints with: percentiles of sorted timings, millisecond text, and a table. */

/** The p-th percentile (nearest rank) of ascending-sorted values. */
export function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1))

/** Pads by display width (a CJK character is two columns); first and last columns left-aligned. */
export function printTable(head: string[], rows: string[][]): void {
  const width = (s: string) => [...s].reduce((w, ch) => w + (ch.codePointAt(0)! > 0x2e7f ? 2 : 1), 0)
  const cols = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))))
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === 0 || i === cells.length - 1 ? c + ' '.repeat(cols[i]! - width(c)) : ' '.repeat(cols[i]! - width(c)) + c,
      )
      .join('  ')
      .trimEnd()
  console.log(line(head))
  console.log(cols.map((w) => '-'.repeat(w)).join('  '))
  for (const r of rows) console.log(line(r))
}

/**
 * Wall-clock times of a service call and of its raw SQL, run alternately, so a burst of other work
 * on a shared machine stretches both sides alike and the ratio stays meaningful. Both ascending.
 */
export async function timePairs(
  n: number,
  service: () => Promise<unknown>,
  raw: () => Promise<unknown>,
): Promise<{ s: number[]; r: number[] }> {
  const s: number[] = []
  const r: number[] = []
  for (let i = 0; i < n; i++) {
    let start = performance.now()
    await service()
    s.push(performance.now() - start)
    start = performance.now()
    await raw()
    r.push(performance.now() - start)
  }
  const up = (a: number, b: number) => a - b
  return { s: s.sort(up), r: r.sort(up) }
}

/** Other work on the machine stretches every timing: say so, so a FAIL is read for what it is. */
export function warnIfBusy(loadDuringRun: number): void {
  const busy = Math.max(loadDuringRun, loadavg()[0]!)
  if (busy > cpus().length) {
    console.log(
      `⚠ 计时期间机器负载 ${busy.toFixed(1)}（${cpus().length} 核），墙钟时间偏大；请在空闲时重跑（加 --reuse）。`,
    )
  }
}
