/** The injury register's texts: columns, the export card, the tab's case list and case view. Nynorsk and English must have exactly bokmål's keys. */
import { defineStrings, type Plural } from '../core/i18n';

interface RegisterStrings {
  /** The file's name before school and dates: ASCII letters and '-'. */
  filePrefix: string;
  sheetTitle: string;
  columns: {
    reference: string;
    dateTime: string;
    school: string;
    place: string;
    types: string;
    severity: string;
    perpetrator: string;
    pupilStage: string;
    description: string;
    riskFactors: string;
    injury: string;
    sickLeave: string;
    medicalTreatment: string;
    legalSteps: string;
    measures: string;
    status: string;
    acknowledged: string;
    closed: string;
  };
  yes: string;
  no: string;
  legal: { arbeidstilsynet: string; police: string; confirmation: string; nav: string };
  /** One measure in its cell: {description} ({role}, {due}, {state}). */
  measureLine: string;
  due: string;
  ownerRole: { principal: string; safetyRep: string; member: string; leader: string; chiefSafetyRep: string; other: string; none: string };
  allSchools: string;
  periods: { schoolYear: string; last30Days: string; last12Months: string; previousSchoolYear: string };
  card: {
    title: string;
    intro: string;
    privacy: string;
    school: string;
    period: string;
    cases: Plural;
    csv: string;
    xlsx: string;
    expiry: Plural;
    choose: string;
    refresh: string;
  };
  refusals: { notForYou: string; chooseSchool: string; unknownSchool: string; notYourSchool: string; unknownPeriod: string; badRange: string };
  downloadLabel: string;
  tab: {
    title: string;
    columns: { reference: string; date: string; school: string; place: string; types: string; severity: string; status: string };
    count: Plural;
    empty: string;
    capped: string;
    searchAll: string;
    exposed: string;
    measureOwner: string;
    history: string;
    historyColumns: { when: string; who: string; what: string; text: string };
    measureColumns: { measure: string; owner: string; due: string; state: string };
    legalColumns: { step: string; done: string };
    dates: string;
  };
}

const nb: RegisterStrings = {
  filePrefix: 'skaderegister',
  sheetTitle: 'Skaderegister',
  columns: {
    reference: 'Saksnummer',
    dateTime: 'Dato og klokkeslett',
    school: 'Skole',
    place: 'Sted',
    types: 'Type',
    severity: 'Alvorlighetsgrad',
    perpetrator: 'Hvem sto bak',
    pupilStage: 'Elevens trinn',
    description: 'Hva skjedde',
    riskFactors: 'Medvirkende forhold',
    injury: 'Skade',
    sickLeave: 'Sykmeldt',
    medicalTreatment: 'Legebehandling',
    legalSteps: 'Lovpålagte steg, og når de ble gjort',
    measures: 'Tiltak (ansvarlig, frist, status)',
    status: 'Status',
    acknowledged: 'Mottatt av rektor',
    closed: 'Avsluttet',
  },
  yes: 'Ja',
  no: 'Nei',
  legal: {
    arbeidstilsynet: 'Arbeidstilsynet varslet',
    police: 'Politiet varslet',
    confirmation: 'Skriftlig bekreftelse sendt',
    nav: 'Skademelding til NAV',
  },
  measureLine: '{description} ({role}, {due}, {state})',
  due: 'frist {date}',
  ownerRole: { principal: 'rektor', safetyRep: 'verneombud', member: 'ansatt', leader: 'skoleeier', chiefSafetyRep: 'hovedverneombud', other: 'annen', none: 'ansvarlig ikke valgt' },
  allSchools: 'Alle skoler',
  periods: { schoolYear: 'Dette skoleåret', last30Days: 'Siste 30 dager', last12Months: 'Siste 12 måneder', previousSchoolYear: 'Forrige skoleår' },
  card: {
    title: 'Skaderegister (arbeidsmiljøloven § 5-1)',
    intro: 'Registeret over hendelser med vold og trusler, én rad per sak. Det skal være tilgjengelig for Arbeidstilsynet, verneombudet, bedriftshelsetjenesten og arbeidsmiljøutvalget.',
    privacy: 'Uten navn på den som meldte eller ble utsatt, og uten oppfølgingsnotater.',
    school: 'Skole',
    period: 'Periode',
    cases: { one: '{count} sak', other: '{count} saker' },
    csv: 'Last ned CSV',
    xlsx: 'Last ned Excel (XLSX)',
    expiry: { one: 'Lenkene virker i {count} minutt og bare for deg. Trykk «Lag lenker» for nye.', other: 'Lenkene virker i {count} minutter og bare for deg. Trykk «Lag lenker» for nye.' },
    choose: 'Velg skole og periode',
    refresh: 'Lag lenker',
  },
  refusals: {
    notForYou: 'Skaderegisteret kan lastes ned av rektor og verneombud for sin skole, og av skoleeier og hovedverneombud.',
    chooseSchool: 'Velg hvilken skole du vil ha registeret for.',
    unknownSchool: 'Den skolen finnes ikke i katalogen.',
    notYourSchool: 'Du har ikke tilgang til registeret for den skolen.',
    unknownPeriod: 'Velg en av periodene.',
    badRange: 'Perioden må ha gyldige datoer, fra før til, og være høyst fem år.',
  },
  downloadLabel: 'Skaderegister',
  tab: {
    title: 'Saker',
    columns: { reference: 'Saksnummer', date: 'Dato', school: 'Skole', place: 'Sted', types: 'Type', severity: 'Alvorlighetsgrad', status: 'Status' },
    count: { one: '{count} sak', other: '{count} saker' },
    empty: 'Ingen saker med disse valgene.',
    capped: 'Viser de {count} nyeste. Snevre inn valgene for å se flere.',
    searchAll: 'Søket på saksnummer gjelder alle perioder.',
    exposed: 'Utsatt',
    measureOwner: 'Du ser tiltaket du er ansvarlig for.',
    history: 'Historikk',
    historyColumns: { when: 'Når', who: 'Hvem', what: 'Hva', text: 'Tekst' },
    measureColumns: { measure: 'Tiltak', owner: 'Ansvarlig', due: 'Frist', state: 'Status' },
    legalColumns: { step: 'Steg', done: 'Gjort' },
    dates: 'Mottatt {acknowledged} · Avsluttet {closed}',
  },
};

