/** The follow-up feature's texts: reminders, check-ins, cluster alerts. Nynorsk and English must have exactly bokmål's keys. */
import { defineStrings } from '../core/i18n';

const nb = {
  reminders: {
    acknowledge: 'Påminnelse: saken er ikke bekreftet mottatt ennå. Den ansatte venter på at du tar kontakt.',
    escalation: 'Rektor har ikke bekreftet saken innen fristen. Den sendes derfor til skoleeier.',
    legal: 'Påminnelse: de lovpålagte varslene er ikke markert som gjort ennå.',
    nav: 'Påminnelse: skademelding til NAV er ikke markert som sendt ennå.',
    measureDue: 'Påminnelse: fristen for tiltaket «{measure}» er {date}.',
    measureOverdue: 'Fristen for tiltaket «{measure}» gikk ut {date}, og det er ikke markert som gjennomført.',
  },
  checkin: {
    title: 'Hvordan har du det nå?',
    intro: 'Vi følger opp hendelsen {date} ({reference}). Reaksjoner kan komme etter en stund, så vi spør igjen.',
    answerLabel: 'Hvordan har du det?',
    answers: { ok: 'Jeg har det greit', talk: 'Jeg vil gjerne ha en samtale', bht: 'Jeg vil gjerne ha hjelp fra bedriftshelsetjenesten (BHT)' },
    note: 'Vil du si noe mer? Bare du ser dette, med mindre du velger å dele det.',
    share: 'Del det jeg skriver med rektor',
    noMore: 'Jeg trenger ikke flere slike meldinger',
    submit: 'Send svar',
    thanks: 'Takk for svaret.',
    thanksHelp: 'Rektor har fått beskjed og tar kontakt med deg.',
    thanksStopped: 'Du får ikke flere slike meldinger om denne saken.',
    yourAnswer: 'Ditt svar: {answer}',
    yourNote: 'Det du skrev: {note}',
    noteShared: '(delt med rektor)',
    noteNotShared: '(bare du ser dette)',
    help: 'Trenger du noen å snakke med nå? Kontakt nærmeste leder eller bedriftshelsetjenesten (BHT).',
  },
  cluster: {
    title: 'Mange alvorlige hendelser ved {school}',
    text: { one: '{count} alvorlig eller svært alvorlig sak ved {school} er åpen og meldt de siste {days} dagene.', other: '{count} alvorlige eller svært alvorlige saker ved {school} er åpne og meldt de siste {days} dagene.' },
    why: 'Arbeidstilsynet ser etter nettopp dette: mange alvorlige meldinger uten systematisk oppfølging.',
    advice: 'Gå gjennom sakene med rektor og verneombud, og vurder om risikovurderingen for skolen må oppdateres ({ref}).',
    caseLine: '{reference} · {severity} · {status} · {date}',
    more: 'og {count} til',
    open: 'Åpne',
  },
};

export type FollowUpStrings = typeof nb;

