/**
 * What the privacy feature shows: "Sist åpnet av" for a case, the card with
 * links to a person's own data, and that data as a readable document (the
 * PDF's model, core/pdf.ts renders it). Channel-neutral data; the layout is
 * in cards/ and core/pdf.ts.
 */
import { casesStrings, type Case } from '../cases';
import type { Viewer } from '../cases/model/access';
import { cardView, type CardView } from '../core/cards';
import { nameOf, type Directory } from '../core/directory';
import { formatDate, formatDateTime, formatInstant, joinList } from '../core/format';
import { fill, plural, type Language } from '../core/i18n';
import type { PdfBlock, PdfDocumentModel } from '../core/pdf';
import type { PersonOpenings } from './model';
import { trainingStrings } from '../training';
import type { OwnCase, OwnData, OwnPrevention, Who } from './own-data';
import { privacyStrings, type PrivacyStrings } from './strings';

declare module '../core/cards' {
  interface CardTypes {
    'case-openings': CaseOpeningsCardData;
    'my-data': MyDataCardData;
  }
}

export interface CaseOpeningsCardData {
  incidentId: string;
  title: string;
  intro: string;
  lines: { name: string; detail: string }[];
  empty: string;
  more: string;
  hidden: string;
  back: string;
}

const OPENINGS_SHOWN = 15;

/** A role word for an audit entry's role or a case role mark (`role:principal`). */
export function roleWord(language: Language, role: string): string {
  const words = privacyStrings(language).roles as Record<string, string>;
  const key = role.startsWith('role:') ? role.slice(5) : role;
  return words[key] ?? key;
}

export function caseOpeningsCard(input: { language: Language; directory: Directory; timeZone: string; case: Pick<Case, 'caseId' | 'reference'>; viewer: Viewer; openings: PersonOpenings[] }): CardView<'case-openings'> {
  const { language, directory, timeZone, viewer, openings } = input;
  const s = privacyStrings(language).openings;
  const leader = viewer === 'leader';
  const shown = openings.slice(0, OPENINGS_SHOWN);
  const more = openings.length - shown.length;
  return cardView('case-openings', {
    incidentId: input.case.caseId,
    title: fill(s.title, { reference: input.case.reference }),
    intro: leader ? s.introLeader : s.intro,
    lines: shown.map((o) => ({
      name: nameOf(directory, o.actorId, roleWord(language, 'staff')),
      detail: `${fill(s.line, { role: roleWord(language, o.role), date: formatInstant(o.last, timeZone, language) })} (${plural(language, s.times, o.times)})`,
    })),
    empty: openings.length === 0 ? s.empty : '',
    more: more > 0 ? plural(language, s.more, more) : '',
    hidden: leader ? s.hiddenForLeader : '',
    back: s.back,
  });
}

// ---------------------------------------------------------------- the card with the links

export interface MyDataCardData {
  title: string;
  intro: string;
  facts: { title: string; value: string }[];
  links: { title: string; url: string }[];
  expiry: string;
  notIncluded: string;
  renew: string;
}

export interface OwnDataCounts {
  reported: number;
  named: number;
  checkIns: number;
  audit: number;
  /** Training entries and risk-assessment items that name the person. */
  prevention: number;
}

export function ownDataCounts(data: OwnData): OwnDataCounts {
  const reporterSide = (c: OwnCase) => c.parts.includes('reporter') || c.parts.includes('affected');
  return {
    reported: data.cases.filter(reporterSide).length,
    named: data.cases.filter((c) => !reporterSide(c)).length,
    checkIns: data.cases.reduce((n, c) => n + c.checkIns.filter((f) => f.answer).length, 0),
    audit: data.audit.length,
    prevention: data.prevention.reduce((n, p) => n + p.training.length + p.risk.length, 0),
  };
}

