/**
 * What the bot holds about one person (GDPR art. 15), as pure functions of
 * what the store gave: the cases that name them, the work those cases owe
 * or owed, who opened their reports, their own audit entries and how the bot
 * reaches them. The rule for each part is the role table of docs/privacy.md:
 *
 * - A case they reported or were exposed in: what they see of it in the bot
 *   (the report, status and dates, the measures decided, the closing
 *   summary), their own additions and check-in answers with their notes,
 *   what the bot sent them, what it told others about them, and who opened
 *   the case, by role. Not the school's internal comments, nor anyone else's
 *   check-ins.
 * - A case where they only own a measure or did something: their measures
 *   and what they did, with the texts they wrote.
 * - Everyone else in those cases by role (`role:principal` ...), never by name
 *   or id; the person themself is `you`.
 */
import type { Case, HistoryEntry, Measure } from '../cases/model/case';
import type { Report } from '../cases/model/report';
import type { AuditEntry } from '../core/audit';
import type { PersonContact } from '../core/contacts';
import { findPerson, findSchool, rolesOf, type Directory } from '../core/directory';
import type { WorkItem } from '../core/work';
import type { RiskAssessment, RiskReview } from '../risk/model';
import type { StaffRecord, TrainingEntry } from '../training/model';
import { roleOf, type RoleMark } from './model';

export const OWN_DATA_FORMAT = 'tryggmeld.own-data/1';

/** The person themself, or someone else by the part they had. */
export type Who = 'you' | RoleMark;

export type CasePart = 'reporter' | 'affected' | 'measureOwner' | 'actor';

export interface OwnMeasure {
  id: string;
  /** Present when they may read it: decided for them, theirs to carry out, or written by them. */
  description?: string;
  dueDate: string;
  state: Measure['state'];
  owner: Who | null;
  proposedBy: Who;
  proposedAt: string;
  decidedBy?: Who;
  decidedAt?: string;
  /** Only when they gave it. */
  rejectReason?: string;
  doneBy?: Who;
  doneAt?: string;
}

export interface OwnEntry {
  at: string;
  action: HistoryEntry['action'];
  /** What they wrote with it: a comment, a reason, a summary. */
  text?: string;
  measureId?: string;
  item?: HistoryEntry['item'];
}

export interface OwnCheckIn {
  index: number;
  dueAt: string;
  answer?: 'ok' | 'talk' | 'bht';
  answeredAt?: string;
  note?: string;
  shared?: boolean;
  noteWithdrawnAt?: string;
}

export interface OwnMessage {
  kind: string;
  /** The notice or reminder it was, where the kind has one. */
  about?: string;
  createdAt: string;
  state: WorkItem['state'];
  dueAt?: string;
  doneAt?: string;
  skipped?: boolean;
}

export interface OwnCase {
  caseId: string;
  reference: string;
  schoolId: string;
  school: string;
  status: Case['status'];
  createdAt: string;
  acknowledgedAt?: string;
  closedAt?: string;
  parts: CasePart[];
  /** Reporter side only. */
  report?: Report;
  reportedBy?: Who;
  /** How many others were exposed, never who (reporter side only). */
  othersExposed?: number;
  closingSummary?: string;
  measures: OwnMeasure[];
  yourEntries: OwnEntry[];
  checkIns: OwnCheckIn[];
  checkInsStopped: boolean;
  /** When the bot could not reach them about the case, and who was told instead. */
  unreachable: { at: string; what: string; toldInstead: Who[] }[];
  messagesToYou: OwnMessage[];
  /** What the bot told others about them (that they could not be reached, that they asked for a talk ...). */
  toldAboutYou: { to: Who; notice: string; what: string; at: string }[];
  /** Who opened the case, by role (reporter side only). */
  openedBy: { role: string; at: string; channel: string }[];
}

export interface OwnAuditEntry {
  at: string;
  action: string;
  roles: string[];
  schoolIds: string[];
  channel: string;
  kind?: string;
  format?: string;
  params?: Record<string, string>;
  reference?: string;
  caseIds?: string[];
  count?: number;
  reason?: string;
}

/** A training or drill the person took part in, led or recorded (forskrift § 3A-5). */
export interface OwnTraining {
  date: string;
  kind: TrainingEntry['kind'];
  topic: string;
  parts: ('participant' | 'led' | 'recorded')[];
  durationMinutes?: number;
  /** What was learned: only to whoever recorded it (they wrote it). */
  notes?: string;
}

