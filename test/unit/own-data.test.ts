/**
 * The pure parts of issue 15's access and read audit: what a person's own
 * data holds (their part of each case, others by role), who a role may see
 * among those who opened a case, the retention keys of the audit trail,
 * the cards, and the PDF of a long file read back with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Case } from '../../src/cases/model/case';
import { loadDirectory } from '../../src/config/directory-file';
import { scheduleSchema } from '../../src/config/schedule-file';
import type { AuditEntry } from '../../src/core/audit';
import { renderPdf } from '../../src/core/pdf';
import type { WorkItem } from '../../src/core/work';
import { visibleOpenings } from '../../src/privacy/model';
import { ownData, partsOf } from '../../src/privacy/own-data';
import { caseOpeningsCard, myDataCard, ownDataCounts, ownDataDocument } from '../../src/privacy/views';
import { renderCard } from '../../src/teams/card-renderer';
import { preventionSample } from '../support/prevention-sample';
import { aCase } from '../support/cases';
import { P } from '../support/people';

const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const now = new Date('2026-11-26T12:00:00Z');

/** A case Tina reported, where Eva was exposed too, the principal commented and gave Eva a measure, and both answered a check-in. */
function twoExposed(): Case {
  const c = aCase({ description: 'Eleven sparket meg. Æ Ø Å.' });
  return {
    ...c,
    affectedIds: [P.tina, P.eva],
    acknowledgedAt: '2026-11-20T11:00:00.000Z',
    measures: [
      { id: 'm1', description: 'Ekstra voksen i gymtimen', ownerId: P.eva, dueDate: '2026-12-01', state: 'approved', proposedBy: P.vera, proposedAt: '2026-11-20T12:00:00.000Z', decidedBy: P.rune, decidedAt: '2026-11-20T13:00:00.000Z' },
      { id: 'm2', description: 'Ny alarm', dueDate: '2026-12-10', state: 'proposed', proposedBy: P.vera, proposedAt: '2026-11-20T12:00:00.000Z' },
      { id: 'm3', description: 'Flytte timen', dueDate: '2026-12-10', state: 'rejected', proposedBy: P.vera, proposedAt: '2026-11-20T12:00:00.000Z', decidedBy: P.rune, decidedAt: '2026-11-20T13:00:00.000Z', rejectReason: 'For dyrt nå.' },
    ],
    history: [
      ...c.history,
      { at: '2026-11-20T11:00:00.000Z', by: P.rune, action: 'acknowledged' },
      { at: '2026-11-20T11:30:00.000Z', by: P.rune, action: 'commented', text: 'Intern: snakket med foreldrene.' },
      { at: '2026-11-20T11:40:00.000Z', by: P.tina, action: 'commented', text: 'Jeg har vondt i armen.', fromReporterSide: true },
      { at: '2026-11-20T11:50:00.000Z', by: P.eva, action: 'commented', text: 'Jeg så det hele.', fromReporterSide: true },
      { at: '2026-11-20T13:00:00.000Z', by: P.rune, action: 'measureApproved', measureId: 'm1' },
      { at: '2026-11-20T13:00:00.000Z', by: P.rune, action: 'measureRejected', measureId: 'm3', text: 'For dyrt nå.' },
    ],
    followUps: [
      { id: 'f1', personId: P.tina, index: 0, dueAt: '2026-11-20T14:00:00.000Z', answer: 'talk', answeredAt: '2026-11-20T15:00:00.000Z', note: 'Tinas notat.', shared: false },
      { id: 'f2', personId: P.eva, index: 0, dueAt: '2026-11-20T14:00:00.000Z', answer: 'ok', answeredAt: '2026-11-20T15:00:00.000Z', note: 'Evas notat.', shared: true },
    ],
    followUpsStoppedBy: [P.eva],
    unreachable: [{ recipientId: P.tina, at: '2026-11-21T08:00:00.000Z', what: 'checkin', toldInstead: [P.rune] }],
  };
}

