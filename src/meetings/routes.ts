import { Calendar, Sunny } from '@element-plus/icons-vue'
import { defineModule } from '../shell/module'

export default defineModule({
  name: 'meetings',
  routes: [
    {
      path: '/meetings',
      component: () => import('./CalendarView.vue'),
      meta: { title: '议事会日程', nav: { group: '议事协商', order: 20, icon: Calendar } },
    },
    {
      path: '/meetings/holidays',
      component: () => import('./HolidaysView.vue'),
      meta: { title: '节假日安排', nav: { group: '议事协商', order: 70, icon: Sunny } },
    },
    { path: '/meetings/:id(\\d+)', component: () => import('./MeetingView.vue'), meta: { title: '会议详情' } },
    {
      path: '/projection',
      component: () => import('./projection/ProjectionView.vue'),
      meta: { title: '投屏', bare: true },
    },
    {
      path: '/print/meeting/:id(\\d+)/:doc(notice|signin|agenda|minutes)',
      component: () => import('./print/MeetingPrintView.vue'),
      meta: { title: '打印', bare: true },
    },
  ],
})
