/**
 * The life of a case as pure functions: a command by someone, on a case, at a
 * time, gives the changed case and what happened, or a refusal that changes
 * nothing.
 */
import { isReporterSide, type Viewer } from './access';
import { CLASSIFICATION_FIELDS, type Case, type Classification, type FollowUpAnswer, type HistoryEntry, type LegalHow, type LegalItem, type LocalWhen, type Measure } from './case';
import { legalAfterReclassification, outstandingLegalSteps, requiredLegalSteps } from './legal-steps';
import { isSerious, type Severity } from './report';
import { may, type CaseVerb } from './permissions';

export type CaseCommand =
  | { verb: 'acknowledge' }
  | { verb: 'comment'; text: string }
  | { verb: 'measure.propose'; description: string; ownerId?: string; dueDate: string }
  | { verb: 'measure.approve'; measureId: string }
  | { verb: 'measure.reject'; measureId: string; reason: string }
  | { verb: 'measure.complete'; measureId: string }
  /** Done: when (absent: now), how and a reference, each if given. */
  | { verb: 'legal.mark'; item: LegalItem; when?: LocalWhen; how?: LegalHow; reference?: string }
  /** "Ikke aktuelt", with the principal's reason. */
  | { verb: 'legal.notApplicable'; item: LegalItem; reason: string }
  /** A mistaken tick (done or not applicable) taken back; the history keeps both. */
  | { verb: 'legal.undo'; item: LegalItem; reason?: string }
  /** The principal corrects the reporter's classification, with a reason; the original is kept. */
  | { verb: 'reclassify'; to: Partial<Classification>; reason: string }
  | { verb: 'close'; summary: string }
  | { verb: 'followup.answer'; followUpId: string; answer: FollowUpAnswer; note?: string; share: boolean; noMore: boolean }
  /** The employee takes back the note they wrote with a check-in: it is removed, the history says a note was withdrawn. */
  | { verb: 'followup.withdrawNote'; followUpId: string };

export type CaseEvent =
  /** A new case: the report was accepted. */
  | { type: 'reported' }
  | { type: 'acknowledged' }
  | { type: 'commented'; fromReporterSide: boolean }
  | { type: 'measureProposed'; measureId: string; byRole: Viewer }
  | { type: 'measureApproved'; measureId: string }
  | { type: 'measureRejected'; measureId: string }
  | { type: 'measureDone'; measureId: string }
  | { type: 'legalMarked'; item: LegalItem }
  | { type: 'legalNotApplicable'; item: LegalItem }
  | { type: 'legalUndone'; item: LegalItem }
  /** The classification changed: what it was, so consequences can tell what became newly serious or severe. */
  | { type: 'reclassified'; wasSerious: boolean; severityBefore: Severity }
  | { type: 'followUpAnswered'; personId: string; answer: FollowUpAnswer }
  | { type: 'noteWithdrawn'; personId: string }
  | { type: 'closed' };

export type Refusal =
  | { code: 'notAllowed' }
  | { code: 'closed' }
  | { code: 'alreadyAcknowledged' }
  | { code: 'notAcknowledged' }
  | { code: 'measureNotFound' }
  | { code: 'measureAlreadyDecided' }
  | { code: 'measureNotApproved' }
  | { code: 'legalNotRequired' }
  | { code: 'legalAlreadyDone' }
  | { code: 'legalAlreadyNotApplicable' }
  | { code: 'legalNotMarked' }
  | { code: 'legalReclassified' }
  | { code: 'reclassifyUnchanged' }
  | { code: 'followUpNotFound' }
  | { code: 'followUpAlreadyAnswered' }
  | { code: 'noNoteToWithdraw' }
  | { code: 'outstanding'; openMeasures: number; undecidedMeasures: number; legal: LegalItem[] };

export type TransitionResult = { ok: true; case: Case; events: CaseEvent[] } | { ok: false; refusal: Refusal };

