/**
 * The way out to people: features say what to send to whom; the chat edge
 * (src/teams/messenger.ts) renders and sends it, and answers with an outcome
 * the dispatcher understands.
 */
import type { OutboundMessage } from './cards';
import type { PersonContact } from './contacts';
import { findPerson, type Directory } from './directory';
import { chooseLanguage, type Language } from './i18n';
import type { WorkOutcome } from './work';

/** Someone to send to, with the language to write in and how the bot reaches them (read once per delivery). */
export interface Recipient {
  id: string;
  language: Language;
  contact?: PersonContact;
}

export interface Outbound {
  /** A new message in the person's 1:1 chat. */
  send(to: Recipient, message: OutboundMessage): Promise<WorkOutcome>;
  /** Rewrites a message sent earlier (a card kept current). */
  update(to: Recipient, target: { conversationId: string; activityId: string }, message: OutboundMessage): Promise<WorkOutcome>;
}

/** The language a person reads: the directory's locale for them, else their Teams client's, else bokmål. */
export function recipientOf(directory: Directory, id: string, contact: PersonContact | undefined): Recipient {
  return { id, language: chooseLanguage(findPerson(directory, id)?.locale, contact?.locale), contact };
}