const nn: RegisterStrings = {
  filePrefix: 'skaderegister',
  sheetTitle: 'Skaderegister',
  columns: {
    reference: 'Saksnummer',
    dateTime: 'Dato og klokkeslett',
    school: 'Skule',
    place: 'Stad',
    types: 'Type',
    severity: 'Alvorsgrad',
    perpetrator: 'Kven stod bak',
    pupilStage: 'Trinnet til eleven',
    description: 'Kva skjedde',
    riskFactors: 'Medverkande forhold',
    injury: 'Skade',
    sickLeave: 'Sjukmeld',
    medicalTreatment: 'Legebehandling',
    legalSteps: 'Lovpålagde steg, og når dei vart gjort',
    measures: 'Tiltak (ansvarleg, frist, status)',
    status: 'Status',
    acknowledged: 'Motteke av rektor',
    closed: 'Avslutta',
  },
  yes: 'Ja',
  no: 'Nei',
  legal: {
    arbeidstilsynet: 'Arbeidstilsynet varsla',
    police: 'Politiet varsla',
    confirmation: 'Skriftleg stadfesting send',
    nav: 'Skademelding til NAV',
  },
  measureLine: '{description} ({role}, {due}, {state})',
  due: 'frist {date}',
  ownerRole: { principal: 'rektor', safetyRep: 'verneombod', member: 'tilsett', leader: 'skuleeigar', chiefSafetyRep: 'hovudverneombod', other: 'annan', none: 'ansvarleg ikkje vald' },
  allSchools: 'Alle skular',
  periods: { schoolYear: 'Dette skuleåret', last30Days: 'Siste 30 dagar', last12Months: 'Siste 12 månader', previousSchoolYear: 'Førre skuleår' },
  card: {
    title: 'Skaderegister (arbeidsmiljølova § 5-1)',
    intro: 'Registeret over hendingar med vald og truslar, éi rad per sak. Det skal vere tilgjengeleg for Arbeidstilsynet, verneombodet, bedriftshelsetenesta og arbeidsmiljøutvalet.',
    privacy: 'Utan namn på den som melde eller vart utsett, og utan oppfølgingsnotat.',
    school: 'Skule',
    period: 'Periode',
    cases: { one: '{count} sak', other: '{count} saker' },
    csv: 'Last ned CSV',
    xlsx: 'Last ned Excel (XLSX)',
    expiry: { one: 'Lenkjene verkar i {count} minutt og berre for deg. Trykk «Lag lenkjer» for nye.', other: 'Lenkjene verkar i {count} minutt og berre for deg. Trykk «Lag lenkjer» for nye.' },
    choose: 'Vel skule og periode',
    refresh: 'Lag lenkjer',
  },
  refusals: {
    notForYou: 'Skaderegisteret kan lastast ned av rektor og verneombod for sin skule, og av skuleeigar og hovudverneombod.',
    chooseSchool: 'Vel kva skule du vil ha registeret for.',
    unknownSchool: 'Den skulen finst ikkje i katalogen.',
    notYourSchool: 'Du har ikkje tilgang til registeret for den skulen.',
    unknownPeriod: 'Vel ein av periodane.',
    badRange: 'Perioden må ha gyldige datoar, frå før til, og vere høgst fem år.',
  },
  downloadLabel: 'Skaderegister',
  tab: {
    title: 'Saker',
    columns: { reference: 'Saksnummer', date: 'Dato', school: 'Skule', place: 'Stad', types: 'Type', severity: 'Alvorsgrad', status: 'Status' },
    count: { one: '{count} sak', other: '{count} saker' },
    empty: 'Ingen saker med desse vala.',
    capped: 'Viser dei {count} nyaste. Snevra inn vala for å sjå fleire.',
    searchAll: 'Søket på saksnummer gjeld alle periodar.',
    exposed: 'Utsett',
    measureOwner: 'Du ser tiltaket du er ansvarleg for.',
    history: 'Historikk',
    historyColumns: { when: 'Når', who: 'Kven', what: 'Kva', text: 'Tekst' },
    measureColumns: { measure: 'Tiltak', owner: 'Ansvarleg', due: 'Frist', state: 'Status' },
    legalColumns: { step: 'Steg', done: 'Gjort' },
    dates: 'Motteke {acknowledged} · Avslutta {closed}',
  },
};

