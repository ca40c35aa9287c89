import { defineStore } from 'pinia'

/** 待告知居民's calls to the main process: one page of the answers residents have not been told yet. */
export const useFeedbackStore = defineStore('feedback', () => {
  const fetchPage = (_filters: object, page: { limit: number; offset: number }) => window.api.feedback.stillToTell(page)
  return { fetchPage }
})