const work = (c: Case): WorkItem[] =>
  [
    { id: 'w1', caseId: c.caseId, docType: 'work', kind: 'checkin', recipientId: P.tina, followUpId: 'f1', state: 'done', attempts: 1, createdAt: '2026-11-20T10:00:00.000Z', doneAt: '2026-11-20T14:00:00.000Z' },
    { id: 'w2', caseId: c.caseId, docType: 'work', kind: 'checkin', recipientId: P.eva, followUpId: 'f2', state: 'done', attempts: 1, createdAt: '2026-11-20T10:00:00.000Z', doneAt: '2026-11-20T14:00:00.000Z' },
    { id: 'w3', caseId: c.caseId, docType: 'work', kind: 'case.notice', recipientId: P.rune, notice: 'talkRequested', about: { recipientId: P.tina, what: 'talk' }, state: 'done', attempts: 1, createdAt: '2026-11-20T15:00:00.000Z' },
    { id: 'w4', caseId: c.caseId, docType: 'work', kind: 'card.update', recipientId: P.tina, target: { recipientId: P.tina, conversationId: 'x', activityId: 'y' }, state: 'done', attempts: 1, createdAt: '2026-11-20T15:00:00.000Z' },
  ] as WorkItem[];

const opening = (actorId: string, at: string, role: string): AuditEntry => ({ id: `${actorId}-${at}`, actorId, docType: 'audit', at, action: 'case.view', roles: [role], schoolIds: ['nordby'], channel: 'chat', caseIds: ['case-00000000000000000000000000000001'], count: 1, reference: 'VT-2026-0001' });

function dataOf(personId: string, c = twoExposed(), openings: AuditEntry[] = [opening(P.rune, '2026-11-20T11:00:00.000Z', 'principal'), opening(P.eva, '2026-11-21T11:00:00.000Z', 'affected')]) {
  return ownData({ personId, directory, now, cases: [c], work: { [c.caseId]: work(c) }, openings: { [c.caseId]: openings }, audit: [], contact: undefined });
}

