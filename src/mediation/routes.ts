import { DataAnalysis, Notebook } from '@element-plus/icons-vue'
import { defineModule } from '../shell/module'
import { CASEBOOK_ROLES as roles, CASE_OFFICE_ROLES } from '../../shared/mediation-values'

// Who opens the casebook (the main process refuses everyone else: electron/mediation/case-access.ts).

/** 乡贤调解案卷: the cases, intake, one case's page, the statistics and the papers. */
export default defineModule({
  name: 'mediation',
  routes: [
    {
      path: '/mediation',
      component: () => import('./CasesView.vue'),
      meta: { roles, title: '调解案卷', nav: { group: '调解', order: 10, icon: Notebook } },
    },
    {
      path: '/mediation/new',
      component: () => import('./IntakeView.vue'),
      meta: { roles: CASE_OFFICE_ROLES, title: '受理登记' },
    },
    {
      path: '/mediation/cases/:id(\\d+)',
      component: () => import('./CaseView.vue'),
      meta: { roles, title: '调解案件' },
    },
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
