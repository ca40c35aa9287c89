import { UserFilled } from '@element-plus/icons-vue'
import { defineModule } from '../shell/module'

export default defineModule({
  name: 'council',
  routes: [
    {
      path: '/council',
      component: () => import('./CouncilView.vue'),
      meta: { title: '议事会成员', nav: { group: '议事协商', order: 60, icon: UserFilled } },
    },
  ],
})