export interface Actor {
  id: string;
  viewer: Viewer;
}

/** The permission each command needs. */
export const PERMISSION_OF: Record<CaseCommand['verb'], CaseVerb> = {
  acknowledge: 'acknowledge',
  comment: 'comment',
  'measure.propose': 'measure.propose',
  'measure.approve': 'measure.approve',
  'measure.reject': 'measure.reject',
  'measure.complete': 'measure.complete',
  'legal.mark': 'legal.mark',
  'legal.notApplicable': 'legal.mark',
  'legal.undo': 'legal.mark',
  reclassify: 'reclassify',
  close: 'close',
  'followup.answer': 'followup.answer',
  'followup.withdrawNote': 'followup.withdrawNote',
};

const refuse = (refusal: Refusal): TransitionResult => ({ ok: false, refusal });

/** What keeps a case from being closed: a case is closed when what was decided is done and the law's steps are taken. */
export function closeBlockers(c: Pick<Case, 'measures' | 'report' | 'legal'>): Extract<Refusal, { code: 'outstanding' }> | undefined {
  const openMeasures = c.measures.filter((m) => m.state === 'approved').length;
  const undecidedMeasures = c.measures.filter((m) => m.state === 'proposed').length;
  const legal = outstandingLegalSteps(c);
  return openMeasures + undecidedMeasures + legal.length > 0 ? { code: 'outstanding', openMeasures, undecidedMeasures, legal } : undefined;
}

