/// <reference types="vite/client" />
import type { Api } from '../electron/registry'

declare global {
  interface Window {
    /** Provided by the Electron preload, or by the HTTP bridge in a plain browser. */
    api: Api
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
