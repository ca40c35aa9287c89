import { FolderChecked } from '@element-plus/icons-vue'
import { defineModule } from '../shell/module'

export default defineModule({
  name: 'data',
  routes: [
    {
      path: '/data',
      component: () => import('./DataView.vue'),
      meta: { title: '数据与备份', nav: { group: '基础资料', order: 30, icon: FolderChecked } },
    },
  ],
})
