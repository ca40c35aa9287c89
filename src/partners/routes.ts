import { Handshake, Tickets } from './icons'
import { defineModule } from '../shell/module'

export default defineModule({
  name: 'partners',
  routes: [
    {
      path: '/partners',
      component: () => import('./PartnersView.vue'),
      meta: { title: '合伙人', nav: { group: '合伙人与基金', order: 10, icon: Handshake } },
    },
    { path: '/partners/:id(\\d+)', component: () => import('./PartnerView.vue'), meta: { title: '合伙人详情' } },
    {
      path: '/partners/agreements',
      component: () => import('./AgreementsView.vue'),
      meta: { title: '合作协议', nav: { group: '合伙人与基金', order: 20, icon: Tickets } },
    },
    {
      path: '/partners/agreements/:id(\\d+)',
      component: () => import('./AgreementView.vue'),
      meta: { title: '协议与履约' },
    },
    { path: '/partners/periods', component: () => import('./PeriodsView.vue'), meta: { title: '履约提醒' } },
    {
      path: '/print/partners/evaluation/:id(\\d+)',
      component: () => import('./EvaluationPrint.vue'),
      meta: { title: '履约评估表', bare: true },
    },
  ],
})
