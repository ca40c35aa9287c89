// What other screens may use of 议事会成员 (the rooms panel is shown from the calendar too).
export { default as RoomsPanel } from './RoomsPanel.vue'
export { useCouncilStore } from './council-store'
