import { defineStore } from 'pinia'
import { useExportJobs } from '../api/export-jobs'
import { call } from '../api/call'

type Api = typeof window.api.contest
export type ContestInput = Parameters<Api['create']>[0]
export type ProposalInput = Parameters<Api['createProposal']>[0]
export type Cell = { proposalId: number; criterionId: number; score: number }

/**
 * 提案大赛's calls to the main process. Nothing is kept between visits: each screen reads afresh.
 * Every action throws an ApiError with a Chinese message; dialogs show it through FormDialog.
 */
export const useContestStore = defineStore('contest', () => {
  const api = () => window.api.contest
  return {
    list: () => call(api().list({})),
    get: (id: number) => call(api().get({ id })),
    create: (input: ContestInput) => call(api().create(input)),
    update: (id: number, input: ContestInput) => call(api().update({ id, ...input })),
    openScoring: (id: number) => call(api().openScoring({ id })),
    closeScoring: (id: number) => call(api().closeScoring({ id })),
    proposals: (contestId: number, search = '') => call(api().proposals({ contestId, search, eligibility: null })),
    proposal: (id: number) => call(api().proposal({ id })),
    createProposal: (input: ProposalInput) => call(api().createProposal(input)),
    fromTopic: (contestId: number, topicId: number) => call(api().fromTopic({ contestId, topicId })),
    review: (id: number, eligible: boolean, code: Parameters<Api['review']>[0]['code'], note: string) =>
      call(api().review({ id, eligible, code, note })),
    judges: (contestId: number) => call(api().judges({ contestId })),
    addJudge: (input: Parameters<Api['addJudge']>[0]) => call(api().addJudge(input)),
    suggestions: (contestId: number) => call(api().recusalSuggestions({ contestId })),
    declareRecusal: (input: Parameters<Api['declareRecusal']>[0]) => call(api().declareRecusal(input)),
    recusals: (contestId: number) => call(api().recusals({ contestId })),
    judgeSheet: (judgeId: number) => call(api().judgeSheet({ judgeId })),
    saveScores: (judgeId: number, cells: Cell[]) => call(api().saveScores({ judgeId, cells })),
    submitSheet: (judgeId: number, signedBy: string) => call(api().submitSheet({ judgeId, signedBy })),
    enterPaper: (judgeId: number, round: 1 | 2, clerk: string, cells: Cell[]) =>
      call(api().enterPaper({ judgeId, round, clerk, cells })),
    comparePaper: (judgeId: number) => call(api().comparePaper({ judgeId })),
    settle: (input: Parameters<Api['settleMismatch']>[0]) => call(api().settleMismatch(input)),
    finishPaper: (judgeId: number) => call(api().finishPaper({ judgeId })),
    correct: (input: Parameters<Api['correctScore']>[0]) => call(api().correctScore(input)),
    corrections: (contestId: number) => call(api().corrections({ contestId })),
    progress: (contestId: number) => call(api().progress({ contestId })),
    results: (contestId: number) => call(api().results({ contestId })),
    recordDraw: (contestId: number, order: number[], witnesses: string) =>
      call(api().recordDraw({ contestId, order, witnesses })),
    override: (contestId: number, rule: Parameters<Api['overrideFunding']>[0]['rule'], decision: string) =>
      call(api().overrideFunding({ contestId, rule, decision })),
    publish: (contestId: number, publishedOn: string, place: string) =>
      call(api().publish({ contestId, publishedOn, place })),
    notice: (contestId: number) => call(api().notice({ contestId })),
    objections: (contestId: number) => call(api().objections({ contestId })),
    addObjection: (input: Parameters<Api['addObjection']>[0]) => call(api().addObjection(input)),
    settleObjection: (input: Parameters<Api['settleObjection']>[0]) => call(api().settleObjection(input)),
    finalize: (contestId: number) => call(api().finalize({ contestId })),
    projects: (contestId: number) => call(api().projects({ contestId })),
    startProject: (input: Parameters<Api['startProject']>[0]) => call(api().startProject(input)),
    addMilestone: (input: Parameters<Api['addMilestone']>[0]) => call(api().addMilestone(input)),
    pay: (input: Parameters<Api['pay']>[0]) => call(api().pay(input)),
    accept: (input: Parameters<Api['accept']>[0]) => call(api().accept(input)),
    rates: (contestId: number) => call(api().rates({ contestId })),
    /** The projector's contest view (raw result: the projector only counts a failed read). */
    projectionView: () => api().projection({}),
    /** Shows a proposal or the results board on the projector (a meeting on it is taken off first). */
    project: async (contestId: number, action: 'show' | 'next' | 'prev' | 'board' | 'stop', proposalId?: number) => {
      if (action === 'show' || action === 'board') await call(window.api.projection.control({ action: 'stop' }))
      const v = await call(api().project({ action, contestId, ...(proposalId ? { proposalId } : {}) }))
      if (action === 'show' || action === 'board') {
        const w = await call(window.api.projection.openWindow())
        if (!w.opened) window.open(`#${w.route}`, 'projection')
      }
      return v
    },
    attachments: (proposalId: number) => call(api().attachments({ proposalId })),
    attachment: (id: number) => call(api().attachment({ id })),
    /** Reads a file the clerk picked and keeps a copy with the proposal. */
    async addAttachment(proposalId: number, purpose: '提案材料' | '验收材料', file: File) {
      const bytes = new Uint8Array(await file.arrayBuffer())
      let binary = ''
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      return call(api().addAttachment({ proposalId, purpose, fileName: file.name, contentBase64: btoa(binary) }))
    },
    // An export job: progress and 取消 in the tray; null when the save dialog was closed.
    exportXlsx: (contestId: number) => useExportJobs().run(window.api.export.contestXlsx({ contestId })),
    subfunds: () => call(window.api.fund.subfunds()),
    residents: (search: string) => call(window.api.people.list({ search, page: 1, pageSize: 20 })),
    topics: (search: string) => call(window.api.topics.list({ search, limit: 20, offset: 0 })),
  }
})