describe("a person's own data", () => {
  it('names the parts a person has in a case', () => {
    const c = twoExposed();
    expect(partsOf(c, P.tina)).toEqual(['reporter', 'affected', 'actor']);
    expect(partsOf(c, P.eva)).toEqual(['affected', 'measureOwner', 'actor']);
    expect(partsOf(c, P.rune)).toEqual(['actor']);
    expect(partsOf(c, P.per)).toEqual([]);
  });

  it('gives each of two exposed employees only their own check-in, note and additions', () => {
    const tina = dataOf(P.tina).cases[0]!;
    const eva = dataOf(P.eva).cases[0]!;
    expect(tina.checkIns).toEqual([{ index: 0, dueAt: '2026-11-20T14:00:00.000Z', answer: 'talk', answeredAt: '2026-11-20T15:00:00.000Z', note: 'Tinas notat.', shared: false }]);
    expect(eva.checkIns).toEqual([{ index: 0, dueAt: '2026-11-20T14:00:00.000Z', answer: 'ok', answeredAt: '2026-11-20T15:00:00.000Z', note: 'Evas notat.', shared: true }]);
    expect(tina.yourEntries.map((e) => e.text).filter(Boolean)).toEqual(['Jeg har vondt i armen.']);
    expect(eva.checkInsStopped).toBe(true);
    expect(tina.checkInsStopped).toBe(false);
    const tinaText = JSON.stringify(dataOf(P.tina));
    const evaText = JSON.stringify(dataOf(P.eva));
    for (const t of ['Evas notat', 'Jeg så det hele', 'Intern:', 'For dyrt', P.eva, P.rune, P.vera]) expect(tinaText).not.toContain(t);
    for (const t of ['Tinas notat', 'vondt i armen', 'Intern:', 'For dyrt', P.tina, P.rune, P.vera]) expect(evaText).not.toContain(t);
  });

  it('shows the reporter side the report, decided measures and who opened it, everyone else by role', () => {
    const tina = dataOf(P.tina).cases[0]!;
    expect(tina.report?.description).toBe('Eleven sparket meg. Æ Ø Å.');
    expect(tina.reportedBy).toBe('you');
    expect(tina.othersExposed).toBe(1);
    expect(tina.measures).toEqual([expect.objectContaining({ id: 'm1', description: 'Ekstra voksen i gymtimen', owner: 'role:affected', proposedBy: 'role:safetyRep', decidedBy: 'role:principal' })]);
    expect(tina.openedBy).toEqual([
      { role: 'principal', at: '2026-11-20T11:00:00.000Z', channel: 'chat' },
      { role: 'affected', at: '2026-11-21T11:00:00.000Z', channel: 'chat' },
    ]);
    expect(tina.unreachable).toEqual([{ at: '2026-11-21T08:00:00.000Z', what: 'checkin', toldInstead: ['role:principal'] }]);
    expect(tina.messagesToYou).toEqual([{ kind: 'checkin', createdAt: '2026-11-20T10:00:00.000Z', state: 'done', doneAt: '2026-11-20T14:00:00.000Z' }]);
    expect(tina.toldAboutYou).toEqual([{ to: 'role:principal', notice: 'talkRequested', what: 'talk', at: '2026-11-20T15:00:00.000Z' }]);
    expect(dataOf(P.eva).cases[0]!.reportedBy).toBe('role:reporter');
    // Her own openings are her audit entries, not "opened by".
    expect(dataOf(P.eva).cases[0]!.openedBy.map((o) => o.role)).toEqual(['principal']);
  });

  it('gives someone who only acted their actions, their texts and the measures they decided, without the report or others texts', () => {
    const rune = dataOf(P.rune).cases[0]!;
    expect(rune.report).toBeUndefined();
    expect(rune.openedBy).toEqual([]);
    expect(rune.checkIns).toEqual([]);
    expect(rune.yourEntries.map((e) => [e.action, e.text])).toEqual([
      ['acknowledged', undefined],
      ['commented', 'Intern: snakket med foreldrene.'],
      ['measureApproved', undefined],
      ['measureRejected', 'For dyrt nå.'],
    ]);
    // Measures he decided: their state and dates, the text only when he wrote it (his reason), not the proposer's description.
    expect(rune.measures).toEqual([
      expect.not.objectContaining({ description: expect.anything() }),
      expect.objectContaining({ id: 'm3', rejectReason: 'For dyrt nå.', decidedBy: 'you' }),
    ]);
    expect(rune.measures[1]!.description).toBeUndefined();
    expect(JSON.stringify(dataOf(P.rune))).not.toContain('Tinas notat');
    // A measure's owner reads the measure they carry out.
    expect(dataOf(P.eva).cases[0]!.measures).toEqual([expect.objectContaining({ id: 'm1', description: 'Ekstra voksen i gymtimen', owner: 'you' })]);
  });

  it('holds nothing of a case that does not name the person', () => {
    expect(dataOf(P.per).cases).toEqual([]);
  });
});

