import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { createSubfund } from '../fund/ledger-service'
import { listEntries } from '../fund/ledger-reads'
import { publicNotice } from '../fund/papers-service'
import { councilFunds, recordCouncilFunds } from './council-funds'

/** Money the elder council raised goes to the charity fund as 乡贤筹款, with the council as its source. */
let t: TempDb
let subfund: number
const NOW = '2026-06-20T02:00:00.000Z'
beforeEach(async () => {
  t = await openTempDb()
  subfund = (await createSubfund(t.db, { name: '社区公益综合', restriction: '非限定性', purpose: '' }, NOW)).id
})
afterEach(() => t.cleanup())

describe('elder council fundraising', () => {
  it('posts a 乡贤筹款 entry naming the council, linked in the same transaction; the fund shows no party data', async () => {
    const r = await recordCouncilFunds(
      t.db,
      {
        council: '幸福里乡贤理事会',
        subfundId: subfund,
        amount: 500_000,
        raisedOn: '2026-06-18',
        summary: '重阳敬老筹款',
      },
      NOW,
    )
    const page = await listEntries(t.db, {
      subfundId: null,
      year: null,
      direction: null,
      search: '',
      limit: 10,
      offset: 0,
    })
    expect(page.rows).toHaveLength(1)
    expect(page.rows[0]).toMatchObject({ kind: '乡贤筹款', counterparty: '幸福里乡贤理事会', amount: 500_000 })
    expect(await councilFunds(t.db)).toMatchObject({
      total: 500_000,
      rows: [{ council: '幸福里乡贤理事会', entryId: r.entryId }],
    })
    const notice = JSON.stringify(await publicNotice(t.db, { from: '2026-01-01', to: '2026-12-31' }))
    expect(notice).toContain('幸福里乡贤理事会')

    // A date the fund refuses (in the future) leaves neither an entry nor a link.
    await expect(
      recordCouncilFunds(
        t.db,
        { council: '幸福里乡贤理事会', subfundId: subfund, amount: 100, raisedOn: '2026-07-01', summary: '' },
        NOW,
      ),
    ).rejects.toThrow()
    expect((await councilFunds(t.db)).rows).toHaveLength(1)
    await expect(
      recordCouncilFunds(
        t.db,
        { council: ' ', subfundId: subfund, amount: 100, raisedOn: '2026-06-01', summary: '' },
        NOW,
      ),
    ).rejects.toThrow(/乡贤理事会/)
  })
})