/** Something in a school's risk assessment (or a review version of it) that names the person. */
export interface OwnRiskItem {
  what: 'situation' | 'measure' | 'comment' | 'link' | 'review' | 'change';
  at: string;
  /** The situation's or the measure's description, the comment they wrote, the review note they wrote, the case reference they linked. */
  text?: string;
  parts: string[];
  state?: string;
  dueDate?: string;
  /** The review version it is in, if it is in one. */
  version?: number;
}

/** What one school's prevention documents hold about the person. */
export interface OwnPrevention {
  schoolId: string;
  school: string;
  /** In the school's staff record: when first seen, and when no longer there. */
  staff?: { firstSeenAt: string; baseline?: boolean; leftAt?: string };
  training: OwnTraining[];
  risk: OwnRiskItem[];
  messagesToYou: OwnMessage[];
}

/** A school's prevention documents and the work in its partition, as the store gave them. */
export interface PreventionInput {
  schoolId: string;
  assessment?: RiskAssessment;
  reviews: RiskReview[];
  entries: TrainingEntry[];
  staff?: StaffRecord;
  work: WorkItem[];
}

export interface OwnData {
  format: typeof OWN_DATA_FORMAT;
  createdAt: string;
  person: {
    id: string;
    name?: string;
    locale?: string;
    ownerRoles: string[];
    schools: { id: string; name: string; roles: string[] }[];
  };
  contact: { conversationId?: string; userChannelId?: string; serviceUrl?: string; locale?: string; updatedAt: string } | null;
  cases: OwnCase[];
  /** The risk assessments, training logs and staff records that name them, per school. */
  prevention: OwnPrevention[];
  audit: OwnAuditEntry[];
}

export interface OwnDataInput {
  personId: string;
  directory: Directory;
  now: Date;
  /** Every case that names the person (store: reporter, exposed, measure owner, history). */
  cases: Case[];
  /** The work of each of those cases, by case id. */
  work: Record<string, WorkItem[]>;
  /** The openings of the cases they reported or were exposed in, by case id. */
  openings: Record<string, AuditEntry[]>;
  /** Their own audit entries. */
  audit: AuditEntry[];
  contact: PersonContact | undefined;
  /** Each school's prevention documents (absent: none read). */
  prevention?: PreventionInput[];
}

/** The parts a person has in a case; none when it does not name them. */
export function partsOf(c: Case, personId: string): CasePart[] {
  const parts: CasePart[] = [];
  if (c.reporterId === personId) parts.push('reporter');
  if (c.affectedIds.includes(personId)) parts.push('affected');
  if (c.measures.some((m) => m.ownerId === personId)) parts.push('measureOwner');
  if (c.history.some((e) => e.by === personId && e.action !== 'reported')) parts.push('actor');
  return parts;
}

export function ownData(input: OwnDataInput): OwnData {
  const { personId: me, directory } = input;
  const roles = rolesOf(directory, me);
  const person = findPerson(directory, me);
  const ref = input.contact?.reference;
  return {
    format: OWN_DATA_FORMAT,
    createdAt: input.now.toISOString(),
    person: {
      id: me,
      ...(person?.name ? { name: person.name } : {}),
      ...(person?.locale ? { locale: person.locale } : {}),
      ownerRoles: [...roles.owner],
      schools: [...roles.schools.entries()].map(([id, r]) => ({ id, name: findSchool(directory, id)?.name ?? id, roles: [...r] })),
    },
    contact: input.contact
      ? { conversationId: ref?.conversationId, userChannelId: ref?.userChannelId, serviceUrl: ref?.serviceUrl, locale: input.contact.locale, updatedAt: input.contact.updatedAt }
      : null,
    cases: input.cases
      .filter((c) => partsOf(c, me).length > 0)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
      .map((c) => ownCase(input, c)),
    prevention: (input.prevention ?? []).map((p) => ownPrevention(me, directory, p)).filter((p): p is OwnPrevention => p !== undefined),
    audit: input.audit.map((e) => ({
      at: e.at,
      action: e.action,
      roles: e.roles,
      schoolIds: e.schoolIds,
      channel: e.channel,
      ...(e.kind ? { kind: e.kind } : {}),
      ...(e.format ? { format: e.format } : {}),
      ...(e.params ? { params: e.params } : {}),
      ...(e.reference ? { reference: e.reference } : {}),
      ...(e.caseIds ? { caseIds: e.caseIds } : {}),
      ...(e.count !== undefined ? { count: e.count } : {}),
      ...(e.reason ? { reason: e.reason } : {}),
    })),
  };
}

