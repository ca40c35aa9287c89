import { defineModule } from '../registry/module'
import { mediationDemo } from './demo'
import { mediationReminders } from './followup-service'
import { mediationHandlers } from './handlers'
import { CASEBOOK_ACCESS } from './case-access'
import { partyValue } from './case-reads'

/**
 * 乡贤调解案卷: the elder council's mediation casebook under the committee's 人民调解委员会 — intake,
 * the people of the case in their lawful roles, sessions, the agreement and its performance,
 * follow-up visits, 激化苗头, the dossier, the statistics the 司法所 asks for. Parties' personal
 * data is masked everywhere by default.
 */
export const mediationModule = defineModule({
  name: 'mediation',
  handlers: mediationHandlers,
  reminders: mediationReminders,
  demo: mediationDemo,
  access: CASEBOOK_ACCESS,
  // One mechanism for every full value: reason required, audited with the operator (registry).
  reveals: {
    'mediationParty.idNumber': { label: '当事人身份证号', read: partyValue('idNumber') },
    'mediationParty.phone': { label: '当事人电话', read: partyValue('phone') },
    'mediationParty.address': { label: '当事人住址', read: partyValue('address') },
  },
})

// What other modules (and the coordinator's wiring) may use.
export { archiveContent } from './export-profiles'
