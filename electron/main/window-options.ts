/**
 * The hardened webPreferences (Electron security checklist 2–4, 6, 8, 9, 20), as one frozen
 * literal so a unit test can pin it and so security scanners see literal values.
 */
export const HARDENED_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const)

/** The app's own origin in production (a custom protocol, not file://). */
export const APP_SCHEME = 'app'
export const APP_ORIGIN = 'app://desk'
