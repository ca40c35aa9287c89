import { createRouter, createWebHashHistory } from 'vue-router'
import HomeView from './shell/HomeView.vue'
import { MODULES } from './modules'

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

router.afterEach((to, from) => {
  document.title = `${String(to.meta.title ?? '')} · 社区工作台`
  // The app scrolls inside <main id="main">, not the window, so vue-router's own scrollBehavior
  // never applies: without this a new page opened scrolled down as far as the last one was.
  // Only a new page starts at its top; a filter or a tab changing the query keeps the place.
  if (to.path !== from.path) document.getElementById('main')?.scrollTo({ top: 0, left: 0 })
})
