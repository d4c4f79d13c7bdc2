/** The privacy feature's texts: the retention overview for the owner's leaders. Nynorsk and English must have exactly bokmål's keys. */
import { defineStrings } from '../core/i18n';

const nb = {
  retention: {
    title: 'Oppbevaring av saker',
    dryRun: 'Prøvekjøring: ingenting er endret.',
    notForYou: 'Bare skoleeierens ledere kan se oversikten over oppbevaring.',
    policy: 'Regelen nå: avsluttede saker beholdes fullt ut i {plain} etter at de ble avsluttet, saker med skade {injury}, saker med alvorlig personskade (AML § 5-2) {serious}. Deretter anonymiseres de: fritekst fjernes og personer erstattes av rollen sin. Det skaderegisteret og statistikken trenger, blir stående.',
    years: { one: '{count} år', other: '{count} år' },
    forGood: 'uten tidsgrense',
    due: { one: '{count} sak ville blitt anonymisert nå.', other: '{count} saker ville blitt anonymisert nå.' },
    none: 'Ingen saker ville blitt anonymisert nå.',
    kept: 'Beholdt selv om tiden er ute: {hold} på vent (hold), {owes} venter på oppfølging.',
    references: 'Saker: {list}',
    more: { one: 'og {count} til', other: 'og {count} til' },
    next: 'Neste kjøring: {date}.',
    off: 'Jobben er slått av (retention.run: null).',
  },
};

export type PrivacyStrings = typeof nb;

const nn: PrivacyStrings = {
  retention: {
    title: 'Oppbevaring av saker',
    dryRun: 'Prøvekøyring: ingenting er endra.',
    notForYou: 'Berre leiarane hos skuleeigaren kan sjå oversikta over oppbevaring.',
    policy: 'Regelen no: avslutta saker blir haldne fullt ut i {plain} etter at dei vart avslutta, saker med skade {injury}, saker med alvorleg personskade (AML § 5-2) {serious}. Deretter blir dei anonymiserte: fritekst blir fjerna og personar erstatta av rolla si. Det skaderegisteret og statistikken treng, blir ståande.',
    years: { one: '{count} år', other: '{count} år' },
    forGood: 'utan tidsgrense',
    due: { one: '{count} sak ville blitt anonymisert no.', other: '{count} saker ville blitt anonymiserte no.' },
    none: 'Ingen saker ville blitt anonymiserte no.',
    kept: 'Haldne sjølv om tida er ute: {hold} på vent (hold), {owes} ventar på oppfølging.',
    references: 'Saker: {list}',
    more: { one: 'og {count} til', other: 'og {count} til' },
    next: 'Neste køyring: {date}.',
    off: 'Jobben er slått av (retention.run: null).',
  },
};

const en: PrivacyStrings = {
  retention: {
    title: 'Retention of cases',
    dryRun: 'Dry run: nothing has been changed.',
    notForYou: "Only the school owner's leaders can see the retention overview.",
    policy: 'The policy now: closed cases are kept in full for {plain} after they were closed, cases with an injury {injury}, cases with a serious injury (AML § 5-2) {serious}. Then they are anonymised: free text is removed and people are replaced by their role. What the injury register and the statistics need stays.',
    years: { one: '{count} year', other: '{count} years' },
    forGood: 'without a time limit',
    due: { one: '{count} case would be anonymised now.', other: '{count} cases would be anonymised now.' },
    none: 'No case would be anonymised now.',
    kept: 'Kept although their time is up: {hold} on hold, {owes} waiting for follow-up.',
    references: 'Cases: {list}',
    more: { one: 'and {count} more', other: 'and {count} more' },
    next: 'Next run: {date}.',
    off: 'The job is switched off (retention.run: null).',
  },
};

export const privacyStrings = defineStrings<PrivacyStrings>({ nb, nn, en });
