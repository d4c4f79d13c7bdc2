/** Expands the Adaptive Card templates in cards/ with a feature's data; code supplies data, the templates the layout. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';
import type { CardName, CardView } from '../core/cards';
import { CARDS_DIR } from '../config/project-root';

export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  [key: string]: unknown;
}

const templates = new Map<CardName, Template>();

function templateOf(name: CardName): Template {
  let template = templates.get(name);
  if (!template) {
    template = new Template(JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')));
    templates.set(name, template);
  }
  return template;
}

/**
 * Parses every template now rather than at its first use: parsing a large
 * one's expressions takes tens of milliseconds, which the first person to see
 * that card would otherwise wait, and the event loop with them.
 */
export function prepareCardTemplates(): void {
  for (const file of readdirSync(CARDS_DIR)) if (file.endsWith('.json')) templateOf(file.slice(0, -'.json'.length) as CardName);
}

export function renderCard(view: CardView): AdaptiveCardJson {
  const card = templateOf(view.template).expand({ $root: view.data }) as AdaptiveCardJson;
  delete card.$schema;
  return card;
}
