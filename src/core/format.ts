/** Dates, lists and legal references as a Norwegian (or English) reader expects them. */
import { localDateTime } from './clock';
import { fill, type Language } from './i18n';
import { LEGAL_REFS, type LegalRefId } from './legal';
import { coreStrings } from './strings';

/** 2026-11-26 as 26.11.2026 (nb, nn) or 26/11/2026 (en). */
export function formatDate(isoDate: string, language: Language): string {
  const [y, m, d] = isoDate.split('-');
  return language === 'en' ? `${d}/${m}/${y}` : `${d}.${m}.${y}`;
}

export function formatDateTime(isoDate: string, time: string | undefined, language: Language): string {
  const date = formatDate(isoDate, language);
  if (!time) return date;
  return language === 'en' ? `${date}, ${time}` : `${date} kl. ${time}`;
}

/** An instant (ISO) as local date and time where the school is. */
export function formatInstant(iso: string, timeZone: string, language: Language): string {
  const local = localDateTime(new Date(iso), timeZone);
  return formatDateTime(local.date, local.time, language);
}

/** "arbeidsmiljøloven § 5-2"; a renumbered one with the old number: "… § 3A-6 (tidligere § 23A-5)". */
export function formatLegalRef(language: Language, id: LegalRefId): string {
  const s = coreStrings(language);
  const ref = LEGAL_REFS[id];
  const text = `${s.legal.laws[ref.law]} ${ref.section}`;
  return ref.formerly ? `${text} (${fill(s.legal.formerly, { section: ref.formerly })})` : text;
}

export function joinList(items: string[]): string {
  return items.join(', ');
}

/** Long free text shortened for a card's history, whole words where possible. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/**
 * Text that must not be read as Markdown where a client might (the line Teams
 * shows in notifications and the chat list, `activity.summary`): Markdown's
 * active characters get a backslash, so `[Bekreft her](https://evil.example)`
 * stays text and never becomes a link. Cards show people's text in TextRuns instead.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`);
}
