import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'

/** UI preferences kept in the data file; 适老模式 enlarges the whole interface. */
export const useSettingsStore = defineStore('settings', () => {
  const elderMode = ref(false)

  async function load() {
    const s = await attempt(() => call(window.api.settings.get()))
    if (s) apply(s.elderMode)
  }

  async function setElderMode(on: boolean) {
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
