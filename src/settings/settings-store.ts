import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'

/** UI preferences kept in the data file; 适老模式 enlarges the whole interface. */
export const useSettingsStore = defineStore('settings', () => {
  const elderMode = ref(false)
  /** Switch flips so far: a load that began before the clerk's flip must not undo it. */
  let flips = 0

  async function load() {
    const before = flips
    const s = await attempt(() => call(window.api.settings.get()))
    // The file was read before the flip's save: the clerk's choice stands (the save keeps it).
    if (s && flips === before) apply(s.elderMode)
  }

  async function setElderMode(on: boolean) {
    flips++
    apply(on)
    const saved = await attempt(() => call(window.api.settings.save({ elderMode: on })))
    if (!saved) apply(!on)
  }

  function apply(on: boolean) {
    elderMode.value = on
    document.documentElement.classList.toggle('elder-mode', on)
  }

  return { elderMode, load, setElderMode }
})
