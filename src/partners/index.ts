// What other screens may use of 合伙人台账 (the meeting form's 承办合伙人 picker).
export { usePartnersStore } from './partners-store'