export function applyCommand(c: Case, cmd: CaseCommand, actor: Actor, now: Date): TransitionResult {
  const measure = 'measureId' in cmd ? c.measures.find((m) => m.id === cmd.measureId) : undefined;
  const onFollowUp = cmd.verb === 'followup.answer' || cmd.verb === 'followup.withdrawNote';
  const followUp = onFollowUp ? c.followUps.find((f) => f.id === cmd.followUpId) : undefined;
  // Measures may be completed by their owner; check-ins answered (and notes withdrawn) only by the one they were sent to.
  const owns = onFollowUp ? followUp?.personId === actor.id : measure?.ownerId === actor.id;
  if (!may(actor.viewer, PERMISSION_OF[cmd.verb], owns)) return refuse({ code: 'notAllowed' });
  // Reactions can come late: a check-in is answered, and a note withdrawn, also after the case is closed.
  if (c.status === 'closed' && !onFollowUp) return refuse({ code: 'closed' });
  if ('measureId' in cmd && !measure) return refuse({ code: 'measureNotFound' });

  const at = now.toISOString();
  const entry = (e: Omit<HistoryEntry, 'at' | 'by'>): HistoryEntry => ({ at, by: actor.id, ...e });
  const next = (changes: Partial<Case>, history: HistoryEntry[], events: CaseEvent[]): TransitionResult => ({
    ok: true,
    case: { ...c, ...changes, revision: c.revision + 1, updatedAt: at, history: [...c.history, ...history] },
    events,
  });
  const withMeasure = (m: Measure, changes: Partial<Measure>): Measure[] => c.measures.map((x) => (x.id === m.id ? { ...x, ...changes } : x));
  // A principal who decides on a measure has received the case: the first decision acknowledges it too,
  // so nobody has to press "Bekreft mottatt" first, and the reporter is told as for an acknowledgement.
  const acknowledgedWithDecision = (): { changes: Partial<Case>; history: HistoryEntry[]; events: CaseEvent[] } =>
    c.status === 'reported'
      ? { changes: { status: 'acknowledged', acknowledgedAt: at }, history: [entry({ action: 'acknowledged' })], events: [{ type: 'acknowledged' }] }
      : { changes: {}, history: [], events: [] };

  switch (cmd.verb) {
    case 'acknowledge':
      if (c.status !== 'reported') return refuse({ code: 'alreadyAcknowledged' });
      return next({ status: 'acknowledged', acknowledgedAt: at }, [entry({ action: 'acknowledged' })], [{ type: 'acknowledged' }]);

    case 'comment': {
      const fromReporterSide = isReporterSide(actor.viewer);
      return next({}, [entry({ action: 'commented', text: cmd.text, ...(fromReporterSide ? { fromReporterSide } : {}) })], [{ type: 'commented', fromReporterSide }]);
    }

    case 'measure.propose': {
      const id = `m${c.measures.length + 1}`;
      const proposed: Measure = { id, description: cmd.description, dueDate: cmd.dueDate, state: 'proposed', proposedBy: actor.id, proposedAt: at, ...(cmd.ownerId ? { ownerId: cmd.ownerId } : {}) };
      const proposal = { history: [entry({ action: 'measureProposed', measureId: id })], events: [{ type: 'measureProposed', measureId: id, byRole: actor.viewer } as CaseEvent] };
      // The one who decides need not ask themselves: the principal's proposal is approved at once
      // ("Foreslå og godkjenn"), and the history keeps both steps. Others' proposals wait for the principal.
      if (!may(actor.viewer, 'measure.approve')) return next({ measures: [...c.measures, proposed] }, proposal.history, proposal.events);
      const ack = acknowledgedWithDecision();
      return next(
        { ...ack.changes, measures: [...c.measures, { ...proposed, state: 'approved', decidedBy: actor.id, decidedAt: at }], status: 'measures' },
        [...ack.history, ...proposal.history, entry({ action: 'measureApproved', measureId: id })],
        [...ack.events, ...proposal.events, { type: 'measureApproved', measureId: id }],
      );
    }

    case 'measure.approve':
    case 'measure.reject': {
      const m = measure!;
      if (m.state !== 'proposed') return refuse({ code: 'measureAlreadyDecided' });
      const ack = acknowledgedWithDecision();
      if (cmd.verb === 'measure.reject') {
        return next(
          { ...ack.changes, measures: withMeasure(m, { state: 'rejected', decidedBy: actor.id, decidedAt: at, rejectReason: cmd.reason }) },
          [...ack.history, entry({ action: 'measureRejected', measureId: m.id, text: cmd.reason })],
          [...ack.events, { type: 'measureRejected', measureId: m.id }],
        );
      }
      return next(
        { ...ack.changes, measures: withMeasure(m, { state: 'approved', decidedBy: actor.id, decidedAt: at }), status: 'measures' },
        [...ack.history, entry({ action: 'measureApproved', measureId: m.id })],
        [...ack.events, { type: 'measureApproved', measureId: m.id }],
      );
    }

    case 'measure.complete': {
      const m = measure!;
      if (m.state !== 'approved') return refuse({ code: 'measureNotApproved' });
      return next({ measures: withMeasure(m, { state: 'done', doneBy: actor.id, doneAt: at }) }, [entry({ action: 'measureDone', measureId: m.id })], [{ type: 'measureDone', measureId: m.id }]);
    }

    case 'legal.mark':
    case 'legal.notApplicable': {
      if (!requiredLegalSteps(c.report).includes(cmd.item)) return refuse({ code: 'legalNotRequired' });
      const existing = c.legal[cmd.item];
      if (existing) return refuse({ code: existing.na ? 'legalAlreadyNotApplicable' : 'legalAlreadyDone' });
      const detail =
        cmd.verb === 'legal.mark'
          ? { ...(cmd.when ? { when: cmd.when } : {}), ...(cmd.how ? { how: cmd.how } : {}), ...(cmd.reference ? { reference: cmd.reference } : {}) }
          : { na: true as const, reason: cmd.reason };
      const action = cmd.verb === 'legal.mark' ? 'legalMarked' : 'legalNotApplicable';
      return next(
        { legal: { ...c.legal, [cmd.item]: { by: actor.id, at, ...detail } } },
        [entry({ action, item: cmd.item, ...(Object.keys(detail).length > 0 ? { legal: detail } : {}) })],
        [{ type: action, item: cmd.item }],
      );
    }

    case 'legal.undo': {
      const existing = c.legal[cmd.item];
      if (!existing) return refuse({ code: 'legalNotMarked' });
      // Set by the reclassification itself, not by a person: only another reclassification takes it back (the card hides "Angre"; a forged card must not).
      if (existing.reclassified) return refuse({ code: 'legalReclassified' });
      const { [cmd.item]: _undone, ...rest } = c.legal;
      const { by: _by, at: _at, ...was } = existing;
      // The entry that marked it stays; this one says it was taken back, and what it had said.
      return next(
        { legal: rest },
        [entry({ action: 'legalUndone', item: cmd.item, legal: was, ...(cmd.reason ? { text: cmd.reason } : {}) })],
        [{ type: 'legalUndone', item: cmd.item }],
      );
    }

    case 'reclassify': {
      const current: Classification = { severity: c.report.severity, seriousInjury: c.report.seriousInjury, sickLeave: c.report.sickLeave, medicalTreatment: c.report.medicalTreatment };
      const from: Partial<Classification> = {};
      const to: Partial<Classification> = {};
      for (const field of CLASSIFICATION_FIELDS) {
        const value = cmd.to[field];
        if (value !== undefined && value !== current[field]) {
          (from as Record<string, unknown>)[field] = current[field];
          (to as Record<string, unknown>)[field] = value;
        }
      }
      if (Object.keys(to).length === 0) return refuse({ code: 'reclassifyUnchanged' });
      const report = { ...c.report, ...to };
      return next(
        {
          report,
          serious: isSerious(report),
          legal: legalAfterReclassification(c, report, actor.id, at),
          reportedClassification: c.reportedClassification ?? current,
        },
        [entry({ action: 'reclassified', text: cmd.reason, from, to })],
        [{ type: 'reclassified', wasSerious: c.serious, severityBefore: current.severity }],
      );
    }

    case 'followup.answer': {
      const f = followUp!;
      if (f.answer) return refuse({ code: 'followUpAlreadyAnswered' });
      const answered = { ...f, answer: cmd.answer, answeredAt: at, shared: cmd.share, ...(cmd.note ? { note: cmd.note } : {}) };
      const stop = cmd.noMore && !c.followUpsStoppedBy.includes(actor.id);
      return next(
        {
          followUps: c.followUps.map((x) => (x.id === f.id ? answered : x)),
          ...(stop ? { followUpsStoppedBy: [...c.followUpsStoppedBy, actor.id] } : {}),
        },
        // The history says that it was answered; the answer itself stays with the follow-up.
        [entry({ action: 'followUpAnswered' }), ...(stop ? [entry({ action: 'followUpsStopped' })] : [])],
        [{ type: 'followUpAnswered', personId: actor.id, answer: cmd.answer }],
      );
    }

    case 'followup.withdrawNote': {
      const f = followUp!;
      if (!f.note) return refuse({ code: 'noNoteToWithdraw' });
      // The note and whether it was shared go; the answer stays. The history names no text.
      const { note: _note, shared: _shared, ...kept } = f;
      return next(
        { followUps: c.followUps.map((x) => (x.id === f.id ? { ...kept, noteWithdrawnAt: at } : x)) },
        [entry({ action: 'noteWithdrawn' })],
        [{ type: 'noteWithdrawn', personId: actor.id }],
      );
    }

    case 'close': {
      if (c.status === 'reported') return refuse({ code: 'notAcknowledged' });
      const blockers = closeBlockers(c);
      if (blockers) return refuse(blockers);
      return next({ status: 'closed', closedAt: at, closingSummary: cmd.summary }, [entry({ action: 'closed', text: cmd.summary })], [{ type: 'closed' }]);
    }
  }
}
