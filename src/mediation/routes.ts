import { DataAnalysis, Notebook } from '@element-plus/icons-vue'
import { defineModule } from '../shell/module'
import type { Role } from '../../shared/operators'

/** Who opens the casebook (the main process refuses everyone else: electron/mediation/case-access.ts). */
const roles: readonly Role[] = ['主任', '调解员', '乡贤']

/** 乡贤调解案卷: the cases, intake, one case's page, the statistics and the papers. */
export default defineModule({
  name: 'mediation',
  routes: [
    {
      path: '/mediation',
      component: () => import('./CasesView.vue'),
      meta: { roles, title: '调解案卷', nav: { group: '调解', order: 10, icon: Notebook } },
    },
    { path: '/mediation/new', component: () => import('./IntakeView.vue'), meta: { roles, title: '受理登记' } },
    { path: '/mediation/cases/:id(\\d+)', component: () => import('./CaseView.vue'), meta: { roles, title: '调解案件' } },
    {
      path: '/mediation/statistics',
      component: () => import('./StatsView.vue'),
      meta: { roles, title: '调解统计', nav: { group: '调解', order: 20, icon: DataAnalysis } },
    },
    {
      path: '/print/mediation/agreement/:id(\\d+)',
      component: () => import('./print/AgreementPaper.vue'),
      meta: { roles, title: '人民调解协议书', bare: true },
    },
    {
      path: '/print/mediation/dossier/:id(\\d+)',
      component: () => import('./print/DossierPaper.vue'),
      meta: { roles, title: '调解卷宗', bare: true },
    },
    {
      path: '/print/mediation/confirmation/:id(\\d+)',
      component: () => import('./print/ConfirmationPaper.vue'),
      meta: { roles, title: '司法确认申请书', bare: true },
    },
  ],
})
