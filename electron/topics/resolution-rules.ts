import { isOpenResolution } from '../../shared/followup-values'

/** 逾期 is never stored: open work whose due date has passed (office dates). */
export function isOverdue(r: { status: string; due_date: string }, today: string): boolean {
  return isOpenResolution(r.status) && r.due_date < today
}
