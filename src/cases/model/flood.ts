/**
 * One person sending many reports in a short time (a script, a stuck client)
 * must not drown the school's chats, and none of the reports may be lost.
 * Every report becomes a case as usual; but beyond the first few new-case
 * notices from the same reporter within an hour, a recipient gets one summary
 * message, kept up to date, instead of one card per case.
 */

/** New-case notices one recipient gets one by one from one reporter within the window; the rest go into the summary. */
export const FLOOD_NOTICES_ONE_BY_ONE = 5;
/** The window the count looks back over. */
export const FLOOD_WINDOW_MS = 60 * 60 * 1000;
/** The summary is rewritten at most this often, so a flood of cases is not a flood of edits either. */
export const FLOOD_UPDATE_EVERY_MS = 5000;

/** Whether a new case's notice joins the summary: `before` is how many of the reporter's cases this recipient would have been told of in the hour before it. */
export function joinsFloodSummary(before: number): boolean {
  return before >= FLOOD_NOTICES_ONE_BY_ONE;
}

/** The partition of a reporter's flood summaries (one work item per recipient). */
export function floodPartition(reporterId: string): string {
  return `flood:${reporterId}`;
}

/** Whether a summary started at `windowStart` still speaks for the hour ending `now`, or a new message starts. */
export function floodWindowOpen(windowStart: string, now: Date): boolean {
  return now.getTime() - Date.parse(windowStart) < FLOOD_WINDOW_MS;
}
