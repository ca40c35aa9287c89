/**
 * 乡贤调解案卷: intake (受理), the parties and their agents, the people of the case in their lawful
 * roles with their declarations and recusals, the states, the extension and the sessions.
 *
 *   受理 → 调解中 → 达成协议 → 履行中 → 履行完毕 → 结案 → 归档
 *   受理 → 不予受理 (reason);  受理 / 调解中 → 终止 (reason; the parties were told of the other routes)
 *
 * The case number 〔2026〕X人调字第N号 is drawn from the per-year counter in the transaction that
 * inserts the case, so it is gap-free and never reused.
 */
// The casebook's case services, one import for the handlers and tests, kept in files by what they
// do: intake (case-intake), the people of the case (case-staff), its course (case-progress), and
// what every step shares (case-state).
export * from './case-intake'
export * from './case-staff'
export * from './case-progress'
export { liveCase, refuseIfClosed, setStatus } from './case-state'
export { disputeTypeOf, isDisputeCategory } from '../../shared/mediation-values'
