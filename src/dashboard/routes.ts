import { DataLine } from '@element-plus/icons-vue'
import { defineModule } from '../shell/module'

export default defineModule({
  name: 'dashboard',
  routes: [
    {
      path: '/dashboard',
      component: () => import('./DashboardView.vue'),
      meta: { title: '数据看板', nav: { group: '议事协商', order: 50, icon: DataLine } },
    },
  ],
})
