/** What happened when one piece of due work was carried out. */
export type WorkOutcome =
  /** Sent; where it landed, so the message can be updated later. */
  | { kind: 'done'; delivery?: { conversationId: string; activityId?: string } }
  /** A passing failure: try again, not before `retryAfterMs`. */
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  /** The person cannot be reached (app not installed, blocked): final for them. */
  | { kind: 'unreachable'; error: string };
