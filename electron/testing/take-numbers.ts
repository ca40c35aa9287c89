// Test helper run as its own process: `tsx take-numbers.ts <file> <count> <startAtMs>` waits for the
// common start time, takes numbers from the 'shared' sequence through its own connection and prints
// them as JSON (see unit-of-work.test.ts).
import { openDatabase } from '../database/open-database'
import { nextNumber } from '../database/numbering'

async function main(): Promise<void> {
  const [file, count, startAt] = process.argv.slice(2)
  const opened = await openDatabase(file!)
  await new Promise((go) => setTimeout(go, Math.max(0, Number(startAt) - Date.now())))
  const got: number[] = []
  for (let i = 0; i < Number(count); i++) got.push(await nextNumber(opened.db, 'shared', 2026))
  await opened.close()
  console.log(JSON.stringify(got))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
