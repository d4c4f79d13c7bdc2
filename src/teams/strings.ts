/** Texts of the chat edge itself: help, refusals of the wrong place or tenant, failures. Nynorsk and English must have exactly bokmål's keys. */
import { defineStrings } from '../core/i18n';

const nb = {
  messages: {
    help: 'Skriv «meld» for å melde en hendelse med vold eller trusler: det tar under to minutter, og rektor og verneombud får beskjed med en gang. «mine saker» viser sakene du har meldt. Rektor og verneombud ser skolens åpne saker med «saker», statistikken med «statistikk», og laster ned skaderegisteret med «eksport». Fanen Oversikt viser sakene du har tilgang til. Rektor og verneombud ser også risikovurderingen med «risiko» og opplæring og øvelser med «opplæring»; «rutiner» viser skolens rutine for vold og trusler. «mine data» gir deg alt TryggMeld har lagret om deg.',
    privateChatOnly: 'Meldinger om vold og trusler fylles ut i en privat chat med meg, ikke her. Åpne chatten med TryggMeld og skriv «meld».',
    wrongTenant: 'Denne TryggMeld-installasjonen hører til en annen organisasjon.',
    notAllowed: 'Du har ikke tilgang til denne saken.',
    caseNotFound: 'Fant ikke saken.',
    somethingWentWrong: 'Beklager, noe gikk galt. Prøv igjen om litt. Hvis det haster, kontakt rektor direkte.',
    unknownAction: 'Denne handlingen kjenner ikke TryggMeld.',
  },
};

export type TeamsStrings = typeof nb;

const nn: TeamsStrings = {
  messages: {
    help: 'Skriv «meld» for å melde ei hending med vald eller truslar: det tek under to minutt, og rektor og verneombodet får melding med ein gong. «mine saker» viser sakene du har meldt. Rektor og verneombodet ser dei opne sakene til skulen med «saker», statistikken med «statistikk», og lastar ned skaderegisteret med «eksport». Fana Oversikt viser sakene du har tilgang til. Rektor og verneombodet ser òg risikovurderinga med «risiko» og opplæring og øvingar med «opplæring»; «rutinar» viser rutinen til skulen for vald og truslar. «mine data» gir deg alt TryggMeld har lagra om deg.',
    privateChatOnly: 'Meldingar om vald og truslar blir fylte ut i ein privat chat med meg, ikkje her. Opne chatten med TryggMeld og skriv «meld».',
    wrongTenant: 'Denne TryggMeld-installasjonen høyrer til ein annan organisasjon.',
    notAllowed: 'Du har ikkje tilgang til denne saka.',
    caseNotFound: 'Fann ikkje saka.',
    somethingWentWrong: 'Orsak, noko gjekk gale. Prøv igjen om litt. Viss det hastar, kontakt rektor direkte.',
    unknownAction: 'Denne handlinga kjenner ikkje TryggMeld.',
  },
};

const en: TeamsStrings = {
  messages: {
    help: 'Write “report” to report an incident of violence or threats: it takes under two minutes, and the principal and the safety representative are told at once. “my cases” shows the cases you reported. Principals and safety representatives see their school’s open cases with “cases”, the statistics with “statistics”, and download the injury register with “export”. The Overview tab shows the cases you have access to. Principals and safety representatives also see the risk assessment with “risk” and training and drills with “training”; “routines” shows your school’s routine for violence and threats. “my data” gives you everything TryggMeld holds about you.',
    privateChatOnly: 'Reports of violence and threats are made in a private chat with me, not here. Open the chat with TryggMeld and write “report”.',
    wrongTenant: 'This TryggMeld installation belongs to another organisation.',
    notAllowed: 'You do not have access to this case.',
    caseNotFound: 'The case was not found.',
    somethingWentWrong: 'Sorry, something went wrong. Please try again shortly. If it is urgent, contact your principal directly.',
    unknownAction: 'TryggMeld does not know this action.',
  },
};

export const teamsStrings = defineStrings<TeamsStrings>({ nb, nn, en });
