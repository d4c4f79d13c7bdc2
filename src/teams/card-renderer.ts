/** Expands the Adaptive Card templates in cards/ with a feature's data; code supplies data, the templates the layout. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';
import type { CardName, CardView } from '../core/cards';
import { escapeMarkdown } from '../core/format';
import { CARDS_DIR } from '../config/project-root';

export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  [key: string]: unknown;
}

const templates = new Map<CardName, Template>();

function templateOf(name: CardName): Template {
  let template = templates.get(name);
  if (!template) {
    const payload = JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
    // Cards go out without the editor's $schema: left out of the template once rather than deleted from every
    // card rendered (a delete makes V8 keep that object as a slow dictionary, and it is serialised next).
    delete payload.$schema;
    template = new Template(payload);
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
  return asPlainText(templateOf(view.template).expand({ $root: view.data }) as AdaptiveCardJson);
}

/**
 * Markdown that Teams would act on in a TextBlock or a fact: a link
 * `[text](url)`, emphasis, a heading, a list item, code, an HTML-like tag.
 */
const MARKDOWN = /\[[^\]\n]*\]\s*\(|\*\*|__|(^|\s)[*_][^\s*_]|^\s*(#|[-+*]\s|\d+\.\s)|`|<\/?[a-z]/im;

const TEXT_RUN_STYLE = ['color', 'weight', 'size', 'isSubtle', 'fontType'] as const;
const BLOCK_LAYOUT = ['id', 'spacing', 'separator', 'horizontalAlignment', 'isVisible', 'height', 'targetWidth', 'requires', 'fallback'] as const;

/**
 * The safety net behind the templates' rule that people's text goes in
 * TextRuns: whatever a feature put into a TextBlock that reads as Markdown
 * (a measure called "[Bekreft her](https://evil.example)") becomes a
 * RichTextBlock with one TextRun, which Teams shows as written; in a fact
 * (no runs there) Markdown's characters are escaped. Our own texts carry no
 * Markdown, so they are untouched.
 *
 * Nothing given is changed (a template may have placed the view's own data in
 * the card): a node is copied only where something in it changes, and an
 * untouched node is returned as it is. Copying every card whole took a sixth
 * of rendering one.
 */
export function asPlainText<T>(node: T): T {
  if (Array.isArray(node)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < node.length; i++) {
      const plain = asPlainText(node[i]);
      if (plain !== node[i]) (out ??= node.slice())[i] = plain;
    }
    return (out ?? node) as T;
  }
  if (!node || typeof node !== 'object') return node;
  const n = node as Record<string, unknown>;
  if (n.type === 'TextBlock' && typeof n.text === 'string' && MARKDOWN.test(n.text)) {
    const run: Record<string, unknown> = { type: 'TextRun', text: n.text };
    for (const key of TEXT_RUN_STYLE) if (n[key] !== undefined) run[key] = n[key];
    const block: Record<string, unknown> = { type: 'RichTextBlock' };
    for (const key of BLOCK_LAYOUT) if (n[key] !== undefined) block[key] = n[key];
    return { ...block, inlines: [run] } as T;
  }
  let out: Record<string, unknown> | undefined;
  for (const key in n) {
    const value = n[key];
    if (value === null || typeof value !== 'object') continue;
    const plain = asPlainText(value);
    if (plain !== value) (out ??= { ...n })[key] = plain;
  }
  if (n.type === 'FactSet' && Array.isArray(n.facts)) {
    const facts = n.facts as { title?: unknown; value?: unknown }[];
    let escaped: typeof facts | undefined;
    facts.forEach((f, i) => {
      const value = typeof f.value === 'string' && MARKDOWN.test(f.value);
      const title = typeof f.title === 'string' && MARKDOWN.test(f.title);
      if (value || title) (escaped ??= facts.slice())[i] = { ...f, ...(value ? { value: escapeMarkdown(f.value as string) } : {}), ...(title ? { title: escapeMarkdown(f.title as string) } : {}) };
    });
    if (escaped) (out ??= { ...n }).facts = escaped;
  }
  return (out ?? n) as T;
}
