import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './shell/App.vue'
import { router } from './router'
import { createHttpApi } from './api/http-bridge'
import './styles/base.css'

// In Electron the preload has already put `window.api` here; in a browser the test host serves it.
if (!window.api) window.api = createHttpApi()

createApp(App).use(createPinia()).use(router).mount('#app')
