import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import type { Out } from '../api/types'

export type DataInfo = Out<'data.info'>
export type BackupResult = Out<'data.backup'>
export type IntegrityResult = Out<'data.integrityCheck'>
export type BackupList = Out<'data.backups'>
export type BackupCandidate = Out<'data.checkBackup'>
export type RestoreResult = Out<'data.restore'>

/**
 * 数据与备份's calls to the main process: the data file's facts, the backups found, making a backup,
 * checking one before a restore, the restore itself and the integrity check. Every call reports a
 * failure as a message and answers undefined (nothing is lost).
 */
export const useDataStore = defineStore('data', () => {
  const info = ref<DataInfo | null>(null)
  const backups = ref<BackupList | null>(null)

  async function loadInfo() {
    const value = await attempt(() => call(window.api.data.info()))
    if (value) info.value = value
  }

  async function loadBackups() {
    const value = await attempt(() => call(window.api.data.backups()))
    if (value) backups.value = value
  }

  /** The host asks where (a folder dialog in the desktop app); null means the user cancelled. */
  function backup() {
    return attempt(() => call(window.api.data.backup()))
  }

  /** Reads a backup (read-only) and says what it holds. */
  function checkBackup(path: string) {
    return attempt(() => call(window.api.data.checkBackup({ path })))
  }

  /** The host's file dialog for a backup elsewhere. */
  function pickBackupFile() {
    return attempt(() => call(window.api.data.pickBackupFile()))
  }

  function restore(path: string) {
    return attempt(() => call(window.api.data.restore({ path })))
  }

  /** 加密归档 with the clerk's password; throws an ApiError for the dialog (null path: cancelled). */
  function archive(password: string) {
    return call(window.api.data.archive({ password }))
  }

  function integrityCheck() {
    return attempt(() => call(window.api.data.integrityCheck()))
  }

  return {
    info,
    backups,
    loadInfo,
    loadBackups,
    backup,
    checkBackup,
    pickBackupFile,
    restore,
    integrityCheck,
    archive,
  }
})
