// What other screens may use of 议题征集 and 决议督办: the meeting's agenda makes resolutions and
// shows where an item came from; 待告知居民 records what residents were told.
export { default as TopicPeek } from './resolutions/TopicPeek.vue'
export { default as ResolutionDialog } from './resolutions/ResolutionDialog.vue'
export { default as FeedbackDialog } from './resolutions/FeedbackDialog.vue'
export { type FeedbackTarget } from './resolutions/constants'
