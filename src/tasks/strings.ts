/** The tasks feature's texts: "Dette venter på deg". Nynorsk and English must have exactly bokmål's keys. */
import { defineStrings } from '../core/i18n';

const nb = {
  title: 'Dette venter på deg',
  count: { one: '{count} ting venter på deg.', other: '{count} ting venter på deg.' },
  empty: 'Ingenting venter på deg nå.',
  lines: {
    acknowledge: 'Ikke bekreftet mottatt',
    legal: 'Lovpålagte steg ikke gjort: {items}',
    measureOverdue: 'Tiltak over frist: «{measure}» (frist {date})',
    decide: 'Foreslått tiltak å ta stilling til: «{measure}»',
    measureDue: 'Ditt tiltak: «{measure}», frist {date}',
  },
  detail: '{reference} · {severity} · {school} · meldt {since}',
  open: 'Åpne',
  more: 'og {count} til. Skriv «mine oppgaver» for å se alt.',
  replaces: 'Påminnelser i dag om dette er samlet her.',
  refresh: 'Oppdater',
  notForYou: 'Du har ingen oppgaver i TryggMeld.',
};

export type TasksStrings = typeof nb;

const nn: TasksStrings = {
  title: 'Dette ventar på deg',
  count: { one: '{count} ting ventar på deg.', other: '{count} ting ventar på deg.' },
  empty: 'Ingenting ventar på deg no.',
  lines: {
    acknowledge: 'Ikkje stadfesta motteken',
    legal: 'Lovpålagde steg ikkje gjorde: {items}',
    measureOverdue: 'Tiltak over frist: «{measure}» (frist {date})',
    decide: 'Føreslått tiltak å ta stilling til: «{measure}»',
    measureDue: 'Tiltaket ditt: «{measure}», frist {date}',
  },
  detail: '{reference} · {severity} · {school} · meld {since}',
  open: 'Opne',
  more: 'og {count} til. Skriv «mine oppgåver» for å sjå alt.',
  replaces: 'Påminningar i dag om dette er samla her.',
  refresh: 'Oppdater',
  notForYou: 'Du har ingen oppgåver i TryggMeld.',
};

const en: TasksStrings = {
  title: 'Waiting for you',
  count: { one: '{count} thing is waiting for you.', other: '{count} things are waiting for you.' },
  empty: 'Nothing is waiting for you now.',
  lines: {
    acknowledge: 'Not acknowledged',
    legal: 'Legal steps not done: {items}',
    measureOverdue: 'Measure past its due date: “{measure}” (due {date})',
    decide: 'Proposed measure to decide on: “{measure}”',
    measureDue: 'Your measure: “{measure}”, due {date}',
  },
  detail: '{reference} · {severity} · {school} · reported {since}',
  open: 'Open',
  more: 'and {count} more. Write “my tasks” to see them all.',
  replaces: 'Today’s reminders about these are gathered here.',
  refresh: 'Refresh',
  notForYou: 'You have no tasks in TryggMeld.',
};

export const tasksStrings = defineStrings<TasksStrings>({ nb, nn, en });
