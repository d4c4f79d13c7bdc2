/**
 * Bokmål, nynorsk or English for a person; placeholders and plural forms.
 * Each feature keeps its own texts in its `strings.ts` (made with
 * `defineStrings`); nynorsk and English must have exactly bokmål's keys.
 */
export type Language = 'nb' | 'nn' | 'en';
export const LANGUAGES: readonly Language[] = ['nb', 'nn', 'en'];

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

/**
 * A text with a singular and a plural form, chosen by `Intl.PluralRules`
 * (nb, nn and en all have the categories one / other).
 */
export interface Plural {
  one: string;
  other: string;
}

const pluralRules = new Map<Language, Intl.PluralRules>();

/** The form of `p` for `count`, with {count} filled in (and any other placeholders in `values`). */
export function plural(language: Language, p: Plural, count: number, values: Record<string, string | number> = {}): string {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language === 'en' ? 'en' : language === 'nn' ? 'nn' : 'nb')));
  const form = rules.select(count) === 'one' ? p.one : p.other;
  return fill(form, { count, ...values });
}

/** Replaces {name} placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** One feature's texts in the three languages; the type makes the other two keep bokmål's keys. */
export function defineStrings<T>(texts: { nb: T; nn: NoInfer<T>; en: NoInfer<T> }): (language: Language) => T {
  return (language) => texts[language];
}
