/** The greeting and the `hjelp` card. Nynorsk and English must have exactly bokmål's keys. */
import { defineStrings } from '../core/i18n';

const nb = {
  greeting: {
    title: 'Hei! Dette er TryggMeld',
    titleNamed: 'Hei, {name}! Dette er TryggMeld',
    text: 'Her melder du vold og trusler du blir utsatt for eller ser på jobben. Det tar under to minutter, og rektor og verneombud får beskjed med en gang.',
    handler: 'Du følger opp sakene ved skolen din her: nye saker kommer i denne chatten, og «Åpne saker» viser dem du har tilgang til.',
    report: 'Meld hendelse',
    openCases: 'Åpne saker',
    help: 'Hva kan jeg gjøre?',
    routines: 'Skolens rutine for vold og trusler',
    readRoutine: 'Les hele rutinen',
    summary: 'Hei! Her melder du vold og trusler på jobben.',
  },
  help: {
    title: 'Dette kan du gjøre i TryggMeld',
    intro: 'Trykk på en knapp, eller skriv ordet i chatten.',
    report: 'Meld hendelse',
    typed: 'Skriv «{word}»',
    summary: 'Dette kan du gjøre i TryggMeld',
    unknown: 'Den kommandoen kjenner ikke TryggMeld. Skriv «hjelp» for å se hva du kan gjøre.',
  },
};

export type WelcomeStrings = typeof nb;

const nn: WelcomeStrings = {
  greeting: {
    title: 'Hei! Dette er TryggMeld',
    titleNamed: 'Hei, {name}! Dette er TryggMeld',
    text: 'Her melder du vald og truslar du blir utsett for eller ser på jobben. Det tek under to minutt, og rektor og verneombodet får melding med ein gong.',
    handler: 'Du følgjer opp sakene ved skulen din her: nye saker kjem i denne chatten, og «Opne saker» viser dei du har tilgang til.',
    report: 'Meld hending',
    openCases: 'Opne saker',
    help: 'Kva kan eg gjere?',
    routines: 'Rutinen til skulen for vald og truslar',
    readRoutine: 'Les heile rutinen',
    summary: 'Hei! Her melder du vald og truslar på jobben.',
  },
  help: {
    title: 'Dette kan du gjere i TryggMeld',
    intro: 'Trykk på ein knapp, eller skriv ordet i chatten.',
    report: 'Meld hending',
    typed: 'Skriv «{word}»',
    summary: 'Dette kan du gjere i TryggMeld',
    unknown: 'Den kommandoen kjenner ikkje TryggMeld. Skriv «hjelp» for å sjå kva du kan gjere.',
  },
};

const en: WelcomeStrings = {
  greeting: {
    title: 'Hi! This is TryggMeld',
    titleNamed: 'Hi, {name}! This is TryggMeld',
    text: 'Here you report violence and threats you are exposed to or witness at work. It takes under two minutes, and the principal and the safety representative are told at once.',
    handler: 'You follow up your school’s cases here: new cases arrive in this chat, and “Open cases” shows those you have access to.',
    report: 'Report an incident',
    openCases: 'Open cases',
    help: 'What can I do?',
    routines: 'Your school’s routine for violence and threats',
    readRoutine: 'Read the whole routine',
    summary: 'Hi! Here you report violence and threats at work.',
  },
  help: {
    title: 'What you can do in TryggMeld',
    intro: 'Press a button, or write the word in the chat.',
    report: 'Report an incident',
    typed: 'Write “{word}”',
    summary: 'What you can do in TryggMeld',
    unknown: 'TryggMeld does not know that command. Write “help” to see what you can do.',
  },
};

export const welcomeStrings = defineStrings<WelcomeStrings>({ nb, nn, en });
