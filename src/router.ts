import { createRouter, createWebHashHistory } from 'vue-router'
import HomeView from './shell/HomeView.vue'

/**
 * Hash history: the app is served from app://desk/index.html and from the test host alike.
 * Every screen but the home page is loaded on demand, so the first screen stays small.
 */
export const NAV = [
  { path: '/', label: '首页', icon: 'HomeFilled' },
  { path: '/topics', label: '议题征集', icon: 'ChatLineSquare' },
  { path: '/meetings', label: '议事会日程', icon: 'Calendar' },
  { path: '/resolutions', label: '决议督办', icon: 'Stamp' },
  { path: '/to-tell', label: '待告知居民', icon: 'Bell' },
  { path: '/dashboard', label: '数据看板', icon: 'DataLine' },
  { path: '/council', label: '议事会成员', icon: 'UserFilled' },
  { path: '/people', label: '居民名册', icon: 'User' },
  { path: '/community', label: '社区档案', icon: 'OfficeBuilding' },
  { path: '/data', label: '数据与备份', icon: 'FolderChecked' },
] as const

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', component: HomeView, meta: { title: '首页' } },
    { path: '/community', component: () => import('./community/CommunityView.vue'), meta: { title: '社区档案' } },
    { path: '/meetings', component: () => import('./meetings/CalendarView.vue'), meta: { title: '议事会日程' } },
    {
      path: '/meetings/holidays',
      component: () => import('./meetings/HolidaysView.vue'),
      meta: { title: '节假日安排' },
    },
    { path: '/meetings/:id(\\d+)', component: () => import('./meetings/MeetingView.vue'), meta: { title: '会议详情' } },
    { path: '/topics', component: () => import('./meetings/topics/TopicsView.vue'), meta: { title: '议题征集' } },
    {
      path: '/resolutions',
      component: () => import('./meetings/resolutions/ResolutionsView.vue'),
      meta: { title: '决议督办' },
    },
    {
      path: '/resolutions/:id(\\d+)',
      component: () => import('./meetings/resolutions/ResolutionView.vue'),
      meta: { title: '决议详情' },
    },
    {
      path: '/to-tell',
      component: () => import('./meetings/feedback/StillToTellView.vue'),
      meta: { title: '待告知居民' },
    },
    {
      path: '/dashboard',
      component: () => import('./meetings/dashboard/DashboardView.vue'),
      meta: { title: '数据看板' },
    },
    {
      path: '/print/resolution/:id(\\d+)',
      component: () => import('./meetings/resolutions/print/SupervisionSheet.vue'),
      meta: { title: '督办单', bare: true },
    },
    { path: '/council', component: () => import('./council/CouncilView.vue'), meta: { title: '议事会成员' } },
    { path: '/people', component: () => import('./people/PeopleView.vue'), meta: { title: '居民名册' } },
    {
      path: '/projection',
      component: () => import('./meetings/projection/ProjectionView.vue'),
      meta: { title: '投屏', bare: true },
    },
    {
      path: '/print/meeting/:id(\\d+)/:doc(notice|signin|agenda|minutes)',
      component: () => import('./meetings/print/MeetingPrintView.vue'),
      meta: { title: '打印', bare: true },
    },
    { path: '/data', component: () => import('./data/DataView.vue'), meta: { title: '数据与备份' } },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
})

router.afterEach((to, from) => {
  document.title = `${String(to.meta.title ?? '')} · 社区工作台`
  // The app scrolls inside <main id="main">, not the window, so vue-router's own scrollBehavior
  // never applies: without this a new page opened scrolled down as far as the last one was.
  // Only a new page starts at its top; a filter or a tab changing the query keeps the place.
  if (to.path !== from.path) document.getElementById('main')?.scrollTo({ top: 0, left: 0 })
})
