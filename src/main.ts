import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './shell/App.vue'
import { router } from './router'
import { createHttpApi } from './api/http-bridge'
import { useSessionStore } from './settings/session-store'
import './styles/base.css'

// In Electron the preload has already put `window.api` here; in a browser the test host serves it.
if (!window.api) window.api = createHttpApi()

const pinia = createPinia()
const app = createApp(App).use(pinia)
// The router starts once the main process has said who is at the keyboard. Its first navigation
// waits for that answer (router.beforeEach), and vue-router only listens for address changes after
// its first navigation: started earlier, an address changed meanwhile (a link, a typed address)
// was ignored and the window was put back on 首页.
void useSessionStore(pinia)
  .ready()
  .finally(() => app.use(router).mount('#app'))
