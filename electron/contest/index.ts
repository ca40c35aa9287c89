import { defineModule } from '../registry/module'
import { contestDemo } from './demo'
import { contestExportHandlers, contestExports } from './export-handlers'
import { contestHandlers } from './handlers'

/**
 * 社区提案大赛: a yearly contest of residents' proposals — set-up with frozen rules, 资格审查, the
 * judging panel with recusal, scoring at the PC or on paper (double entry), results explained with
 * panel diagnostics, funding within the budget (with a what-if panel), the 公示 and objections,
 * and implementation projects paid from the charity fund.
 */
export const contestModule = defineModule({
  name: 'contest',
  handlers: { ...contestHandlers, ...contestExportHandlers },
  exporters: contestExports,
  demo: contestDemo,
})

// What other modules may use: the 待告知居民 list gathers ineligible proposals from here.
export { ineligibleToTell, markProposalTold, untoldIneligible } from './proposal-service'
