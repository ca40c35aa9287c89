import { User } from '@element-plus/icons-vue'
import { defineModule } from '../shell/module'

export default defineModule({
  name: 'people',
  routes: [
    {
      path: '/people',
      component: () => import('./PeopleView.vue'),
      meta: { title: '居民名册', nav: { group: '基础资料', order: 10, icon: User } },
    },
  ],
})
