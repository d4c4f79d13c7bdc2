/**
 * The retention policy on the prevention documents, with the bot's clock
 * moved years ahead and the nightly job run by the calendar: a teacher who
 * left the school is named in the training log for three years, then as
 * former staff; after ten years the review version, the training entry and
 * the finished measure keep their people only as roles, without their free
 * text, while what an inspector asks for (situations, scores, the risk
 * before and after, dates, kinds, how many took part) stays.
 */
import { zonedToUtc } from '../../src/core/clock';
import { stripSystem } from '../../src/core/cosmos/batch';
import type { Directory } from '../../src/core/directory';
import { actionsOf, cardOf, startHarness, textsOf, TravelClock, type Harness, type TeamsUser } from '../support/harness';
import { P } from '../support/people';

const OSLO = 'Europe/Oslo';

describe('retention of the risk assessment and the training log', () => {
  const clock = new TravelClock(zonedToUtc('2026-09-07', '09:00', OSLO));
  let h: Harness;
  let rune: TeamsUser, vera: TeamsUser, tina: TeamsUser, siri: TeamsUser;

  const at = async (date: string, time: string) => {
    clock.setTo(new Date(zonedToUtc(date, time, OSLO).getTime() + 1000));
    await h.bot.dispatcher.runOnce();
    await h.bot.dispatcher.runOnce();
  };
  /** Runs the dispatcher until the retention job has run `count` times in all. */
  async function retentionRuns(count: number): Promise<void> {
    const ran = () => h.logs.filter((l) => l.includes('"event":"retention.applied"')).length;
    const deadline = Date.now() + 20000;
    while (ran() < count) {
      if (Date.now() > deadline) throw new Error(`the retention job ran ${ran()} times, not ${count}`);
      await h.bot.dispatcher.runOnce();
    }
  }
  const docs = async () => {
    const { resources } = await h.bot.containers.cases.items
      .query<Record<string, any>>({ query: 'SELECT * FROM c WHERE c.caseId = "school:nordby" AND c.docType != "work"' })
      .fetchAll();
    const by = (type: string) => resources.filter((r) => r.docType === type).map(stripSystem);
    return { entry: by('trainingEntry')[0]!, review: by('riskReview')[0]!, assessment: by('riskAssessment')[0]!, record: by('staffRecord')[0]! };
  };
  const named = (doc: unknown) => Object.entries(P).filter(([, id]) => JSON.stringify(doc).includes(id)).map(([name]) => name);

  beforeAll(async () => {
    h = await startHarness({ DISPATCH_INTERVAL_MS: '60000' }, { clock: clock.now, schedule: 'quietHours: null' });
    [rune, vera, tina, siri] = [h.user(P.rune), h.user(P.vera, { locale: 'nn-NO' }), h.user(P.tina), h.user(P.siri, { locale: 'en-GB' })];
    for (const u of [rune, vera, tina, siri]) await u.install();
    await at('2026-09-08', '08:00'); // the plan's first look starts the staff record

    const card = await rune.invoke('training.view', { schoolId: 'nordby' });
    const submit = actionsOf(card.body.value).find((a) => a.verb === 'training.log')!;
    await rune.invoke('training.log', { ...submit.data, date: '2026-09-08', kind: 'drill', topic: 'Alarmøvelse', participants: `${P.tina},${P.eva}`, ledBy: P.rune, notes: 'Tina fant ikke alarmknappen.' });
    await rune.invoke('risk.add', { schoolId: 'nordby', situation: 'Alenearbeid i SFO', likelihood: '4', consequence: '4', location: 'sfo', clientRequestId: 'ret-1' });
    await rune.invoke('risk.measure.propose', { schoolId: 'nordby', situationId: 's1', description: 'To voksne på SFO', owner: P.tina, dueDate: '2026-09-20' });
    await rune.invoke('risk.measure.approve', { schoolId: 'nordby', situationId: 's1', measureId: 'm1' });
    await tina.invoke('risk.measure.complete', { schoolId: 'nordby', situationId: 's1', measureId: 'm1' });
    await rune.invoke('risk.measure.evaluate', { schoolId: 'nordby', situationId: 's1', measureId: 'm1', effect: 'partly', note: 'Tina sier det hjelper litt.' });
    await vera.invoke('risk.comment', { schoolId: 'nordby', comment: 'Vi treng fleire vaksne.' });
    const reviewed = await rune.invoke('risk.review', { schoolId: 'nordby', note: 'Gikk gjennom med Vera.', safetyRepTookPart: 'true' });
    expect(textsOf(reviewed.body.value).join(' ')).toContain('versjon 1');

    // Tina leaves Nordby (a synchronisation from Entra ID); the next day's look records it.
    const directory: Directory = h.bot.directory.current;
    h.bot.directory.replace({ ...directory, schools: directory.schools.map((s) => (s.id === 'nordby' ? { ...s, members: s.members.filter((m) => m !== P.tina) } : s)) }, {});
    await at('2026-09-09', '08:00');
    expect((await docs()).record.people[P.tina].leftAt).toBeDefined();
    await retentionRuns(1);
  }, 60000);
  afterAll(() => h.stop());

  it('shows the owner’s leader what would change, then names who left as former staff three years on, and nothing else', async () => {
    const before = await docs();
    expect(named(before.entry)).toEqual(expect.arrayContaining(['tina', 'eva', 'rune']));
    clock.setTo(zonedToUtc('2029-09-11', '01:00', OSLO));
    const sent = h.teams.in(siri.conversationId).length;
    await siri.say('retention');
    const answer = await h.teams.waitFor('the dry run', () => h.teams.in(siri.conversationId).slice(sent).find((a) => cardOf(a.activity)));
    expect(textsOf(cardOf(answer.activity)).join('\n')).toContain('Now 1 entry in the training log, 0 reviews and 0 risk assessments would be changed, and 1 former staff member removed from the staff record.');
    expect(await docs()).toEqual(before);

    await at('2029-09-11', '03:00');
    await retentionRuns(2);
    const after = await docs();
    expect(after.entry.participants).toEqual(['role:staff', P.eva]);
    expect(after.entry).toMatchObject({ ledById: P.rune, recordedBy: P.rune, notes: 'Tina fant ikke alarmknappen.', topic: 'Alarmøvelse', kind: 'drill', date: '2026-09-08' });
    expect(Object.keys(after.record.people)).not.toContain(P.tina);
    expect(after.review).toEqual(before.review);
    expect(after.assessment.situations).toEqual(before.assessment.situations);
    expect(h.logs.find((l) => l.includes('"event":"retention.applied"') && l.includes('"trainingEntries":1') && l.includes('"formerStaff":1'))).toBeDefined();
  });

  it('keeps the review, the training entry and the finished measure with roles for people and without their free text after ten years', async () => {
    const before = await docs();
    await at('2036-09-10', '03:00');
    await retentionRuns(3);
    const after = await docs();
    expect(named(after.entry)).toEqual([]);
    expect(after.entry).toMatchObject({ participants: ['role:staff', 'role:staff'], ledById: 'role:staff', recordedBy: 'role:principal', topic: 'Alarmøvelse', kind: 'drill', date: '2026-09-08' });
    expect(after.entry.notes).toBeUndefined();

    expect(named(after.review)).toEqual([]);
    expect(after.review).toMatchObject({ by: 'role:principal', note: '', safetyRepTookPart: true, before: before.review.before, after: before.review.after });
    expect(after.review.comments.map((c: { by: string; text: string }) => [c.by, c.text])).toEqual([['role:safetyRep', '']]);

    const measure = after.assessment.situations[0].measures[0];
    expect(named(measure)).toEqual([]);
    expect(measure).toMatchObject({ description: 'To voksne på SFO', state: 'done', evaluation: { effect: 'partly', by: 'role:principal' } });
    expect(JSON.stringify(after.assessment)).not.toContain('Tina sier');
    expect(after.assessment.situations[0]).toMatchObject({ description: 'Alenearbeid i SFO', likelihood: 4, consequence: 4 });
  });
});
