import { defineStore } from 'pinia'
import { call } from '../api/call'
import { revealValue } from '../shell/reveal'

type Api = typeof window.api.mediation
export type CaseInput = Parameters<Api['create']>[0]
export type PartyInput = NonNullable<CaseInput['parties']>[number]
export type SessionInput = Parameters<Api['addSession']>[0]
export type AgreementInput = Parameters<Api['saveAgreement']>[0]
export type VisitInput = Parameters<Api['visit']>[0]

/** The case list's filters, as read from the address (/mediation?status=进行中&search=王). */
export interface CaseFilters {
  year: number | null
  status: Parameters<Api['cases']>[0]['status']
  disputeType: Parameters<Api['cases']>[0]['disputeType']
  search: string
  attention: Parameters<Api['cases']>[0]['attention']
}

/** An empty person for the intake form and the party dialog. */
export function blankParty(side: PartyInput['side']): Required<PartyInput> {
  return {
    side,
    kind: '个人',
    residentId: null,
    name: '',
    gender: '',
    ethnicity: '',
    birthDate: null,
    occupation: '',
    phone: '',
    address: '',
    idNumber: '',
    creditCode: '',
    legalRep: '',
    claim: '',
    safety: false,
  }
}

/**
 * 乡贤调解案卷's calls to the main process. Nothing is kept between visits: each screen reads
 * afresh. Every action throws an ApiError with a Chinese message; dialogs show it through FormDialog.
 */
export const useMediationStore = defineStore('mediation', () => {
  const m = () => window.api.mediation
  return {
    fetchPage: (f: CaseFilters, page: { limit: number; offset: number }) => m().cases({ ...f, ...page }),
    open: (id: number) => call(m().open({ id })),
    create: (input: CaseInput) => call(m().create(input)),
    disputeTopics: () => call(m().disputeTopics()),
    findResidents: (search: string) => call(window.api.people.list({ search, page: 1, pageSize: 30 })),
    addParty: (caseId: number, party: PartyInput) => call(m().addParty({ caseId, party })),
    addAgent: (caseId: number, agent: Parameters<Api['addAgent']>[0]['agent']) => call(m().addAgent({ caseId, agent })),
    addStaff: (input: Parameters<Api['addStaff']>[0]) => call(m().addStaff(input)),
    declare: (input: Parameters<Api['declare']>[0]) => call(m().declare(input)),
    rightsNotice: (caseId: number, on: string) => call(m().rightsNotice({ caseId, on })),
    addSession: (input: SessionInput) => call(m().addSession(input)),
    readBack: (sessionId: number) => call(m().readBack({ sessionId })),
    extend: (input: Parameters<Api['extend']>[0]) => call(m().extend(input)),
    end: (input: Parameters<Api['end']>[0]) => call(m().end(input)),
    saveAgreement: (input: AgreementInput) => call(m().saveAgreement(input)),
    agreementPaper: (caseId: number) =>
      Promise.all([call(m().agreementPaper({ caseId })), call(window.api.community.overview())]),
    sign: (caseId: number, signedOn: string) => call(m().sign({ caseId, signedOn })),
    perform: (input: Parameters<Api['perform']>[0]) => call(m().perform(input)),
    confirm: (input: Parameters<Api['confirm']>[0]) => call(m().confirm(input)),
    close: (caseId: number) => call(m().close({ caseId, on: null })),
    visit: (input: VisitInput) => call(m().visit(input)),
    raiseAlert: (input: Parameters<Api['raiseAlert']>[0]) => call(m().raiseAlert(input)),
    resolveAlert: (input: Parameters<Api['resolveAlert']>[0]) => call(m().resolveAlert(input)),
    dossier: (caseId: number) => call(m().dossier({ caseId })),
    archive: (input: Parameters<Api['archive']>[0]) => call(m().archive(input)),
    /** A party's full value through the one mechanism (reveal.show): reason required, audited. */
    reveal: async (input: { partyId: number; field: 'idNumber' | 'phone' | 'address'; reason: string }) => ({
      value: await revealValue(`mediationParty.${input.field}`, input.partyId, input.reason),
    }),
    statistics: (year: number) => call(m().statistics({ year })),
    freezeMonth: (month: string) => call(m().freezeMonth({ month })),
    exportProfile: (input: Parameters<Api['export']>[0]) => call(m().export(input)),
    /** Reads a scan the clerk picked and keeps a copy with its dossier document; a PDF's pages are counted. */
    async addScan(caseId: number, document: Parameters<Api['addScan']>[0]['document'], file: File) {
      const bytes = new Uint8Array(await file.arrayBuffer())
      let binary = ''
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      const pages = /\.pdf$/i.test(file.name) ? Math.max(1, (binary.match(/\/Type\s*\/Page(?!s)/g) ?? []).length) : 1
      return call(
        m().addScan({
          caseId,
          document,
          fileName: file.name,
          pages: Math.min(pages, 500),
          contentBase64: btoa(binary),
        }),
      )
    },
    councilFunds: () => call(m().councilFunds()),
    recordCouncilFunds: (input: Parameters<Api['recordCouncilFunds']>[0]) => call(m().recordCouncilFunds(input)),
    subfunds: () => call(window.api.fund.subfunds()),
  }
})
