/**
 * What a feature hands the chat edge to show: a template from cards/ and the
 * data for it. Each feature declares its templates' data types by adding to
 * `CardTypes` (declaration merging), so rendering a template with data of the
 * wrong shape, or with a field missing, is a compile error.
 *
 *   declare module '../core/cards' { interface CardTypes { case: CaseCardData } }
 */

/** Template name (cards/<name>.json) to the data it is expanded with. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface CardTypes {
  message: MessageCardData;
}

export type CardName = keyof CardTypes;

export type CardView<K extends CardName = CardName> = { [P in K]: { template: P; data: CardTypes[P] } }[K];

export function cardView<K extends CardName>(template: K, data: CardTypes[K]): CardView<K> {
  return { template, data } as CardView<K>;
}

/** A short card with one message: refusals and errors as answers to card actions. */
export interface MessageCardData {
  title: string;
  text: string;
  color: 'Default' | 'Attention' | 'Good';
}

export function messageView(text: string, options: { title?: string; attention?: boolean } = {}): CardView<'message'> {
  return cardView('message', { title: options.title ?? '', text, color: options.attention ? 'Attention' : 'Default' });
}

/**
 * A message for a person's chat: a card (with the line Teams shows in the
 * notification and chat list), or plain text. `smaller`: what to send instead
 * if Teams refuses the card as too large (413).
 */
export type OutboundMessage = { card: CardView; summary: string; smaller?: OutboundMessage } | { text: string };

/**
 * The key every card about a case carries in its actions' data (CONTRACT.md:
 * `incidentId`); the code calls the same thing `caseId`.
 */
export const CASE_KEY = 'incidentId';
