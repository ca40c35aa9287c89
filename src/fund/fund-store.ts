import { useExportJobs } from '../api/export-jobs'
import { defineStore } from 'pinia'
import { call } from '../api/call'

export type EntryInput = Parameters<typeof window.api.fund.post>[0]
export type SubfundInput = Parameters<typeof window.api.fund.createSubfund>[0]

/** The entry list's filters, as read from the address (/fund?subfund=2&year=2026&direction=支出). */
export interface EntryFilters {
  subfundId: number | null
  year: number | null
  direction: '收入' | '支出' | null
  search: string
}

/**
 * 公益基金's calls to the main process. Nothing is kept between visits: each screen reads afresh.
 * Every action throws an ApiError with a Chinese message; dialogs show it through FormDialog.
 */
export const useFundStore = defineStore('fund', () => {
  const subfunds = () => call(window.api.fund.subfunds())
  const createSubfund = (input: SubfundInput) => call(window.api.fund.createSubfund(input))
  const fetchPage = (f: EntryFilters, page: { limit: number; offset: number }) =>
    window.api.fund.entries({ ...f, ...page })
  const entry = (id: number) => call(window.api.fund.entry({ id }))
  const post = (input: EntryInput) => call(window.api.fund.post(input))
  const incomePartners = (search: string) => call(window.api.fund.incomePartners({ search }))
  const periodsOwing = (partnerId: number) => call(window.api.fund.periodsOwing({ partnerId }))
  const periodToPay = (periodId: number) => call(window.api.fund.periodToPay({ periodId }))
  const postPartnerIncome = (input: Parameters<typeof window.api.fund.postPartnerIncome>[0]) =>
    call(window.api.fund.postPartnerIncome(input))
  const reverse = (id: number, reason: string) => call(window.api.fund.reverse({ id, reason, entryDate: null }))
  const statement = (subfundId: number, year: number) => call(window.api.fund.statement({ subfundId, year }))
  const reconciliation = () => call(window.api.fund.reconciliation())
  const enterStatement = (month: string, statementBalance: string) =>
    call(window.api.fund.enterStatement({ month, statementBalance }))
  const explainDifference = (month: string, explanation: string) =>
    call(window.api.fund.explainDifference({ month, explanation }))
  /** Reads a file the clerk picked and keeps a copy with the entry. */
  async function addEvidence(entryId: number, file: File) {
    const bytes = new Uint8Array(await file.arrayBuffer())
    let binary = ''
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
    return call(window.api.fund.addEvidence({ entryId, fileName: file.name, contentBase64: btoa(binary) }))
  }
  const evidence = (id: number) => call(window.api.fund.evidence({ id }))
  const openEvidence = (id: number, how: 'open' | 'save') => call(window.api.fund.openEvidence({ id, how }))
  const receipt = (id: number) =>
    Promise.all([call(window.api.fund.receipt({ id })), call(window.api.community.overview())])
  const publicNotice = (from: string, to: string) => call(window.api.fund.publicNotice({ from, to }))
  /** 收支明细 as an export job (progress and 取消 in the tray); null when the save dialog was closed. */
  const exportXlsx = (year: number) => useExportJobs().run(window.api.export.fundXlsx({ year }))
  return {
    subfunds,
    createSubfund,
    fetchPage,
    entry,
    post,
    incomePartners,
    periodsOwing,
    periodToPay,
    postPartnerIncome,
    reverse,
    statement,
    reconciliation,
    enterStatement,
    explainDifference,
    addEvidence,
    evidence,
    openEvidence,
    receipt,
    publicNotice,
    exportXlsx,
  }
})
