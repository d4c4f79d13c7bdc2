/**
 * The legal checklist's forms: a step marked done (when, how, a reference) or
 * not applicable (a reason), and the principal's correction of the reporter's
 * classification. Each is a card of its own, opened from the case card, so
 * the case card stays small however many steps a case owes.
 */
import { cardView, type CardView } from '../../core/cards';
import { formatDateTime, formatInstant, formatLegalRef, shorten } from '../../core/format';
import { fill, type Language } from '../../core/i18n';
import { LEGAL_CHANNELS } from '../../core/legal';
import { LEGAL_HOWS, type Classification, type LegalItem, type LegalStepDone } from '../model/case';
import { LEGAL_STEPS } from '../model/legal-steps';
import { may } from '../model/permissions';
import { SEVERITIES } from '../model/report';
import { casesStrings, type CasesStrings } from '../strings';
import { noteData, personLabel, type CaseViewInput, type NoteData } from './common';

declare module '../../core/cards' {
  interface CardTypes {
    'legal-step': LegalStepCardData;
    reclassify: ReclassifyCardData;
  }
}

const TEXT_SHOWN = 200;

export interface LegalStepCardData extends NoteData {
  incidentId: string;
  reference: string;
  item: LegalItem;
  title: string;
  status: string;
  links: { title: string; url: string }[];
  phone: string;
  t: CasesStrings['legalChecklist'];
  back: string;
  howChoices: { title: string; value: string }[];
  /** The incident's date and today: the date box's bounds. */
  min: string;
  max: string;
  /** What was typed, back in the boxes after a refusal. */
  form: { date: string; time: string; how: string; reference: string; reason: string };
}

export interface ReclassifyCardData extends NoteData {
  incidentId: string;
  title: string;
  t: CasesStrings['legalChecklist']['reclassify'];
  back: string;
  severityChoices: { title: string; value: string }[];
  values: { severity: string; seriousInjury: string; sickLeave: string; medicalTreatment: string; reason: string };
}

/** How, when and under which reference a step was done, as one line: "på telefon, 02.12.2026 kl. 10:15, referanse: 2026/44". */
export function legalDetail(language: Language, entry: Omit<LegalStepDone, 'by' | 'at'>, withWhen: boolean): string {
  const t = casesStrings(language).legalChecklist;
  const parts: string[] = [];
  if (entry.how) parts.push(t.how[entry.how]);
  if (withWhen && entry.when) parts.push(formatDateTime(entry.when.date, entry.when.time, language));
  if (entry.reference) parts.push(fill(t.reference, { reference: entry.reference }));
  return parts.join(', ');
}

/** A step's line under its name: not done; done when, by whom, how; not applicable and why. */
export function legalStatus(input: Pick<CaseViewInput, 'language' | 'timeZone' | 'directory' | 'viewer' | 'case'>, entry: LegalStepDone | undefined): string {
  return legalStatusText(input.language, input.timeZone, entry, entry ? personLabel(input, entry.by) : undefined);
}

/** The same line, naming who marked it only when `name` is given: the injury register names no one. */
export function legalStatusText(language: Language, timeZone: string, entry: LegalStepDone | undefined, name?: string): string {
  const s = casesStrings(language);
  const t = s.legalChecklist;
  if (!entry) return s.legalSteps.notDone;
  const date = formatInstant(entry.at, timeZone, language);
  if (entry.reclassified) return fill(t.reclassified, { date });
  const reason = shorten(entry.reason ?? '', TEXT_SHOWN);
  if (entry.na) return name === undefined ? fill(t.notApplicableUnnamed, { date, reason }) : fill(t.notApplicable, { date, name, reason });
  const when = entry.when ? formatDateTime(entry.when.date, entry.when.time, language) : date;
  const detail = legalDetail(language, entry, false);
  const done = name === undefined ? fill(t.doneUnnamed, { when }) : fill(t.done, { when, name });
  return `${done.trim()}${detail ? `, ${detail}` : ''}`;
}

/** "alvorlighetsgrad: Lite alvorlig → Alvorlig; alvorlig personskade: nei → ja". */
export function classificationChanges(language: Language, from: Partial<Classification>, to: Partial<Classification>): string {
  const s = casesStrings(language);
  const t = s.legalChecklist.reclassify;
  const show = (field: keyof Classification, v: unknown) => (field === 'severity' ? s.choices.severity[v as Classification['severity']] : v ? t.yes : t.no);
  return (Object.keys(to) as (keyof Classification)[]).map((field) => fill(t.change, { field: t.fields[field], from: show(field, from[field]), to: show(field, to[field]) })).join('; ');
}

export function mayReclassify(input: Pick<CaseViewInput, 'case' | 'viewer'>): boolean {
  return input.case.status !== 'closed' && !input.case.anonymisedAt && may(input.viewer, 'reclassify');
}

const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 2000) : '');

/** The form for one legal step; `values`: what a refused action carried. */
export function legalStepCard(input: CaseViewInput, item: LegalItem, values: Record<string, unknown> = {}): CardView<'legal-step'> {
  const { language, case: c } = input;
  const s = casesStrings(language);
  const t = s.legalChecklist;
  const step = LEGAL_STEPS.find((x) => x.item === item)!;
  const channel = LEGAL_CHANNELS[item];
  const pick = (prefix: string, plain: string) => str(values[`${prefix}-${item}`] ?? values[prefix] ?? values[plain]);
  return cardView('legal-step', {
    ...noteData(input.note),
    incidentId: c.caseId,
    reference: c.reference,
    item,
    title: `${c.reference}: ${s.legalSteps[item]} (${formatLegalRef(language, step.ref)})`,
    status: legalStatus(input, c.legal[item]),
    links: channel ? [{ title: t.open[item], url: channel.url }] : [],
    phone: channel?.phone ? fill(t.phone, { phone: channel.phone }) : '',
    t,
    back: s.legalChecklist.back,
    howChoices: LEGAL_HOWS.map((h) => ({ title: t.howChoices[h], value: h })),
    min: c.report.date,
    max: input.today ?? '',
    form: { date: pick('legalDate', 'date'), time: pick('legalTime', 'time'), how: pick('legalHow', 'how'), reference: pick('legalRef', 'reference'), reason: pick('legalReason', 'reason') },
  });
}

/** The principal's correction of the classification, with the current values (or what a refused one carried). */
export function reclassifyCard(input: CaseViewInput, values: Record<string, unknown> = {}): CardView<'reclassify'> {
  const { language, case: c } = input;
  const s = casesStrings(language);
  const flag = (v: unknown, current: boolean) => (v === 'true' || v === 'false' ? v : current ? 'true' : 'false');
  const r = c.report;
  const severity = SEVERITIES.find((x) => x === values.newSeverity) ?? r.severity;
  return cardView('reclassify', {
    ...noteData(input.note),
    incidentId: c.caseId,
    title: fill(s.legalChecklist.reclassify.title, { reference: c.reference }),
    t: s.legalChecklist.reclassify,
    back: s.legalChecklist.back,
    severityChoices: SEVERITIES.map((v) => ({ title: s.choices.severity[v], value: v })),
    values: {
      severity,
      seriousInjury: flag(values.newSeriousInjury, r.seriousInjury),
      sickLeave: flag(values.newSickLeave, r.sickLeave),
      medicalTreatment: flag(values.newMedicalTreatment, r.medicalTreatment),
      reason: str(values.reclassifyReason),
    },
  });
}
