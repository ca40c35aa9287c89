// The office's settings (适老模式), read by the shell and by screens that size themselves.
export { useSettingsStore } from './settings-store'
export { useSessionStore } from './session-store'
