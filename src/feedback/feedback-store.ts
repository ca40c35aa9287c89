import { defineStore } from 'pinia'
import { call } from '../api/call'

/**
 * 待告知居民's calls to the main process: one page of the answers residents have not been told yet,
 * and marking a contest proposal's 资格审查 result as told.
 */
export const useFeedbackStore = defineStore('feedback', () => {
  const fetchPage = (_filters: object, page: { limit: number; offset: number }) => window.api.feedback.stillToTell(page)
  const markProposalTold = (id: number) => call(window.api.contest.markTold({ id }))
  return { fetchPage, markProposalTold }
})
