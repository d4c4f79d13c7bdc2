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
