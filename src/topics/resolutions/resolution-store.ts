import { defineStore } from 'pinia'
import { call } from '../../api/call'
import { useExportJobs } from '../../api/export-jobs'
import type { ResolutionFilter } from './constants'

export type ResolutionFields = Omit<Parameters<typeof window.api.resolutions.create>[0], 'agendaItemId'>
export type FeedbackInput = Parameters<typeof window.api.feedback.add>[0]
export type RateInput = Parameters<typeof window.api.feedback.rate>[0]

/** The list's filters, as read from the address (/resolutions?status=逾期&year=2026). */
export interface ResolutionListFilters {
  status: ResolutionFilter | null
  department: string | null
  year: number | null
  search: string
}

/** A note on a resolution: 登记进展, or 办结 with its completion note. */
export interface ResolutionNote {
  text: string
  /** Office-local 'YYYY-MM-DD HH:mm', or null for the moment it is saved. */
  at: string | null
  reportedBy: string
}

/**
 * 决议督办's calls to the main process: one page of the list (the list itself, with its filters and
 * page in the address, is useList in ResolutionsView), one resolution's record (read afresh on every
 * visit, nothing is kept), its steps, feedback to residents and the register's export. Every action
 * throws an ApiError; dialogs show it through FormDialog, pages in their own alert.
 */
export const useResolutionStore = defineStore('resolutions', () => {
  const exportJobs = useExportJobs()
  function fetchPage(f: ResolutionListFilters, page: { limit: number; offset: number }) {
    return window.api.resolutions.list({ ...f, ...page })
  }

  /** One resolution with its topics, notes and feedback. */
  const detail = (id: number) => call(window.api.resolutions.get({ id }))

  /** The 督办单's contents: the resolution and the community's profile (for its name). */
  const supervisionSheet = (id: number) =>
    Promise.all([call(window.api.resolutions.get({ id })), call(window.api.community.overview())])

  /** 形成决议 from an agenda item: its id and number. */
  const create = (agendaItemId: number, fields: ResolutionFields) =>
    call(window.api.resolutions.create({ agendaItemId, ...fields }))

  /** 修改 an open resolution, with the reason kept as a 修改 note. */
  async function update(id: number, fields: ResolutionFields, reason: string): Promise<void> {
    await call(window.api.resolutions.update({ id, ...fields, reason }))
  }

  /** 登记进展 or 办结. */
  async function addNote(id: number, mode: 'progress' | 'complete', note: ResolutionNote): Promise<void> {
    if (mode === 'complete') {
      await call(window.api.resolutions.complete({ id, note: note.text, at: note.at, reportedBy: note.reportedBy }))
    } else {
      await call(window.api.resolutions.addProgress({ id, text: note.text, at: note.at, reportedBy: note.reportedBy }))
    }
  }

  /** 重新办理 with a new due date. */
  async function reopen(id: number, reason: string, dueDate: string): Promise<void> {
    await call(window.api.resolutions.reopen({ id, reason, dueDate }))
  }

  /** 撤销. */
  async function voidResolution(id: number, reason: string): Promise<void> {
    await call(window.api.resolutions.void({ id, reason }))
  }

  /** 登记反馈 on a resolution or a topic. */
  async function addFeedback(feedback: FeedbackInput): Promise<void> {
    await call(window.api.feedback.add(feedback))
  }

  /** 记录满意度 on the latest feedback. */
  async function rate(input: RateInput): Promise<void> {
    await call(window.api.feedback.rate(input))
  }

  /** 导出台账 for one year, as an export job: where the file went (none when cancelled) and how many rows. */
  const exportXlsx = (year: number) => exportJobs.run(window.api.export.resolutionsXlsx({ year }))

  return {
    fetchPage,
    detail,
    supervisionSheet,
    create,
    update,
    addNote,
    reopen,
    voidResolution,
    addFeedback,
    rate,
    exportXlsx,
  }
})
