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