const en: RegisterStrings = {
  filePrefix: 'injury-register',
  sheetTitle: 'Injury register',
  columns: {
    reference: 'Reference',
    dateTime: 'Date and time',
    school: 'School',
    place: 'Place',
    types: 'Type',
    severity: 'Severity',
    perpetrator: 'Who was behind it',
    pupilStage: 'Pupil stage',
    description: 'What happened',
    riskFactors: 'Contributing factors',
    injury: 'Injury',
    sickLeave: 'Sick leave',
    medicalTreatment: 'Medical treatment',
    legalSteps: 'Legal steps, and when they were done',
    measures: 'Measures (owner, due date, status)',
    status: 'Status',
    acknowledged: 'Acknowledged by the principal',
    closed: 'Closed',
  },
  yes: 'Yes',
  no: 'No',
  legal: {
    arbeidstilsynet: 'Labour Inspection notified',
    police: 'Police notified',
    confirmation: 'Written confirmation sent',
    nav: 'Injury report to NAV',
  },
  measureLine: '{description} ({role}, {due}, {state})',
  due: 'due {date}',
  ownerRole: { principal: 'principal', safetyRep: 'safety representative', member: 'employee', leader: 'school owner', chiefSafetyRep: 'chief safety representative', other: 'other', none: 'no owner chosen' },
  allSchools: 'All schools',
  periods: { schoolYear: 'This school year', last30Days: 'Last 30 days', last12Months: 'Last 12 months', previousSchoolYear: 'Previous school year' },
  card: {
    title: 'Injury register (Working Environment Act § 5-1)',
    intro: 'The register of incidents of violence and threats, one row per case. It must be available to the Labour Inspection Authority, the safety representative, the occupational health service and the working environment committee.',
    privacy: 'Without the names of who reported or was exposed, and without follow-up notes.',
    school: 'School',
    period: 'Period',
    cases: { one: '{count} case', other: '{count} cases' },
    csv: 'Download CSV',
    xlsx: 'Download Excel (XLSX)',
    expiry: { one: 'The links work for {count} minute and only for you. Press "Make links" for new ones.', other: 'The links work for {count} minutes and only for you. Press "Make links" for new ones.' },
    choose: 'Choose school and period',
    refresh: 'Make links',
  },
  refusals: {
    notForYou: 'The injury register can be downloaded by principals and safety representatives for their school, and by the school owner and the chief safety representative.',
    chooseSchool: 'Choose which school you want the register for.',
    unknownSchool: 'That school is not in the directory.',
    notYourSchool: 'You do not have access to the register of that school.',
    unknownPeriod: 'Choose one of the periods.',
    badRange: 'The period needs valid dates, from before to, and at most five years.',
  },
  downloadLabel: 'Injury register',
  tab: {
    title: 'Cases',
    columns: { reference: 'Reference', date: 'Date', school: 'School', place: 'Place', types: 'Type', severity: 'Severity', status: 'Status' },
    count: { one: '{count} case', other: '{count} cases' },
    empty: 'No cases with these choices.',
    capped: 'Showing the {count} newest. Narrow the choices to see more.',
    searchAll: 'A search by reference covers every period.',
    exposed: 'Exposed',
    measureOwner: 'You see the measure you are responsible for.',
    history: 'History',
    historyColumns: { when: 'When', who: 'Who', what: 'What', text: 'Text' },
    measureColumns: { measure: 'Measure', owner: 'Owner', due: 'Due', state: 'Status' },
    legalColumns: { step: 'Step', done: 'Done' },
    dates: 'Acknowledged {acknowledged} · Closed {closed}',
  },
};

export const registerStrings = defineStrings<RegisterStrings>({ nb, nn, en });
