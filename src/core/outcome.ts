/** What happened when one piece of due work was carried out. */
export type WorkOutcome =
  /**
   * Carried out: where the message landed (so it can be updated later), or
   * skipped when it was no longer needed. A repeating reminder says when it
   * is due again.
   */
  | { kind: 'done'; delivery?: { conversationId: string; activityId?: string }; skipped?: boolean; repeatAt?: Date }
  /** A passing failure: try again, not before `retryAfterMs`. */
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  /** The person cannot be reached (app not installed, blocked), or the request can never succeed: final. */
  | { kind: 'unreachable'; error: string };
