import { Trophy } from '@element-plus/icons-vue'
import { defineModule } from '../shell/module'

/** 社区提案大赛: the contests, one contest's pages, judge mode, paper entry and the papers. */
export default defineModule({
  name: 'contest',
  routes: [
    {
      path: '/contest',
      component: () => import('./ContestsView.vue'),
      meta: { title: '提案大赛', nav: { group: '提案大赛', order: 10, icon: Trophy } },
    },
    { path: '/contest/:id(\\d+)', component: () => import('./ContestView.vue'), meta: { title: '提案大赛详情' } },
    { path: '/contest/judge/:judgeId(\\d+)', component: () => import('./JudgeView.vue'), meta: { title: '评委打分' } },
    {
      path: '/contest/paper/:judgeId(\\d+)',
      component: () => import('./PaperView.vue'),
      meta: { title: '纸质评分表录入' },
    },
    {
      path: '/print/contest/:id(\\d+)/notice',
      component: () => import('./print/NoticePaper.vue'),
      meta: { title: '提案大赛结果公示', bare: true },
    },
    {
      path: '/print/contest/judge/:judgeId(\\d+)/sheet',
      component: () => import('./print/ScoreSheetPaper.vue'),
      meta: { title: '评分表', bare: true },
    },
    {
      path: '/print/contest/:id(\\d+)/summary',
      component: () => import('./print/SummaryPaper.vue'),
      meta: { title: '评分汇总表', bare: true },
    },
  ],
})
