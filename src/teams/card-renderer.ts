/** Expands the Adaptive Card templates in cards/ with data; code supplies data, the templates the layout. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';
import { CARDS_DIR } from '../config/project-root';

export type CardName = 'report-form' | 'reporter-case' | 'case' | 'case-list' | 'checkin' | 'cluster-alert' | 'message';

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

export function renderCard(name: CardName, data: object): AdaptiveCardJson {
  const card = templateOf(name).expand({ $root: data }) as AdaptiveCardJson;
  delete card.$schema;
  return card;
}
