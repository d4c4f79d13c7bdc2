/** The greeting card and the `hjelp` card: channel-neutral data for cards/welcome.json and cards/help.json. */
import { cardView, type CardView } from '../core/cards';
import { fill, type Language } from '../core/i18n';
import type { RoutineText } from '../routines';
import { welcomeStrings } from './strings';

declare module '../core/cards' {
  interface CardTypes {
    welcome: WelcomeCardData;
    help: HelpCardData;
  }
}

export interface WelcomeCardData {
  title: string;
  text: string;
  handler: string;
  report: string;
  showOpenCases: boolean;
  openCases: string;
  /** The `cases` command's name, run by `welcome.run`. */
  casesCommand: string;
  help: string;
  routinesTitle: string;
  routines: { title: string; text: string; url: string; source: string }[];
  readRoutine: string;
}

export interface HelpCardData {
  title: string;
  intro: string;
  report: string;
  buttons: { command: string; label: string; typed: string }[];
}

export function welcomeCard(language: Language, input: { name?: string; handler: boolean; casesCommand?: string; routines: RoutineText[] }): CardView<'welcome'> {
  const s = welcomeStrings(language).greeting;
  return cardView('welcome', {
    title: input.name ? fill(s.titleNamed, { name: input.name.split(' ')[0] }) : s.title,
    text: s.text,
    handler: input.handler ? s.handler : '',
    report: s.report,
    showOpenCases: input.handler && input.casesCommand !== undefined,
    openCases: s.openCases,
    casesCommand: input.casesCommand ?? '',
    help: s.help,
    routinesTitle: s.routines,
    routines: input.routines.map((r) => ({ title: r.title, text: r.text, url: r.url, source: r.source })),
    readRoutine: s.readRoutine,
  });
}

export function helpCard(language: Language, buttons: { command: string; label: string; word: string }[]): CardView<'help'> {
  const s = welcomeStrings(language).help;
  return cardView('help', {
    title: s.title,
    intro: s.intro,
    report: s.report,
    buttons: buttons.map((b) => ({ command: b.command, label: b.label, typed: fill(s.typed, { word: b.word }) })),
  });
}