export function myDataCard(input: { language: Language; counts: OwnDataCounts; links: { pdf: string; json: string }; minutes: number }): CardView<'my-data'> {
  const { language, counts } = input;
  const s = privacyStrings(language).myData;
  return cardView('my-data', {
    title: s.title,
    intro: s.intro,
    facts: [
      { title: s.facts.reported, value: String(counts.reported) },
      { title: s.facts.named, value: String(counts.named) },
      { title: s.facts.checkIns, value: String(counts.checkIns) },
      { title: s.facts.prevention, value: String(counts.prevention) },
      { title: s.facts.audit, value: String(counts.audit) },
    ],
    links: [
      { title: s.pdf, url: input.links.pdf },
      { title: s.json, url: input.links.json },
    ],
    expiry: plural(language, s.expiry, input.minutes),
    notIncluded: s.notIncluded,
    renew: s.renew,
  });
}

// ---------------------------------------------------------------- the readable document

type Doc = PrivacyStrings['document'];

export function ownDataDocument(input: { language: Language; directory: Directory; timeZone: string; now: Date; data: OwnData }): PdfDocumentModel {
  const { language, timeZone, data } = input;
  const p = privacyStrings(language);
  const d = p.document;
  const when = (iso: string) => formatInstant(iso, timeZone, language);
  const today = formatInstant(input.now.toISOString(), timeZone, language);
  const name = data.person.name ?? data.person.id;

  const roles = [
    ...data.person.ownerRoles.map((r) => roleWord(language, r)),
    ...data.person.schools.map((sc) => `${joinList(sc.roles.map((r) => roleWord(language, r)))}, ${sc.name}`),
  ];
  const blocks: PdfBlock[] = [
    { kind: 'paragraph', text: p.myData.intro },
    { kind: 'heading', level: 1, text: d.about },
    {
      kind: 'facts',
      facts: [
        { title: d.name, value: data.person.name ?? '–' },
        { title: d.id, value: data.person.id },
        { title: d.language, value: data.person.locale ?? '–' },
        { title: d.roles, value: roles.length > 0 ? roles.join('; ') : d.noRoles },
        { title: d.contact, value: data.contact ? fill(d.contactStored, { date: when(data.contact.updatedAt) }) : d.contactNone },
      ],
    },
  ];
  const own = data.cases.filter((c) => c.parts.includes('reporter') || c.parts.includes('affected'));
  const named = data.cases.filter((c) => !own.includes(c));
  blocks.push({ kind: 'heading', level: 1, text: d.ownCases });
  if (own.length === 0) blocks.push({ kind: 'paragraph', text: d.none, subtle: true });
  for (const c of own) blocks.push(...caseBlocks(language, timeZone, c));
  blocks.push({ kind: 'heading', level: 1, text: d.namedCases });
  if (named.length === 0) blocks.push({ kind: 'paragraph', text: d.none, subtle: true });
  for (const c of named) blocks.push(...caseBlocks(language, timeZone, c));

  if (data.prevention.length > 0) {
    blocks.push({ kind: 'heading', level: 1, text: d.prevention.title });
    for (const p of data.prevention) blocks.push(...preventionBlocks(language, timeZone, p));
  }

  blocks.push({ kind: 'heading', level: 1, text: d.audit });
  blocks.push({
    kind: 'table',
    table: {
      columns: [
        { title: d.auditColumns.at, width: 0.24 },
        { title: d.auditColumns.action, width: 0.24 },
        { title: d.auditColumns.role, width: 0.22 },
        { title: d.auditColumns.what, width: 0.3 },
      ],
      rows: data.audit.map((e) => [
        when(e.at),
        d.auditActions[e.action] ?? e.action,
        joinList(e.roles.map((r) => roleWord(language, r))),
        e.reference ?? [e.kind ? (d.auditKinds[e.kind] ?? e.kind) : '', e.format?.toUpperCase() ?? '', e.count ? plural(language, d.cases, e.count) : ''].filter(Boolean).join(' · '),
      ]),
      empty: d.auditNone,
    },
  });
  blocks.push({ kind: 'heading', level: 1, text: d.notIncludedTitle }, { kind: 'paragraph', text: p.myData.notIncluded });

  return {
    title: p.myData.title,
    subtitle: fill(d.subtitle, { name, date: today }),
    footer: fill(d.footer, { date: today }),
    pageOf: d.pageOf,
    language: language === 'en' ? 'en' : language === 'nn' ? 'nn-NO' : 'nb-NO',
    createdAt: input.now,
    blocks,
  };
}

