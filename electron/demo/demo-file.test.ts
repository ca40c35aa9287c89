import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../database/open-database'
import { meetingsForTopics } from '../topics/demo/generate-followup'
import { defaultDemoOptions } from './generate-community'
import { demoOptions, writeDemoFile } from './demo-file'

/** `npm run demo` and the history benchmark share these: N× the demo means the same to both. */
describe('demoOptions', () => {
  const base = defaultDemoOptions(new Date('2026-06-15T04:00:00Z'))

  it('is the defaults when nothing is asked', () => {
    expect(demoOptions({}, base)).toEqual({
      years: base.years,
      buildings: base.buildings,
      households: base.households,
      residents: base.residents,
      meetingsPerYear: base.meetingsPerYear,
      fundEntries: base.fundEntries,
      partners: base.partners,
      mediationCases: base.mediationCases,
      contestProposals: base.contestProposals,
    })
  })

  it('multiplies the community and its meetings by --scale, and adds meetings for many topics', () => {
    const ten = demoOptions({ scale: 10, years: 30, meetingsPerYear: 6, topics: 6000, resolutions: 1500 }, base)
    expect(ten).toMatchObject({
      years: 30,
      topics: 6000,
      resolutions: 1500,
      buildings: base.buildings * 10,
      households: base.households * 10,
      residents: base.residents * 10,
      meetingsPerYear: Math.max(60, meetingsForTopics(6000, 30)),
    })
    // Few meetings a year and many topics: the topics decide, so an agenda holds about ten of them.
    const crowded = demoOptions({ years: 2, meetingsPerYear: 1, topics: 20_000 }, base)
    expect(crowded.meetingsPerYear).toBe(meetingsForTopics(20_000, 2))
    expect(crowded.meetingsPerYear).toBeGreaterThan(1)
  })

  it('refuses a value out of range, naming the option as the command line spells it', () => {
    expect(() => demoOptions({ scale: 101 }, base)).toThrow('--scale 应在 0.1 到 100 之间')
    expect(() => demoOptions({ years: Number('三') }, base)).toThrow('--years 应在 1 到 30 之间')
    expect(() => demoOptions({ meetingsPerYear: 601 }, base)).toThrow('--meetings-per-year 应在 1 到 600 之间')
  })
})

describe('writeDemoFile', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'desk-demo-file-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('fills a new file, refuses one that holds data, and starts afresh when forced', async () => {
    const file = join(dir, '新文件夹', 'demo.sqlite')
    const small = demoOptions({ scale: 0.1, years: 1, meetingsPerYear: 100, topics: 30, resolutions: 5, seed: 3 })
    const made = await writeDemoFile(file, small)
    expect(made).toMatchObject({ buildings: 3, residents: 300, meetings: 10 })
    expect(made.followup.topics).toBe(30)

    await expect(writeDemoFile(file, small)).rejects.toThrow('已经有数据')
    const again = await writeDemoFile(file, { ...small, seed: 4 }, { force: true })
    const opened = await openDatabase(file)
    try {
      const n = await opened.db
        .selectFrom('topics')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      expect(Number(n.n)).toBe(again.followup.topics)
    } finally {
      await opened.close()
    }
  })
})
