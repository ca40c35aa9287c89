import { Coin, Finished } from '@element-plus/icons-vue'
import { defineModule } from '../shell/module'

/** 社区公益基金: the ledger, a sub-fund's statement, one entry, the month-end reconciliation, the papers. */
export default defineModule({
  name: 'fund',
  routes: [
    {
      path: '/fund',
      component: () => import('./FundView.vue'),
      meta: { title: '公益基金', nav: { group: '合伙人与基金', order: 50, icon: Coin } },
    },
    {
      path: '/fund/reconcile',
      component: () => import('./ReconcileView.vue'),
      meta: { title: '基金对账', nav: { group: '合伙人与基金', order: 60, icon: Finished } },
    },
    { path: '/fund/entries/:id(\\d+)', component: () => import('./EntryView.vue'), meta: { title: '收支详情' } },
    { path: '/fund/subfunds/:id(\\d+)', component: () => import('./StatementView.vue'), meta: { title: '子基金明细' } },
    {
      path: '/print/fund/receipt/:id(\\d+)',
      component: () => import('./print/ReceiptPaper.vue'),
      meta: { title: '捐赠收据', bare: true },
    },
    {
      path: '/print/fund/notice',
      component: () => import('./print/NoticePaper.vue'),
      meta: { title: '公益基金收支公示', bare: true },
    },
  ],
})
