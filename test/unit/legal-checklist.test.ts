/**
 * The legal checklist a principal can fill honestly (issue 11): a step done
 * with when, how and a reference, or "ikke aktuelt" with a reason; a mistaken
 * tick undone with the history keeping both; the classification corrected
 * with a reason, the legal steps and reminders following the correction.
 */
import { join } from 'node:path';
import type { Viewer } from '../../src/cases/model/access';
import type { Case } from '../../src/cases/model/case';
import { parseCaseCommand, type CaseInputContext } from '../../src/cases/model/input';
import { outstandingLegalSteps, requiredLegalSteps, shownLegalSteps } from '../../src/cases/model/legal-steps';
import { applyCommand, type CaseCommand, type TransitionResult } from '../../src/cases/model/transitions';
import { invalidText, refusalText, undoneText } from '../../src/cases/views/answers';
import { caseCardFor, historyLine } from '../../src/cases/views/case';
import { legalStepCard, reclassifyCard } from '../../src/cases/views/legal';
import { loadDirectory } from '../../src/config/directory-file';
import { LEGAL_CHANNELS } from '../../src/core/legal';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import type { WorkItem } from '../../src/core/work';
import { reminderStillDue } from '../../src/follow-up/model';
import { followUpPlanner } from '../../src/follow-up/work';
import { newlySeriousNotices } from '../../src/cases/changes';
import { renderCard } from '../../src/teams/card-renderer';
import { actionsOf, textsOf } from '../support/harness';
import { aCase } from '../support/cases';
import { P } from '../support/people';

const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const now = new Date('2026-11-21T09:00:00Z');
const principal = { id: P.rune, viewer: 'principal' as Viewer };
const safetyRep = { id: P.vera, viewer: 'safetyRep' as Viewer };
const ctx: CaseInputContext = { today: '2026-11-21', nowTime: '10:00', incident: { date: '2026-11-20', time: '12:30' }, possibleOwners: [] };

