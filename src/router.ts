import { createRouter, createWebHashHistory } from 'vue-router'
import HomeView from './shell/HomeView.vue'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { MODULES } from './modules'
import { useSessionStore } from './settings/session-store'

/**
 * Hash history: the app is served from app://desk/index.html and from the test host alike.
 * The routes are the modules' own (src/modules.ts); every screen but the home page is loaded on
 * demand, so the first screen stays small.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', component: HomeView, meta: { title: '首页' } },
    ...MODULES.flatMap((m) => m.routes),
    { path: '/:pathMatch(.*)*', redirect: '/', meta: { title: '首页' } },
  ],
})

// A screen reserved to some marks (route meta.roles) is not opened for anyone else, by a link or a
// typed address alike; the main process refuses its calls in any case.
router.beforeEach(async (to) => {
  const session = useSessionStore()
  await session.ready()
  if (session.mode === 'signedOut' || session.may(to.meta.roles)) return true
  ElMessage({
    type: 'error',
    message: `「${String(to.meta.title)}」只有${(to.meta.roles ?? []).join('或')}能打开。`,
    duration: 6000,
    showClose: true,
  })
  return to.path === '/' ? true : '/'
})

router.afterEach((to, from) => {
  document.title = `${String(to.meta.title ?? '')} · 社区工作台`
  // The app scrolls inside <main id="main">, not the window, so vue-router's own scrollBehavior
  // never applies: without this a new page opened scrolled down as far as the last one was.
  // Only a new page starts at its top; a filter or a tab changing the query keeps the place.
  if (to.path !== from.path) document.getElementById('main')?.scrollTo({ top: 0, left: 0 })
})