const nn: FollowUpStrings = {
  reminders: {
    acknowledge: 'Påminning: saka er ikkje stadfesta motteken enno. Den tilsette ventar på at du tek kontakt.',
    escalation: 'Rektor har ikkje stadfesta saka innan fristen. Ho blir difor send til skuleeigaren.',
    legal: 'Påminning: dei lovpålagde varsla er ikkje merkte som gjorde enno.',
    nav: 'Påminning: skademelding til NAV er ikkje merkt som send enno.',
    measureDue: 'Påminning: fristen for tiltaket «{measure}» er {date}.',
    measureOverdue: 'Fristen for tiltaket «{measure}» gjekk ut {date}, og det er ikkje merkt som gjennomført.',
  },
  checkin: {
    title: 'Korleis har du det no?',
    intro: 'Vi følgjer opp hendinga {date} ({reference}). Reaksjonar kan kome etter ei stund, så vi spør igjen.',
    answerLabel: 'Korleis har du det?',
    answers: { ok: 'Eg har det greitt', talk: 'Eg vil gjerne ha ein samtale', bht: 'Eg vil gjerne ha hjelp frå bedriftshelsetenesta (BHT)' },
    note: 'Vil du seie noko meir? Berre du ser dette, med mindre du vel å dele det.',
    share: 'Del det eg skriv med rektor',
    noMore: 'Eg treng ikkje fleire slike meldingar',
    submit: 'Send svar',
    thanks: 'Takk for svaret.',
    thanksHelp: 'Rektor har fått melding og tek kontakt med deg.',
    thanksStopped: 'Du får ikkje fleire slike meldingar om denne saka.',
    yourAnswer: 'Svaret ditt: {answer}',
    yourNote: 'Det du skreiv: {note}',
    noteShared: '(delt med rektor)',
    noteNotShared: '(berre du ser dette)',
    help: 'Treng du nokon å snakke med no? Kontakt næraste leiar eller bedriftshelsetenesta (BHT).',
  },
  cluster: {
    title: 'Mange alvorlege hendingar ved {school}',
    text: { one: '{count} alvorleg eller svært alvorleg sak ved {school} er open og meld dei siste {days} dagane.', other: '{count} alvorlege eller svært alvorlege saker ved {school} er opne og melde dei siste {days} dagane.' },
    why: 'Arbeidstilsynet ser etter nettopp dette: mange alvorlege meldingar utan systematisk oppfølging.',
    advice: 'Gå gjennom sakene med rektor og verneombodet, og vurder om risikovurderinga for skulen må oppdaterast ({ref}).',
    caseLine: '{reference} · {severity} · {status} · {date}',
    more: 'og {count} til',
    open: 'Opne',
  },
};

const en: FollowUpStrings = {
  reminders: {
    acknowledge: 'Reminder: the case has not been acknowledged yet. The employee is waiting for you to get in touch.',
    escalation: 'The principal has not acknowledged the case in time, so it goes to the school owner.',
    legal: 'Reminder: the notifications the law requires are not marked as done yet.',
    nav: 'Reminder: the injury report to NAV is not marked as sent yet.',
    measureDue: 'Reminder: the measure “{measure}” is due on {date}.',
    measureOverdue: 'The measure “{measure}” was due on {date} and is not marked as carried out.',
  },
  checkin: {
    title: 'How are you doing now?',
    intro: 'We are following up the incident on {date} ({reference}). Reactions can come later, so we ask again.',
    answerLabel: 'How are you?',
    answers: { ok: 'I am doing fine', talk: 'I would like a talk', bht: 'I would like help from the occupational health service (BHT)' },
    note: 'Anything else? Only you see this, unless you choose to share it.',
    share: 'Share what I write with the principal',
    noMore: 'I need no more messages like this',
    submit: 'Send answer',
    thanks: 'Thank you for your answer.',
    thanksHelp: 'The principal has been told and will contact you.',
    thanksStopped: 'You will get no more messages like this about this case.',
    yourAnswer: 'Your answer: {answer}',
    yourNote: 'What you wrote: {note}',
    noteShared: '(shared with the principal)',
    noteNotShared: '(only you see this)',
    help: 'Need someone to talk to now? Contact your line manager or the occupational health service (BHT).',
  },
  cluster: {
    title: 'Many serious incidents at {school}',
    text: { one: '{count} serious or very serious case at {school} is open and was reported in the last {days} days.', other: '{count} serious or very serious cases at {school} are open and were reported in the last {days} days.' },
    why: 'This is exactly what the Labour Inspection Authority looks for: many serious reports without systematic follow-up.',
    advice: 'Go through the cases with the principal and the safety representative, and consider whether the school’s risk assessment must be updated ({ref}).',
    caseLine: '{reference} · {severity} · {status} · {date}',
    more: 'and {count} more',
    open: 'Open',
  },
};

export const followUpStrings = defineStrings<FollowUpStrings>({ nb, nn, en });
