import { OfficeBuilding } from '@element-plus/icons-vue'
import { defineModule } from '../shell/module'

export default defineModule({
  name: 'community',
  routes: [
    {
      path: '/community',
      component: () => import('./CommunityView.vue'),
      meta: { title: '社区档案', nav: { group: '基础资料', order: 20, icon: OfficeBuilding } },
    },
  ],
})