function whoWord(language: Language, who: Who | null, d: Doc): string {
  if (who === null) return d.noOwner;
  return who === 'you' ? privacyStrings(language).roles.you : roleWord(language, who);
}

function caseBlocks(language: Language, timeZone: string, c: OwnCase): PdfBlock[] {
  const d = privacyStrings(language).document;
  const cs = casesStrings(language);
  const when = (iso: string) => formatInstant(iso, timeZone, language);
  const blocks: PdfBlock[] = [{ kind: 'heading', level: 2, text: fill(d.caseHeading, { reference: c.reference, school: c.school }) }];
  const facts = [
    { title: d.yourPart, value: joinList(c.parts.map((x) => d.parts[x])) },
    { title: d.status, value: cs.status[c.status] },
    { title: d.created, value: when(c.createdAt) },
    ...(c.acknowledgedAt ? [{ title: d.acknowledged, value: when(c.acknowledgedAt) }] : []),
    ...(c.closedAt ? [{ title: d.closed, value: when(c.closedAt) }] : []),
  ];
  const r = c.report;
  if (r) {
    facts.push(
      { title: cs.caseCard.when, value: formatDateTime(r.date, r.time, language) },
      { title: cs.caseCard.where, value: cs.choices.location[r.location] },
      { title: cs.caseCard.types, value: joinList(r.types.map((t) => cs.choices.types[t])) },
      { title: cs.caseCard.severity, value: cs.choices.severity[r.severity] },
    );
    if (r.perpetrator) facts.push({ title: cs.caseCard.perpetrator, value: cs.choices.perpetrator[r.perpetrator] + (r.pupilStage ? ` (${cs.choices.pupilStage[r.pupilStage]})` : '') });
    if (r.injury) facts.push({ title: cs.caseCard.injury, value: cs.choices.injury[r.injury] });
    const consequences = (['seriousInjury', 'sickLeave', 'medicalTreatment', 'policeInvolved', 'physicalIntervention'] as const).filter((t) => r[t]).map((t) => cs.caseCard.consequence[t]);
    if (consequences.length > 0) facts.push({ title: cs.caseCard.consequences, value: joinList(consequences) });
    if (r.riskFactors.length > 0) facts.push({ title: cs.caseCard.riskFactors, value: joinList(r.riskFactors.map((f) => cs.choices.riskFactors[f])) });
    if (c.reportedBy) facts.push({ title: d.reportedBy, value: whoWord(language, c.reportedBy, d) });
    if (c.othersExposed) facts.push({ title: d.othersExposed, value: String(c.othersExposed) });
  }
  blocks.push({ kind: 'facts', facts });
  if (r) {
    blocks.push({ kind: 'paragraph', text: `${cs.caseCard.description}: ${r.description}` });
    if (r.immediateActions) blocks.push({ kind: 'paragraph', text: `${cs.caseCard.immediateActions}: ${r.immediateActions}` });
  }
  if (c.closingSummary) blocks.push({ kind: 'paragraph', text: `${cs.caseCard.summary}: ${c.closingSummary}` });

  const list = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    blocks.push({ kind: 'paragraph', text: title, subtle: true });
    for (const line of lines) blocks.push({ kind: 'paragraph', text: `• ${line}` });
  };
  list(
    d.measures,
    c.measures.map((m) => {
      const meta = fill(d.measureMeta, { due: formatDate(m.dueDate, language), state: cs.measures.state[m.state], owner: whoWord(language, m.owner, d) });
      const reason = m.rejectReason ? ` ${fill(d.rejectReason, { text: m.rejectReason })}` : '';
      return `${m.description ?? d.schoolText} (${meta})${reason}`;
    }),
  );
  list(
    d.yourEntries,
    c.yourEntries.map((e) => {
      const what = fill(cs.history.actions[e.action], { item: e.item ? cs.legalSteps[e.item] : '' });
      return `${when(e.at)}: ${what}${e.text ? ` – «${e.text}»` : ''}`;
    }),
  );
  list(
    d.checkIns,
    c.checkIns.map((f) => {
      const answer = f.answer ? cs.followUps.ownAnswers[f.answer] : d.notAnswered;
      const head = fill(d.checkIn, { index: f.index + 1, date: when(f.answeredAt ?? f.dueAt), answer });
      const note = f.note ? ` ${fill(d.note, { note: f.note, shared: f.shared ? d.shared : d.notShared })}` : '';
      const withdrawn = f.noteWithdrawnAt ? ` ${fill(d.withdrawn, { date: when(f.noteWithdrawnAt) })}` : '';
      return `${head}${note}${withdrawn}`;
    }),
  );
  if (c.checkInsStopped) blocks.push({ kind: 'paragraph', text: d.stopped });
  list(
    d.unreachable,
    c.unreachable.map((u) => fill(d.unreachableLine, { date: when(u.at), what: d.kinds[u.what] ?? u.what, instead: u.toldInstead.length > 0 ? joinList(u.toldInstead.map((w) => whoWord(language, w, d))) : d.nobody })),
  );
  list(
    d.messages,
    c.messagesToYou.map((m) => {
      const kind = d.kinds[m.kind] ?? m.kind;
      if (m.state === 'open') return `${kind}: ${fill(d.planned, { date: when(m.dueAt ?? m.createdAt) })}`;
      return `${fill(d.messageLine, { date: when(m.doneAt ?? m.createdAt), kind })}${m.skipped ? ` (${d.skipped})` : ''}`;
    }),
  );
  list(
    d.told,
    c.toldAboutYou.map((t) => fill(d.toldLine, { date: when(t.at), to: whoWord(language, t.to, d), what: d.notices[t.notice] ?? t.notice })),
  );
  if (c.parts.includes('reporter') || c.parts.includes('affected')) {
    list(d.openedBy, c.openedBy.length > 0 ? c.openedBy.map((o) => fill(d.openedLine, { role: roleWord(language, o.role), date: when(o.at) })) : [d.notOpened]);
  }
  return blocks;
}

