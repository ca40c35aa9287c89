import { createRouter, createWebHashHistory } from 'vue-router'
import HomeView from './shell/HomeView.vue'

/**
 * Hash history: the app is served from app://desk/index.html and from the test host alike.
 * Every screen but the home page is loaded on demand, so the first screen stays small.
 */
export const NAV = [
  { path: '/', label: '首页', icon: 'HomeFilled' },
  { path: '/community', label: '社区档案', icon: 'OfficeBuilding' },
  { path: '/data', label: '数据与备份', icon: 'FolderChecked' },
] as const

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', component: HomeView, meta: { title: '首页' } },
    { path: '/community', component: () => import('./community/CommunityView.vue'), meta: { title: '社区档案' } },
    { path: '/data', component: () => import('./data/DataView.vue'), meta: { title: '数据与备份' } },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
})

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '')} · 社区工作台`
})