describe("a person's own data in the prevention documents", () => {
  const sample = preventionSample();
  const reminder = { id: 'w1', caseId: 'school:nordby', docType: 'work', kind: 'training.notice', recipientId: P.rune, schoolId: 'nordby', item: 'drill', itemDueAt: now.toISOString(), stage: 'due', state: 'done', attempts: 1, createdAt: now.toISOString() } as WorkItem;
  const prevention = [{ schoolId: 'nordby', assessment: sample.assessment, reviews: [sample.review], entries: sample.entries, staff: sample.record, work: [reminder] }];
  const of = (personId: string) => ownData({ personId, directory, now, cases: [], work: {}, openings: {}, audit: [], contact: undefined, prevention });

  it('gives a teacher the training she took part in, the measure she owns and carried out, and when she left, without others’ notes', () => {
    const [tina] = of(P.tina).prevention;
    expect(tina!.staff).toMatchObject({ firstSeenAt: sample.at.toISOString(), leftAt: sample.leftAt.toISOString() });
    expect(tina!.training.map((t) => [t.kind, t.parts]).sort()).toEqual([['course', ['participant']], ['drill', ['participant']], ['routines', ['participant']]]);
    expect(tina!.training.some((t) => t.notes)).toBe(false);
    expect(tina!.risk.map((r) => [r.what, r.parts, r.text ?? null]).sort()).toEqual([['change', ['measureDone'], null], ['measure', ['owner', 'done'], 'To voksne på SFO']]);
    expect(tina!.messagesToYou).toEqual([]);
  });

  it('gives the safety representative her comments, her proposals and the review she was asked to, and the principal what he did and wrote', () => {
    const [vera] = of(P.vera).prevention;
    expect(vera!.risk.map((r) => [r.what, r.parts, r.text ?? null, r.version ?? null])).toEqual(
      expect.arrayContaining([
        ['comment', ['wrote'], 'Kva med garderoben?', null],
        ['comment', ['wrote'], 'Vi treng fleire vaksne.', 1],
        ['review', ['asked', 'commented'], null, 1],
        ['measure', ['proposed'], 'To voksne på SFO', null],
      ]),
    );
    expect(vera!.training.map((t) => t.parts)).toEqual([['led']]);
    const [rune] = of(P.rune).prevention;
    expect(rune!.risk).toEqual(expect.arrayContaining([expect.objectContaining({ what: 'review', parts: ['reviewed'], text: 'Gikk gjennom med Vera.', version: 1 }), expect.objectContaining({ what: 'link', text: 'VT-2026-0001' })]));
    expect(rune!.training.find((t) => t.kind === 'drill')).toMatchObject({ parts: ['led', 'recorded'], notes: 'Tina fant ikke alarmknappen.' });
    expect(rune!.messagesToYou).toEqual([expect.objectContaining({ kind: 'training.notice', about: 'drill' })]);
    expect(ownDataCounts(of(P.rune)).prevention).toBe(rune!.training.length + rune!.risk.length);
  });

  it('holds nothing for someone the prevention documents do not name', () => {
    expect(of(P.per).prevention).toEqual([]);
  });

  it('reads back from the PDF in the person’s language', async () => {
    const pdf = await renderPdf(ownDataDocument({ language: 'nb', directory, timeZone: 'Europe/Oslo', now, data: of(P.tina) }));
    const file = join(mkdtempSync(join(tmpdir(), 'tryggmeld-own-')), 'p.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Forebygging: opplæring og risikovurdering');
    expect(text).toContain('Nordby skole · Opplæring og øvelser');
    expect(text).toContain('To voksne på SFO');
    expect(text).toContain('Ikke lenger ved skolen fra');
  });
});

describe('who opened a case, as each role sees it', () => {
  const c = { reporterId: P.tina, affectedIds: [P.tina, P.eva] };
  const entries = [
    opening(P.rune, '2026-11-20T10:00:00.000Z', 'principal'),
    opening(P.eva, '2026-11-20T11:00:00.000Z', 'affected'),
    opening(P.rune, '2026-11-20T12:00:00.000Z', 'principal'),
    opening(P.siri, '2026-11-20T09:00:00.000Z', 'leader'),
    opening(P.tina, '2026-11-20T13:00:00.000Z', 'reporter'),
    { ...opening(P.vera, '2026-11-20T14:00:00.000Z', 'safetyRep'), action: 'export.download' },
  ];

  it('groups by person, latest first, and never counts the reporter or what was not an opening', () => {
    expect(visibleOpenings(entries, c, 'principal')).toEqual([
      { actorId: P.rune, role: 'principal', last: '2026-11-20T12:00:00.000Z', times: 2 },
      { actorId: P.eva, role: 'affected', last: '2026-11-20T11:00:00.000Z', times: 1 },
      { actorId: P.siri, role: 'leader', last: '2026-11-20T09:00:00.000Z', times: 1 },
    ]);
    expect(visibleOpenings(entries, c, 'safetyRep').map((o) => o.actorId)).toEqual([P.rune, P.eva, P.siri]);
  });

  it("leaves the exposed employees out of the owner's leaders' list", () => {
    expect(visibleOpenings(entries, c, 'leader').map((o) => o.actorId)).toEqual([P.rune, P.siri]);
  });
});

