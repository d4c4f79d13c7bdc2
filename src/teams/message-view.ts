/** A short card with one message: refusals and errors as answers to card actions. */
import { renderCard, type AdaptiveCardJson } from './card-renderer';

export function messageCard(text: string, options: { title?: string; attention?: boolean } = {}): AdaptiveCardJson {
  return renderCard('message', { title: options.title ?? '', text, color: options.attention ? 'Attention' : 'Default' });
}