function preventionBlocks(language: Language, timeZone: string, p: OwnPrevention): PdfBlock[] {
  const d = privacyStrings(language).document.prevention;
  const when = (iso: string) => formatInstant(iso, timeZone, language);
  const part = (x: string) => d.parts[x as keyof typeof d.parts] ?? x;
  const blocks: PdfBlock[] = [];
  if (p.staff) blocks.push({ kind: 'paragraph', text: `${p.school}: ${fill(d.staff, { date: when(p.staff.firstSeenAt) })}${p.staff.leftAt ? ` ${fill(d.left, { date: when(p.staff.leftAt) })}` : ''}` });
  if (p.training.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: `${p.school} · ${d.training}` });
    blocks.push({
      kind: 'table',
      table: {
        columns: [
          { title: d.trainingColumns.date, width: 0.16 },
          { title: d.trainingColumns.kind, width: 0.2 },
          { title: d.trainingColumns.topic, width: 0.44 },
          { title: d.trainingColumns.part, width: 0.2 },
        ],
        rows: p.training.map((t) => [formatDate(t.date, language), trainingStrings(language).kinds[t.kind], t.notes ? `${t.topic}. ${t.notes}` : t.topic, joinList(t.parts.map(part))]),
        empty: '',
      },
    });
  }
  if (p.risk.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: `${p.school} · ${d.risk}` });
    blocks.push({
      kind: 'table',
      table: {
        columns: [
          { title: d.riskColumns.at, width: 0.2 },
          { title: d.riskColumns.what, width: 0.2 },
          { title: d.riskColumns.part, width: 0.2 },
          { title: d.riskColumns.text, width: 0.4 },
        ],
        rows: p.risk.map((r) => [when(r.at), r.version ? `${d.what[r.what]} (${fill(d.version, { no: r.version })})` : d.what[r.what], joinList(r.parts.map(part)), r.text ?? '']),
        empty: '',
      },
    });
  }
  if (p.messagesToYou.length > 0) blocks.push({ kind: 'paragraph', text: plural(language, d.messages, p.messagesToYou.length), subtle: true });
  return blocks;
}