describe('the audit trail in the schedule file', () => {
  it('keeps export entries 10 years and counts openings per quarter of an hour by default', () => {
    const s = scheduleSchema.parse({});
    expect(s.retention.exportAuditYears).toBe(10);
    expect(s.retention.viewAuditWindow).toEqual({ days: 0, hours: 0, minutes: 15, seconds: 0 });
    expect(scheduleSchema.parse({ retention: { exportAuditYears: null, viewAuditWindow: 'PT5M' } }).retention).toMatchObject({ exportAuditYears: null, viewAuditWindow: { minutes: 5 }, closedCaseYears: 5 });
  });

  it('refuses a window under a minute or over a day, and years that are not whole', () => {
    for (const viewAuditWindow of ['PT30S', 'P2D', 'PT15']) {
      const r = scheduleSchema.safeParse({ retention: { viewAuditWindow } });
      expect(r.success).toBe(false);
      expect(JSON.stringify(r.error?.issues)).toContain('PT1M to P1D');
    }
    expect(scheduleSchema.safeParse({ retention: { exportAuditYears: 2.5 } }).success).toBe(false);
  });
});

describe('the cards and the document', () => {
  const leftovers = (card: unknown) => JSON.stringify(card).match(/\$\{[^}]*\}/g) ?? [];

  it.each(['nb', 'nn', 'en'] as const)('"Sist åpnet av" and the card with the links in %s are filled', (language) => {
    const openings = visibleOpenings([opening(P.rune, '2026-11-20T10:00:00.000Z', 'principal')], { reporterId: P.tina, affectedIds: [P.tina] }, 'leader');
    const card = renderCard(caseOpeningsCard({ language, directory, timeZone: 'Europe/Oslo', case: { caseId: 'case-00000000000000000000000000000001', reference: 'VT-2026-0001' }, viewer: 'leader', openings }));
    expect(card.version).toBe('1.5');
    expect(leftovers(card)).toEqual([]);
    const empty = renderCard(caseOpeningsCard({ language, directory, timeZone: 'Europe/Oslo', case: { caseId: 'case-00000000000000000000000000000001', reference: 'VT-2026-0001' }, viewer: 'principal', openings: [] }));
    expect(leftovers(empty)).toEqual([]);
    const links = renderCard(myDataCard({ language, counts: ownDataCounts(dataOf(P.tina)), links: { pdf: 'https://x/a.pdf', json: 'https://x/a.json' }, minutes: 10 }));
    expect(leftovers(links)).toEqual([]);
    expect(JSON.stringify(links)).toContain('"type":"Action.OpenUrl"');
  });

  it('renders a long file over several pages with every letter as written', async () => {
    const long = twoExposed();
    long.report = { ...long.report, description: `${'Blåbærsyltetøy på skolegården, sa læreren. '.repeat(90)}SLUTT ÆØÅ æøå` };
    long.history = [...long.history, ...Array.from({ length: 60 }, (_, i) => ({ at: '2026-11-22T10:00:00.000Z', by: P.tina, action: 'commented' as const, text: `Tillegg ${i}: «sitat» – tankestrek.`, fromReporterSide: true }))];
    const data = ownData({ personId: P.tina, directory, now, cases: [long], work: {}, openings: {}, audit: [opening(P.tina, '2026-11-22T10:00:00.000Z', 'reporter')], contact: undefined });
    const pdf = await renderPdf(ownDataDocument({ language: 'nn', directory, timeZone: 'Europe/Oslo', now, data }));
    const file = join(mkdtempSync(join(tmpdir(), 'tryggmeld-pdf-')), 'mine-data.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Dine data i TryggMeld');
    expect(flat).toContain('Saker du har meldt eller vart ramma i');
    expect(flat).toContain('SLUTT ÆØÅ æøå');
    expect(flat).toContain('Tillegg 59: «sitat» – tankestrek.');
    expect(flat).toContain('Notatet ditt: «Tinas notat.» (ikkje delt)');
    expect(flat).not.toContain('Evas notat');
    const pages = Number(/Side 1 av (\d+)/.exec(flat)?.[1]);
    expect(pages).toBeGreaterThan(2);
  });
});
