/** Picks bokmål, nynorsk or English for a person, and fills placeholders. */
import { en } from '../i18n/en';
import { nb, type Strings } from '../i18n/nb';
import { nn } from '../i18n/nn';

export type Language = 'nb' | 'nn' | 'en';
export type { Strings };

const STRINGS: Record<Language, Strings> = { nb, nn, en };

/** The language of a locale tag such as nb-NO, nn-NO, no, en-US; undefined if it is none of ours. */
export function languageOf(locale: string | undefined): Language | undefined {
  const primary = locale?.toLowerCase().split(/[-_]/)[0];
  if (primary === 'nb' || primary === 'no') return 'nb';
  if (primary === 'nn') return 'nn';
  if (primary === 'en') return 'en';
  return undefined;
}

/**
 * The directory's locale for the person wins: Teams has no nynorsk interface,
 * so a nynorsk user's client says nb-NO and only the directory knows better.
 * Then the Teams client's locale, then bokmål.
 */
export function chooseLanguage(directoryLocale: string | undefined, clientLocale: string | undefined): Language {
  return languageOf(directoryLocale) ?? languageOf(clientLocale) ?? 'nb';
}

export function strings(language: Language): Strings {
  return STRINGS[language];
}

/** Replaces {name} placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
