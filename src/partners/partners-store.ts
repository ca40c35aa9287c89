import { useExportJobs } from '../api/export-jobs'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import type { Out } from '../api/types'
import { importApi } from '../shell/import-api'

export type PartnerPage = Out<'partners.list'>
export type PartnerRow = PartnerPage['rows'][number]
export type PartnerDetail = Out<'partners.get'>
export type AgreementRow = Out<'partners.agreements'>[number]
export type AgreementPage = Out<'partners.agreement'>
export type CommitmentView = AgreementPage['commitments'][number]
export type PeriodView = CommitmentView['periods'][number]
export type PartnerInput = Parameters<typeof window.api.partners.create>[0]
export type AgreementInput = Omit<Parameters<typeof window.api.partners.createAgreement>[0], 'partnerId'>
export type CommitmentInput = Omit<Parameters<typeof window.api.partners.addCommitment>[0], 'agreementId'>
export type RenewInput = Omit<Parameters<typeof window.api.partners.renew>[0], 'id'>
export type PeriodListRow = Out<'partners.periods'>['rows'][number]

/** The partners list's filters, read from the address (/partners?search=咖啡&kind=企业). */
export const partnerFilters = (q: (key: string) => string) => ({ search: q('search').trim(), kind: q('kind') })

/**
 * 合伙人台账's calls to the main process. Saves throw an ApiError (FormDialog shows it); one-click
 * actions report through `attempt`. Money goes as whole fen and rates as 万分之一, parsed on the
 * screen with shared/money.ts and shared/partner-values.ts.
 */
export const usePartnersStore = defineStore('partners', () => {
  const options = ref<Array<{ id: number; name: string }>>([])

  function fetchPage(f: { search: string; kind: string }, page: { limit: number; offset: number }) {
    const kind =
      (['企业', '个体工商户', '社会组织', '驻区单位', '居民自组织'] as const).find((k) => k === f.kind) ?? null
    return window.api.partners.list({ search: f.search, kind, limit: page.limit, offset: page.offset })
  }

  /** Partners for a picker (the meeting form's 承办合伙人). */
  async function loadOptions(search = '') {
    const value = await attempt(() => call(window.api.partners.options({ search })))
    if (value) options.value = value
    return options.value
  }

  async function savePartner(id: number | null, p: PartnerInput): Promise<number> {
    if (id === null) return (await call(window.api.partners.create(p))).id
    await call(window.api.partners.update({ id, ...p }))
    return id
  }

  const partner = (id: number) => call(window.api.partners.get({ id }))
  const revealPhone = (id: number) => call(window.api.partners.revealPhone({ id }))
  const setMembers = (id: number, residentIds: number[]) => call(window.api.partners.setMembers({ id, residentIds }))
  const findResidents = (search: string) => call(window.api.people.list({ search, page: 1, pageSize: 30 }))

  const agreements = (q: { partnerId?: number | null; state?: AgreementRow['state'] | null; search?: string }) =>
    call(
      window.api.partners.agreements({
        partnerId: q.partnerId ?? null,
        state: q.state ?? null,
        search: q.search ?? '',
      }),
    )
  const agreement = (id: number) => call(window.api.partners.agreement({ id }))

  async function saveAgreement(id: number | null, partnerId: number, a: AgreementInput): Promise<number> {
    if (id === null) return (await call(window.api.partners.createAgreement({ partnerId, ...a }))).id
    await call(window.api.partners.updateAgreement({ id, partnerId, ...a }))
    return id
  }
  async function saveCommitment(id: number | null, agreementId: number, c: CommitmentInput) {
    if (id === null) await call(window.api.partners.addCommitment({ agreementId, ...c }))
    else await call(window.api.partners.updateCommitment({ id, ...c }))
  }
  const deleteCommitment = (id: number) =>
    attempt(() => call(window.api.partners.deleteCommitment({ id })), '已删除这一项')
  const sign = (id: number, signedOn: string) => call(window.api.partners.sign({ id, signedOn }))
  const renew = (id: number, r: RenewInput) => call(window.api.partners.renew({ id, ...r }))
  const terminate = (id: number, on: string, reason: string) => call(window.api.partners.terminate({ id, on, reason }))
  const voidIt = (id: number, reason: string) => call(window.api.partners.void({ id, reason }))

  const reportBase = (periodId: number, baseFen: number, note = '') =>
    call(window.api.partners.reportBase({ periodId, baseFen, note }))
  const recordCount = (periodId: number, doneCount: number, note = '') =>
    call(window.api.partners.recordCount({ periodId, doneCount, note }))
  const payments = (periodId: number) => call(window.api.partners.payments({ periodId }))
  const waive = (periodId: number, reason: string) => call(window.api.partners.waive({ periodId, reason }))
  const unwaive = (periodId: number) => attempt(() => call(window.api.partners.unwaive({ periodId })), '已取消豁免')
  const review = (periodId: number, reviewer: string) => call(window.api.partners.review({ periodId, reviewer }))
  const evidence = (periodId: number) => call(window.api.partners.evidence({ periodId }))
  const openEvidence = (id: number, how: 'open' | 'save') => call(window.api.partners.openEvidence({ id, how }))
  const addEvidence = (input: Parameters<typeof window.api.partners.addEvidence>[0]) =>
    call(window.api.partners.addEvidence(input))
  const addHolder = (input: Parameters<typeof window.api.partners.addHolder>[0]) =>
    call(window.api.partners.addHolder(input))
  const endHolder = (id: number, toDate: string) => call(window.api.partners.endHolder({ id, toDate }))

  function fetchPeriods(f: { filter: string }, page: { limit: number; offset: number }) {
    const filter = f.filter === 'unreviewed' ? 'unreviewed' : 'overdue'
    return window.api.partners.periods({ filter, limit: page.limit, offset: page.offset })
  }

  /** 合伙人台账 as an export job (progress and 取消 in the tray); resolves when the file is saved. */
  const exportLedger = (year: number) =>
    attempt(() => useExportJobs().run(window.api.export.partnerLedgerXlsx({ year })))

  /** 导入合伙人: the one import dialog's calls (shell/import-api.ts). */
  const importing = importApi({
    layout: (f) => window.api.partners.importLayout(f),
    preview: (q) => window.api.partners.importPreview(q),
    commit: (q) => window.api.partners.importCommit(q),
    problems: (q) => window.api.partners.importProblems(q),
    template: () => window.api.partners.importTemplate(),
  })

  return {
    importing,
    options,
    fetchPage,
    loadOptions,
    savePartner,
    partner,
    revealPhone,
    setMembers,
    findResidents,
    agreements,
    agreement,
    saveAgreement,
    saveCommitment,
    deleteCommitment,
    sign,
    renew,
    terminate,
    voidIt,
    reportBase,
    recordCount,
    payments,
    waive,
    unwaive,
    review,
    evidence,
    openEvidence,
    addEvidence,
    addHolder,
    endHolder,
    fetchPeriods,
    exportLedger,
  }
})
