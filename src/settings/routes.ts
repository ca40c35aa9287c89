import { Setting } from '@element-plus/icons-vue'
import { defineModule } from '../shell/module'

export default defineModule({
  name: 'settings',
  routes: [
    {
      path: '/settings',
      component: () => import('./SettingsView.vue'),
      // The 管理员's: who may work here, and the lock time.
      meta: { title: '设置', nav: { group: '基础资料', order: 40, icon: Setting }, roles: ['管理员'] },
    },
  ],
})