function ownCase(input: OwnDataInput, c: Case): OwnCase {
  const { personId: me, directory } = input;
  const parts = partsOf(c, me);
  const reporterSide = parts.includes('reporter') || parts.includes('affected');
  const who = (id: string | undefined): Who | null => (id === undefined ? null : id === me ? 'you' : roleOf(directory, c, id));
  const whom = (id: string): Who => who(id)!;

  const measures = c.measures
    .filter((m) => (reporterSide && (m.state === 'approved' || m.state === 'done')) || [m.ownerId, m.proposedBy, m.decidedBy, m.doneBy].includes(me))
    .map((m): OwnMeasure => {
      const readable = reporterSide || m.ownerId === me || m.proposedBy === me;
      return {
        id: m.id,
        ...(readable ? { description: m.description } : {}),
        dueDate: m.dueDate,
        state: m.state,
        owner: who(m.ownerId),
        proposedBy: whom(m.proposedBy),
        proposedAt: m.proposedAt,
        ...(m.decidedBy ? { decidedBy: whom(m.decidedBy), decidedAt: m.decidedAt } : {}),
        ...(m.rejectReason && m.decidedBy === me ? { rejectReason: m.rejectReason } : {}),
        ...(m.doneBy ? { doneBy: whom(m.doneBy), doneAt: m.doneAt } : {}),
      };
    });

  const work = input.work[c.caseId] ?? [];
  const messagesToYou = work
    .filter((w) => 'recipientId' in w && w.recipientId === me && w.kind !== 'card.update')
    .map((w): OwnMessage => {
      const about = w.kind === 'case.notice' ? w.notice : w.kind === 'reminder' ? w.reminder : w.kind === 'case.new' ? w.role : undefined;
      return { kind: w.kind, ...(about ? { about } : {}), createdAt: w.createdAt, state: w.state, ...(w.dueAt ? { dueAt: w.dueAt } : {}), ...(w.doneAt ? { doneAt: w.doneAt } : {}), ...(w.skipped ? { skipped: true } : {}) };
    })
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  const toldAboutYou = work.flatMap((w) => (w.kind === 'case.notice' && w.about?.recipientId === me ? [{ to: whom(w.recipientId), notice: w.notice, what: w.about.what, at: w.createdAt }] : []));

  return {
    caseId: c.caseId,
    reference: c.reference,
    schoolId: c.schoolId,
    school: findSchool(directory, c.schoolId)?.name ?? c.schoolId,
    status: c.status,
    createdAt: c.createdAt,
    ...(c.acknowledgedAt ? { acknowledgedAt: c.acknowledgedAt } : {}),
    ...(c.closedAt ? { closedAt: c.closedAt } : {}),
    parts,
    ...(reporterSide
      ? {
          report: c.report,
          reportedBy: whom(c.reporterId),
          othersExposed: c.affectedIds.filter((id) => id !== me).length,
          ...(c.closingSummary ? { closingSummary: c.closingSummary } : {}),
        }
      : {}),
    measures,
    yourEntries: c.history
      .filter((e) => e.by === me)
      .map((e) => ({ at: e.at, action: e.action, ...(e.text ? { text: e.text } : {}), ...(e.measureId ? { measureId: e.measureId } : {}), ...(e.item ? { item: e.item } : {}) })),
    checkIns: c.followUps
      .filter((f) => f.personId === me)
      .map((f) => ({
        index: f.index,
        dueAt: f.dueAt,
        ...(f.answer ? { answer: f.answer, answeredAt: f.answeredAt } : {}),
        ...(f.note ? { note: f.note, shared: Boolean(f.shared) } : {}),
        ...(f.noteWithdrawnAt ? { noteWithdrawnAt: f.noteWithdrawnAt } : {}),
      })),
    checkInsStopped: c.followUpsStoppedBy.includes(me),
    unreachable: c.unreachable.filter((u) => u.recipientId === me).map((u) => ({ at: u.at, what: u.what, toldInstead: u.toldInstead.map(whom) })),
    messagesToYou,
    toldAboutYou,
    openedBy: reporterSide
      ? (input.openings[c.caseId] ?? []).filter((e) => e.actorId !== me).map((e) => ({ role: e.roles[0] ?? 'staff', at: e.at, channel: e.channel }))
      : [],
  };
}

