/** The summary a recipient gets instead of one card per case when one person reports very many in an hour. */
import { cardView, type CardView } from '../../core/cards';
import type { Directory } from '../../core/directory';
import { escapeMarkdown } from '../../core/format';
import { plural, type Language } from '../../core/i18n';
import type { Viewer } from '../model/access';
import { casesStrings } from '../strings';
import { personLabel, schoolName } from './common';

declare module '../../core/cards' {
  interface CardTypes {
    'flood-summary': FloodSummaryCardData;
  }
}

export interface FloodSummaryCardData {
  title: string;
  text: string;
  serious: string;
  why: string;
  openLabel: string;
}

export interface FloodSummaryInput {
  language: Language;
  directory: Directory;
  /** The recipient's relation to the reporter's cases: the owner's roles do not see who reported. */
  viewer: Viewer;
  reporterId: string;
  schoolId: string;
  total: number;
  serious: number;
}

export function floodSummaryMessage(input: FloodSummaryInput): { card: CardView<'flood-summary'>; summary: string } {
  const { language, directory, viewer, reporterId, schoolId, total, serious } = input;
  const s = casesStrings(language);
  const name = personLabel({ language, directory, viewer, case: { reporterId, affectedIds: [] } }, reporterId, { start: true });
  const school = schoolName(directory, schoolId);
  return {
    card: cardView('flood-summary', {
      title: s.flood.title,
      text: plural(language, s.flood.text, total, { name, school }),
      serious: serious > 0 ? plural(language, s.flood.serious, serious) : '',
      why: s.flood.why,
      openLabel: s.flood.open,
    }),
    summary: escapeMarkdown(plural(language, s.flood.summary, total, { name })),
  };
}
