// What other screens may use of 社区档案.
export { useCommunityStore, type BuildingRow } from './community-store'