/** The cases whose data the file holds (for the audit trail of its download). */
export function caseIdsOf(data: OwnData): string[] {
  return data.cases.map((c) => c.caseId);
}

/** What a school's prevention documents hold about the person; undefined when they name them nowhere. */
export function ownPrevention(me: string, directory: Directory, input: PreventionInput): OwnPrevention | undefined {
  const training = input.entries
    .filter((e) => e.participants.includes(me) || e.ledById === me || e.recordedBy === me)
    .sort((a, b) => (a.date < b.date ? 1 : -1))
    .map((e): OwnTraining => {
      const parts = [...(e.participants.includes(me) ? ['participant' as const] : []), ...(e.ledById === me ? ['led' as const] : []), ...(e.recordedBy === me ? ['recorded' as const] : [])];
      return { date: e.date, kind: e.kind, topic: e.topic, parts, ...(e.durationMinutes ? { durationMinutes: e.durationMinutes } : {}), ...(e.notes && e.recordedBy === me ? { notes: e.notes } : {}) };
    });

  const risk: OwnRiskItem[] = [];
  const fromAssessment = (a: Pick<RiskAssessment, 'comments' | 'changes'> & { situations?: RiskAssessment['situations'] }, version?: number) => {
    const v = version === undefined ? {} : { version };
    for (const s of a.situations ?? []) {
      const parts = [...(s.createdBy === me ? ['added'] : []), ...(s.updatedBy === me && s.updatedAt !== s.createdAt ? ['changed'] : [])];
      if (parts.length > 0) risk.push({ what: 'situation', at: s.updatedAt, text: s.description, parts, state: s.status });
      for (const m of s.measures) {
        const mParts = [...(m.ownerId === me ? ['owner'] : []), ...(m.proposedBy === me ? ['proposed'] : []), ...(m.decidedBy === me ? ['decided'] : []), ...(m.doneBy === me ? ['done'] : []), ...(m.evaluation?.by === me ? ['evaluated'] : [])];
        if (mParts.length > 0) risk.push({ what: 'measure', at: m.doneAt ?? m.decidedAt ?? m.proposedAt, text: m.description, parts: mParts, state: m.state, dueDate: m.dueDate });
      }
      for (const l of s.linkedCases) if (l.by === me) risk.push({ what: 'link', at: l.at, text: l.reference, parts: ['linked'] });
    }
    for (const c of a.comments) if (c.by === me) risk.push({ what: 'comment', at: c.at, text: c.text, parts: ['wrote'], ...v });
    for (const c of a.changes) if (c.by === me) risk.push({ what: 'change', at: c.at, parts: [c.action], ...v });
  };
  if (input.assessment) fromAssessment(input.assessment);
  for (const r of input.reviews) {
    const parts = [...(r.by === me ? ['reviewed'] : []), ...(r.safetyRepsAsked.includes(me) ? ['asked'] : []), ...(r.safetyRepsCommented.includes(me) ? ['commented'] : [])];
    if (parts.length > 0) risk.push({ what: 'review', at: r.at, parts, version: r.no, ...(r.by === me && r.note ? { text: r.note } : {}) });
    fromAssessment(r, r.no);
  }
  risk.sort((a, b) => (a.at < b.at ? 1 : -1));

  const messagesToYou = input.work
    .filter((w) => (w.kind === 'risk.notice' || w.kind === 'training.notice') && w.recipientId === me)
    .map((w): OwnMessage => {
      const about = w.kind === 'risk.notice' ? w.notice : w.kind === 'training.notice' ? w.item : undefined;
      return { kind: w.kind, ...(about ? { about } : {}), createdAt: w.createdAt, state: w.state, ...(w.dueAt ? { dueAt: w.dueAt } : {}), ...(w.doneAt ? { doneAt: w.doneAt } : {}), ...(w.skipped ? { skipped: true } : {}) };
    })
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));

  const staff = input.staff?.people[me];
  if (training.length === 0 && risk.length === 0 && messagesToYou.length === 0 && !staff) return undefined;
  return {
    schoolId: input.schoolId,
    school: findSchool(directory, input.schoolId)?.name ?? input.schoolId,
    ...(staff ? { staff: { ...staff } } : {}),
    training,
    risk,
    messagesToYou,
  };
}