function ok(result: TransitionResult): Case {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.refusal)}`);
  return result.case;
}
const run = (c: Case, cmd: CaseCommand, actor = principal) => ok(applyCommand(c, cmd, actor, now));
const parse = (verb: CaseCommand['verb'], data: Record<string, unknown>) => parseCaseCommand(verb, data, ctx);
/** The links of a card: its Action.OpenUrl buttons. */
const urlsOf = (card: unknown): string[] => [...JSON.stringify(card).matchAll(/"type":"Action\.OpenUrl","title":"[^"]*","url":"([^"]+)"/g)].map((m) => m[1]);
const serious = () => aCase({ seriousInjury: 'true', injury: 'physical', sickLeave: 'true' });

describe('marking a legal step', () => {
  it('records when, how and a reference, from the step form or the plain names', () => {
    const parsed = parse('legal.mark', { item: 'arbeidstilsynet', done: true, legalDate: '2026-11-20', legalTime: '13:05', legalHow: 'phone', legalRef: 'Sak 2026/4411, vakthavende' });
    expect(parsed).toEqual({ ok: true, command: { verb: 'legal.mark', item: 'arbeidstilsynet', when: { date: '2026-11-20', time: '13:05' }, how: 'phone', reference: 'Sak 2026/4411, vakthavende' } });
    const c = run(serious(), (parsed as { command: CaseCommand }).command);
    expect(c.legal.arbeidstilsynet).toEqual({ by: P.rune, at: now.toISOString(), when: { date: '2026-11-20', time: '13:05' }, how: 'phone', reference: 'Sak 2026/4411, vakthavende' });
    expect(c.history.at(-1)).toMatchObject({ action: 'legalMarked', item: 'arbeidstilsynet', legal: { how: 'phone', reference: 'Sak 2026/4411, vakthavende' } });
    expect(historyLine({ language: 'nb', directory, timeZone: 'Europe/Oslo', case: c, viewer: 'principal', viewerId: P.rune }, c.history.at(-1)!).text).toBe('på telefon, 20.11.2026 kl. 13:05, referanse: Sak 2026/4411, vakthavende');
    // The contract's plain form still works: done now, nothing else said.
    expect(parse('legal.mark', { item: 'police', done: 'true' })).toEqual({ ok: true, command: { verb: 'legal.mark', item: 'police' } });
    expect(parse('legal.mark', { item: 'nav', done: 'true', how: 'form', reference: 'NAV-123' })).toEqual({ ok: true, command: { verb: 'legal.mark', item: 'nav', how: 'form', reference: 'NAV-123' } });
  });

  it('refuses a time in the future or before the incident, an unknown way, and a national id in the reference, in the person’s words', () => {
    const cases: [Record<string, unknown>, Record<string, string>, string][] = [
      [{ legalDate: '2026-11-22' }, { when: 'whenFuture' }, 'Noe mangler eller er feil: tidspunktet kan ikke være fram i tid'],
      [{ legalDate: '2026-11-21', legalTime: '10:01' }, { when: 'whenFuture' }, 'Noe mangler eller er feil: tidspunktet kan ikke være fram i tid'],
      [{ legalTime: '10:30' }, { when: 'whenFuture' }, 'Noe mangler eller er feil: tidspunktet kan ikke være fram i tid'],
      [{ legalDate: '2026-11-19' }, { when: 'whenBeforeIncident' }, 'Noe mangler eller er feil: tidspunktet kan ikke være før hendelsen'],
      [{ legalDate: '2026-11-20', legalTime: '12:00' }, { when: 'whenBeforeIncident' }, 'Noe mangler eller er feil: tidspunktet kan ikke være før hendelsen'],
      [{ legalDate: '2026-02-30' }, { when: 'whenInvalid' }, 'Noe mangler eller er feil: tidspunktet må være en gyldig dato (ÅÅÅÅ-MM-DD) og et gyldig klokkeslett (TT:MM)'],
      [{ legalHow: 'fax' }, { how: 'invalid' }, 'Noe mangler eller er feil: ugyldig verdi'],
      [{ legalRef: 'Gjelder 15076500565' }, {}, ''],
    ];
    for (const [data, errors, text] of cases) {
      const parsed = parse('legal.mark', { item: 'police', done: true, ...data });
      expect([data, parsed.ok]).toEqual([data, false]);
      if (parsed.ok) continue;
      if (Object.keys(errors).length > 0) {
        expect(parsed.errors).toEqual(errors);
        expect(invalidText('nb', parsed.errors)).toBe(text);
      } else expect(parsed.errors.reference).toBe('nationalId');
    }
    expect(invalidText('en', { when: 'whenFuture' })).toBe('Something is missing or wrong: the time cannot be in the future');
    expect(invalidText('nn', { when: 'whenBeforeIncident' })).toContain('tidspunktet kan ikkje vere før hendinga');
    // The incident's own day without a time is fine, and a day's date alone after the incident.
    expect(parse('legal.mark', { item: 'police', done: true, legalDate: '2026-11-20' }).ok).toBe(true);
  });

  it('marks a step "ikke aktuelt" only with a reason, and the case no longer waits for it', () => {
    const missing = parse('legal.notApplicable', { item: 'police', legalReason: '  ' });
    expect(missing).toEqual({ ok: false, errors: { reason: 'required' } });
    expect(invalidText('nb', (missing as { errors: object }).errors)).toBe('Noe mangler eller er feil: Begrunnelsen må fylles ut');
    const cmd = parse('legal.notApplicable', { item: 'police', 'legalReason-police': 'Politiet var på stedet og tok saken.' });
    const c = run(serious(), (cmd as { command: CaseCommand }).command);
    expect(c.legal.police).toEqual({ by: P.rune, at: now.toISOString(), na: true, reason: 'Politiet var på stedet og tok saken.' });
    expect(outstandingLegalSteps(c)).toEqual(['arbeidstilsynet', 'confirmation', 'nav']);
    expect(applyCommand(c, { verb: 'legal.mark', item: 'police' }, principal, now)).toEqual({ ok: false, refusal: { code: 'legalAlreadyNotApplicable' } });
    expect(refusalText('nb', 'legal.mark', { code: 'legalAlreadyNotApplicable' })).toBe('Dette er allerede markert som ikke aktuelt.');
    // Every step settled, one way or the other: the case may close.
    let all = run(c, { verb: 'acknowledge' });
    for (const item of ['arbeidstilsynet', 'confirmation'] as const) all = run(all, { verb: 'legal.mark', item });
    all = run(all, { verb: 'legal.notApplicable', item: 'nav', reason: 'Ingen skade likevel.' });
    expect(run(all, { verb: 'close', summary: 'Ferdig.' }).status).toBe('closed');
  });

  it('undoes a mistaken tick, by the principal only, the history keeping both', () => {
    const marked = run(serious(), { verb: 'legal.mark', item: 'nav', how: 'form', reference: 'NAV-77' });
    expect(applyCommand(marked, { verb: 'legal.undo', item: 'nav' }, safetyRep, now)).toEqual({ ok: false, refusal: { code: 'notAllowed' } });
    expect(refusalText('nn', 'legal.undo', { code: 'notAllowed' })).toBe('Berre rektor kan krysse av for dei lovpålagde stega.');
    const undone = run(marked, { verb: 'legal.undo', item: 'nav', reason: 'Feil sak.' });
    expect(undone.legal.nav).toBeUndefined();
    expect(outstandingLegalSteps(undone)).toContain('nav');
    expect(undone.history.slice(-2).map((h) => [h.action, h.item])).toEqual([
      ['legalMarked', 'nav'],
      ['legalUndone', 'nav'],
    ]);
    const input = { language: 'nb' as const, directory, timeZone: 'Europe/Oslo', case: undone, viewer: 'principal' as Viewer, viewerId: P.rune };
    expect(historyLine(input, undone.history.at(-1)!)).toMatchObject({ text: 'Var: på skjema, referanse: NAV-77 · Feil sak.' });
    expect(historyLine(input, undone.history.at(-1)!).line).toContain('Rune Haugen · angret avkrysningen: Send skademelding til NAV');
    expect(applyCommand(undone, { verb: 'legal.undo', item: 'nav' }, principal, now)).toEqual({ ok: false, refusal: { code: 'legalNotMarked' } });
    // A not-applicable mark is undone the same way.
    const na = run(undone, { verb: 'legal.notApplicable', item: 'nav', reason: 'Ingen skade.' });
    expect(run(na, { verb: 'legal.undo', item: 'nav' }).legal.nav).toBeUndefined();
    expect(parse('legal.undo', { item: 'nav' })).toEqual({ ok: true, command: { verb: 'legal.undo', item: 'nav' } });
  });
});

describe('correcting the classification', () => {
  it('needs a reason and a change, keeps what was reported, and makes the steps follow', () => {
    expect(parse('reclassify', { newSeriousInjury: 'true' })).toEqual({ ok: false, errors: { reason: 'required' } });
    expect(parse('reclassify', { newSeverity: 'huge', reclassifyReason: 'x' })).toEqual({ ok: false, errors: { severity: 'invalid' } });
    const minor = aCase({ severity: 'minor', injury: 'physical' });
    expect(applyCommand(minor, { verb: 'reclassify', to: { severity: 'minor' }, reason: 'Sjekket.' }, principal, now)).toEqual({ ok: false, refusal: { code: 'reclassifyUnchanged' } });
    expect(applyCommand(minor, { verb: 'reclassify', to: { seriousInjury: true }, reason: 'x' }, safetyRep, now)).toEqual({ ok: false, refusal: { code: 'notAllowed' } });
    expect(refusalText('nb', 'reclassify', { code: 'notAllowed' })).toBe('Bare rektor kan rette klassifiseringen.');

    const cmd = parse('reclassify', { newSeverity: 'serious', newSeriousInjury: 'true', newSickLeave: 'true', newMedicalTreatment: 'false', reclassifyReason: 'Legen sier brudd i armen.' });
    expect(cmd).toEqual({ ok: true, command: { verb: 'reclassify', to: { severity: 'serious', seriousInjury: true, sickLeave: true, medicalTreatment: false }, reason: 'Legen sier brudd i armen.' } });
    const result = applyCommand(minor, (cmd as { command: CaseCommand }).command, principal, now);
    const c = ok(result);
    expect(result.ok && result.events).toEqual([{ type: 'reclassified', wasSerious: false, severityBefore: 'minor' }]);
    expect(c.report).toMatchObject({ severity: 'serious', seriousInjury: true, sickLeave: true, medicalTreatment: false });
    expect(c.serious).toBe(true);
    expect(c.reportedClassification).toEqual({ severity: 'minor', seriousInjury: false, sickLeave: false, medicalTreatment: false });
    expect(outstandingLegalSteps(c)).toEqual(['arbeidstilsynet', 'police', 'confirmation', 'nav']);
    const entry = c.history.at(-1)!;
    expect(entry).toMatchObject({ action: 'reclassified', text: 'Legen sier brudd i armen.', from: { severity: 'minor', seriousInjury: false, sickLeave: false }, to: { severity: 'serious', seriousInjury: true, sickLeave: true } });
    expect(historyLine({ language: 'nb', directory, timeZone: 'Europe/Oslo', case: c, viewer: 'leader', viewerId: P.siri }, entry).text).toBe(
      'alvorlighetsgrad: Lite alvorlig → Alvorlig; alvorlig personskade: nei → ja; sykmelding: nei → ja · Legen sier brudd i armen.',
    );
    // A second correction keeps the first report's values.
    const again = run(c, { verb: 'reclassify', to: { severity: 'very-serious' }, reason: 'Mer alvorlig enn først antatt.' });
    expect(again.reportedClassification).toEqual(c.reportedClassification);
  });

  it('turns steps no longer owed into "ikke aktuelt (omklassifisert)", keeps done ones, and opens them again when owed again', () => {
    const marked = run(serious(), { verb: 'legal.mark', item: 'arbeidstilsynet', how: 'phone' });
    const down = run(marked, { verb: 'reclassify', to: { seriousInjury: false, sickLeave: false }, reason: 'Ikke alvorlig personskade likevel.' });
    expect(requiredLegalSteps(down.report)).toEqual([]);
    expect(down.legal.arbeidstilsynet).toMatchObject({ how: 'phone' });
    for (const item of ['police', 'confirmation', 'nav'] as const) expect(down.legal[item]).toEqual({ by: P.rune, at: now.toISOString(), na: true, reclassified: true });
    expect(shownLegalSteps(down)).toEqual(['arbeidstilsynet', 'police', 'confirmation', 'nav']);
    expect(outstandingLegalSteps(down)).toEqual([]);
    const card = renderCard(caseCardFor({ language: 'nb', directory, timeZone: 'Europe/Oslo', case: down, viewer: 'principal', viewerId: P.rune, today: '2026-11-21' }));
    expect(textsOf(card)).toEqual(expect.arrayContaining(['Ikke aktuelt (omklassifisert 21.11.2026 kl. 10:00)']));
    // Marking a step the case no longer owes is refused.
    expect(applyCommand(down, { verb: 'legal.mark', item: 'police' }, principal, now)).toEqual({ ok: false, refusal: { code: 'legalNotRequired' } });
    // Only the card hides "Angre" on the automatic mark: the server refuses it too, in the person's words.
    expect(applyCommand(down, { verb: 'legal.undo', item: 'police' }, principal, now)).toEqual({ ok: false, refusal: { code: 'legalReclassified' } });
    expect(refusalText('nb', 'legal.undo', { code: 'legalReclassified' })).toContain('kan ikke angres');
    expect(refusalText('nn', 'legal.undo', { code: 'legalReclassified' })).toContain('kan ikkje angrast');
    expect(refusalText('en', 'legal.undo', { code: 'legalReclassified' })).toContain('cannot be undone');
    // A done step no longer owed can be undone, and the answer does not promise reminders.
    const undoneDone = run(down, { verb: 'legal.undo', item: 'arbeidstilsynet' });
    expect(undoneDone.legal.arbeidstilsynet).toBeUndefined();
    expect(outstandingLegalSteps(undoneDone)).toEqual([]);
    expect(undoneText('nb', undoneDone, 'arbeidstilsynet')).toBe('Avkrysningen er angret. Steget er ikke lenger påkrevd etter at klassifiseringen ble rettet, så det kommer ingen påminnelser.');
    expect(undoneText('nn', undoneDone, 'arbeidstilsynet')).toContain('kjem ingen påminningar');
    expect(undoneText('en', undoneDone, 'arbeidstilsynet')).toContain('no reminders follow');
    expect(undoneText('en', marked, 'arbeidstilsynet')).toBe('The tick is undone. The step is open again, and the reminders resume.');

    const up = run(down, { verb: 'reclassify', to: { seriousInjury: true }, reason: 'Likevel alvorlig.' });
    expect(up.legal.police).toBeUndefined();
    expect(up.legal.confirmation).toBeUndefined();
    expect(up.legal.arbeidstilsynet).toMatchObject({ how: 'phone' });
    // The injury report is owed again only with sick leave or treatment: it stays not applicable.
    expect(outstandingLegalSteps(up)).toEqual(['police', 'confirmation']);
  });
});

describe('reminders follow the checklist', () => {
  const planner = followUpPlanner({ directory, schedule: DEFAULT_SCHEDULE, timeZone: 'Europe/Oslo' });
  const reminder = (w: WorkItem) => (w.kind === 'reminder' ? `${w.reminder}:${w.recipientId}` : w.kind);

  it('stop for settled steps, resume when undone unless one is still running, and start when a correction makes them owed', () => {
    let c = run(serious(), { verb: 'legal.mark', item: 'arbeidstilsynet' });
    c = run(c, { verb: 'legal.notApplicable', item: 'police', reason: 'Politiet var der.' });
    expect(reminderStillDue(c, { reminder: 'legal' })).toBe(true);
    c = run(c, { verb: 'legal.mark', item: 'confirmation' });
    expect(reminderStillDue(c, { reminder: 'legal' })).toBe(false);
    expect(reminderStillDue(c, { reminder: 'nav' })).toBe(true);

    const undone = applyCommand(c, { verb: 'legal.undo', item: 'police' }, principal, now);
    if (!undone.ok) throw new Error('refused');
    expect(reminderStillDue(undone.case, { reminder: 'legal' })).toBe(true);
    // The NAV reminder never stopped (the report is still owed): only the §5-2 one starts again.
    const navRunning = { kind: 'reminder', reminder: 'nav', recipientId: P.rune, state: 'open', id: 'work-nav' } as WorkItem;
    const resumed = planner({ case: undone.case, events: undone.events, now, work: [navRunning] }).work;
    expect(resumed.map(reminder)).toEqual([`legal:${P.rune}`]);
    // Counted from now, and with an id of its own (the original chain's id is taken).
    expect(resumed[0]).toMatchObject({ round: undone.case.revision, dueAt: '2026-11-23T06:00:00.000Z' }); // Saturday: Monday 07:00 in Oslo, out of quiet hours
    // A reminder still open for it: nothing new.
    const open = { ...resumed[0], id: 'work-older', state: 'open' } as WorkItem;
    expect(planner({ case: undone.case, events: undone.events, now, work: [open, navRunning] }).work).toEqual([]);

    const minor = aCase({ severity: 'minor' });
    const fixed = applyCommand(minor, { verb: 'reclassify', to: { severity: 'very-serious', seriousInjury: true }, reason: 'Alvorlig.' }, principal, now);
    if (!fixed.ok) throw new Error('refused');
    expect(planner({ case: fixed.case, events: fixed.events, now, work: [] }).work.map(reminder)).toEqual([`legal:${P.rune}`, 'cluster.check']);
    // The owner's roles, who are told of every serious case at once, get it now.
    const told = newlySeriousNotices(directory, fixed.case, fixed.events, [], now).map((w) => (w as { recipientId: string }).recipientId);
    expect(told).toEqual(expect.arrayContaining([...directory.owner.leaders, ...directory.owner.chiefSafetyReps]));
  });
});

describe('the cards', () => {
  const view = (c: Case, viewer: Viewer = 'principal', viewerId: string = P.rune) => ({ language: 'nb' as const, directory, timeZone: 'Europe/Oslo', case: c, viewer, viewerId, today: '2026-11-21' });

  it('show each step with its link and phone number while open, a button to fill it, and undo once settled', () => {
    const c = run(serious(), { verb: 'legal.mark', item: 'police', how: 'phone', reference: 'Patrulje 3' });
    const card = renderCard(caseCardFor(view(c)));
    const actions = actionsOf(card);
    expect(urlsOf(card)).toEqual([LEGAL_CHANNELS.arbeidstilsynet.url, LEGAL_CHANNELS.confirmation.url, LEGAL_CHANNELS.nav.url]);
    expect(LEGAL_CHANNELS.arbeidstilsynet.url).toBe('https://www.arbeidstilsynet.no/kontakt-oss/melde-alvorlig-arbeidsulykke/');
    expect(LEGAL_CHANNELS.nav.url).toBe('https://www.nav.no/arbeidsgiver/yrkesskade');
    expect(textsOf(card)).toEqual(expect.arrayContaining(['Telefon: 73 19 97 00']));
    expect(actions.filter((a) => a.verb === 'legal.form').map((a) => a.data.item)).toEqual(['arbeidstilsynet', 'confirmation', 'nav']);
    expect(actions.filter((a) => a.verb === 'legal.undo').map((a) => a.data.item)).toEqual(['police']);
    expect(actions.some((a) => a.verb === 'incident.reclassifyForm')).toBe(true);
    expect(textsOf(card).some((t) => /^Gjort 21\.11\.2026 kl\. 10:00 av Rune Haugen, på telefon, referanse: Patrulje 3$/.test(t))).toBe(true);
    // The safety representative sees the checklist, not its buttons; nor may correct the classification.
    const vera = actionsOf(renderCard(caseCardFor(view(c, 'safetyRep', P.vera))));
    expect(vera.filter((a) => ['legal.form', 'legal.undo', 'incident.reclassifyForm'].includes(a.verb))).toEqual([]);
  });

  it('give a step its own form, and the classification one with the current values', () => {
    const c = serious();
    const form = renderCard(legalStepCard(view(c), 'arbeidstilsynet', { legalRef: 'kept', legalReason: 'also kept' }));
    expect(urlsOf(form)).toEqual([LEGAL_CHANNELS.arbeidstilsynet.url]);
    expect(actionsOf(form).map((a) => a.verb)).toEqual(['legal.mark', 'legal.notApplicable', 'incident.view']);
    expect(JSON.stringify(form)).toContain('"value":"kept"');
    expect(JSON.stringify(form)).toContain('"value":"also kept"');
    expect(textsOf(form)).toEqual(expect.arrayContaining(['Telefon: 73 19 97 00']));
    const rec = renderCard(reclassifyCard(view(c)));
    expect(JSON.stringify(rec)).toContain('"id":"newSeverity","label":"Hvor alvorlig var det?","style":"expanded","value":"serious"');
    expect(JSON.stringify(rec)).toMatch(/"id":"newSeriousInjury","title":"[^"]+","value":"true"/);
  });
});
