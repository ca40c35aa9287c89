// What other screens may use of 提案大赛: the projector window shows the 路演 and the results board.
export { default as ContestProjection } from './ContestProjection.vue'
