// What other screens may use of 居民名册.
export { householdLabel } from './household'
export type { ResidentRow } from './people-store'
