/** The routines' texts. Nynorsk and English must have exactly bokmål's keys. */
import { defineStrings } from '../core/i18n';

const nb = {
  title: 'Rutine for vold og trusler: {school}',
  titleNoSchool: 'Rutine for vold og trusler',
  intro: 'Slik skal hendelser med vold og trusler meldes og følges opp ({ref}).',
  defaultText:
    'Meld alle hendelser med vold eller trusler, også de som virker små, her i TryggMeld: skriv «meld» i chatten. Det tar under to minutter. Rektor og verneombud får beskjed med en gang, og rektor følger opp saken sammen med deg. Trenger du noen å snakke med, kontakt nærmeste leder eller bedriftshelsetjenesten (BHT). Ved akutt fare: ring 112.',
  source: { principal: 'Satt av {name} {date}.', directory: 'Fra {owner}.', default: 'TryggMelds standardrutine. Rektor kan legge inn skolens egen.' },
  open: 'Les hele rutinen',
  edit: 'Endre rutinen',
  textLabel: 'Skolens rutine',
  urlLabel: 'Lenke til hele rutinen (valgfritt)',
  save: 'Lagre',
  clear: 'Bruk kommunens rutine',
  saved: 'Rutinen er lagret.',
  cleared: 'Skolen bruker nå kommunens rutine.',
  notAllowed: 'Bare rektor kan endre skolens rutine.',
  invalid: 'Noe mangler eller er feil: {problems}',
  errors: { required: 'teksten må fylles ut', tooLong: 'teksten er for lang (høyst 4000 tegn)', nationalId: 'teksten ser ut til å inneholde et fødselsnummer; fjern det', invalidUrl: 'lenken må være en nettadresse som begynner med https://', invalid: 'ugyldig verdi' },
  summary: 'Rutine for vold og trusler',
};

export type RoutineStrings = typeof nb;

const nn: RoutineStrings = {
  title: 'Rutine for vald og truslar: {school}',
  titleNoSchool: 'Rutine for vald og truslar',
  intro: 'Slik skal hendingar med vald og truslar meldast og følgjast opp ({ref}).',
  defaultText:
    'Meld alle hendingar med vald eller truslar, også dei som verkar små, her i TryggMeld: skriv «meld» i chatten. Det tek under to minutt. Rektor og verneombodet får melding med ein gong, og rektor følgjer opp saka saman med deg. Treng du nokon å snakke med, kontakt næraste leiar eller bedriftshelsetenesta (BHT). Ved akutt fare: ring 112.',
  source: { principal: 'Sett av {name} {date}.', directory: 'Frå {owner}.', default: 'Standardrutinen til TryggMeld. Rektor kan leggje inn skulen sin eigen.' },
  open: 'Les heile rutinen',
  edit: 'Endre rutinen',
  textLabel: 'Rutinen til skulen',
  urlLabel: 'Lenkje til heile rutinen (valfritt)',
  save: 'Lagre',
  clear: 'Bruk rutinen til kommunen',
  saved: 'Rutinen er lagra.',
  cleared: 'Skulen bruker no rutinen til kommunen.',
  notAllowed: 'Berre rektor kan endre rutinen til skulen.',
  invalid: 'Noko manglar eller er feil: {problems}',
  errors: { required: 'teksten må fyllast ut', tooLong: 'teksten er for lang (høgst 4000 teikn)', nationalId: 'teksten ser ut til å innehalde eit fødselsnummer; fjern det', invalidUrl: 'lenkja må vere ei nettadresse som byrjar med https://', invalid: 'ugyldig verdi' },
  summary: 'Rutine for vald og truslar',
};

const en: RoutineStrings = {
  title: 'Routine for violence and threats: {school}',
  titleNoSchool: 'Routine for violence and threats',
  intro: 'How incidents of violence and threats are reported and followed up ({ref}).',
  defaultText:
    'Report every incident of violence or threats, also those that seem small, here in TryggMeld: write “report” in the chat. It takes under two minutes. The principal and the safety representative are told at once, and the principal follows the case up with you. If you need someone to talk to, contact your line manager or the occupational health service (BHT). In acute danger: call 112.',
  source: { principal: 'Set by {name} on {date}.', directory: 'From {owner}.', default: 'TryggMeld’s standard routine. The principal can add the school’s own.' },
  open: 'Read the whole routine',
  edit: 'Change the routine',
  textLabel: 'The school’s routine',
  urlLabel: 'Link to the whole routine (optional)',
  save: 'Save',
  clear: 'Use the municipality’s routine',
  saved: 'The routine has been saved.',
  cleared: 'The school now uses the municipality’s routine.',
  notAllowed: 'Only the principal can change the school’s routine.',
  invalid: 'Something is missing or wrong: {problems}',
  errors: { required: 'the text is required', tooLong: 'the text is too long (at most 4000 characters)', nationalId: 'the text seems to contain a national identity number; remove it', invalidUrl: 'the link must be a web address starting with https://', invalid: 'invalid value' },
  summary: 'Routine for violence and threats',
};

export const routineStrings = defineStrings<RoutineStrings>({ nb, nn, en });
