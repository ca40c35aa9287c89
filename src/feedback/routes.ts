import { Bell } from '@element-plus/icons-vue'
import { defineModule } from '../shell/module'

export default defineModule({
  name: 'feedback',
  routes: [
    {
      path: '/to-tell',
      component: () => import('./StillToTellView.vue'),
      meta: { title: '待告知居民', nav: { group: '议事协商', order: 40, icon: Bell } },
    },
  ],
})
