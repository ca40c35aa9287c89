/**
 * The home page's 待办提醒 tiles say how many, and whether it is many: up to REMINDER_CAP a tile
 * shows its list's exact total; past it, "999+" (超过 999). Counting stops at REMINDER_CAP + 1, so a
 * tile costs the same after thirty years of open records as after one (issue 10). Opening the
 * tile's list shows the exact total.
 */
export const REMINDER_CAP = 999

/** A tile's number as the clerk reads it: exact up to the cap, "999+" beyond. */
export function reminderText(count: number): string {
  return count > REMINDER_CAP ? `${REMINDER_CAP}+` : String(count)
}

/** The same for a screen reader: "超过 999". */
export function reminderSpoken(count: number): string {
  return count > REMINDER_CAP ? `超过 ${REMINDER_CAP}` : String(count)
}
