import { ChatLineSquare, Stamp } from '@element-plus/icons-vue'
import { defineModule } from '../shell/module'

/** Topics and the resolutions that come out of them (the follow-up loop after a meeting). */
export default defineModule({
  name: 'topics',
  routes: [
    {
      path: '/topics',
      component: () => import('./TopicsView.vue'),
      meta: { title: '议题征集', nav: { group: '议事协商', order: 10, icon: ChatLineSquare } },
    },
    {
      path: '/resolutions',
      component: () => import('./resolutions/ResolutionsView.vue'),
      meta: { title: '决议督办', nav: { group: '议事协商', order: 30, icon: Stamp } },
    },
    {
      path: '/resolutions/:id(\\d+)',
      component: () => import('./resolutions/ResolutionView.vue'),
      meta: { title: '决议详情' },
    },
    {
      path: '/print/resolution/:id(\\d+)',
      component: () => import('./resolutions/print/SupervisionSheet.vue'),
      meta: { title: '督办单', bare: true },
    },
  ],
})
