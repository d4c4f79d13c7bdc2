/**
 * The retention policy with the bot's clock moved years ahead: the nightly
 * job (claimed through the calendar like every recurring job) anonymises
 * exactly the closed cases whose time is up, and nothing else: open cases,
 * recent closed cases, cases on hold, serious injuries kept in full, other
 * work and the register's facts stay. The owner's leader first sees what
 * would change (a dry run) and nothing changes. The audit trail follows:
 * who opened an anonymised case goes with it; an export's record after
 * `exportAuditYears`.
 */
import { stripSystem } from '../../src/core/cosmos/batch';
import { EMULATOR_KEY } from '../../src/core/cosmos/embedded';
import { runRetention } from '../../src/retention';
import { report } from '../support/case-flow';
import { cardOf, FIXTURE_DIRECTORY, startHarness, textsOf, TravelClock, writeTemp, type Harness, type TeamsUser } from '../support/harness';
import { P } from '../support/people';

const YEAR_MS = 365.25 * 86400000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('retention with the clock moved years ahead', () => {
  const clock = new TravelClock();
  const start = clock.now();
  const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric' }).format(start);
  let h: Harness;
  let tina: TeamsUser, rune: TeamsUser, siri: TeamsUser;
  const ids: Record<'plain' | 'injury' | 'serious' | 'open' | 'held' | 'recent', string> = {} as never;

  /** Every document of the cases container, by id. */
  async function snapshot(): Promise<Map<string, Record<string, unknown>>> {
    const { resources } = await h.bot.containers.cases.items.query<Record<string, unknown>>('SELECT * FROM c').fetchAll();
    return new Map(resources.map((r) => [`${r.caseId}/${r.id}`, stripSystem(r)]));
  }

  /** Runs the dispatcher until nothing of these cases is due. */
  async function drain(caseIds: string[]): Promise<void> {
    for (let round = 0; round < 60; round++) {
      await h.bot.dispatcher.runOnce();
      const open = (await Promise.all(caseIds.map((id) => h.bot.cases.workOfCase(id)))).flat().filter((w) => w.state === 'open');
      if (open.length === 0) return;
      await sleep(200);
    }
    throw new Error('work left open');
  }

  async function closeCase(caseId: string, legal: string[] = []): Promise<void> {
    await rune.invoke('incident.acknowledge', { incidentId: caseId });
    for (const item of legal) await rune.invoke('legal.mark', { incidentId: caseId, item, done: 'true' });
    const closed = await rune.invoke('incident.close', { incidentId: caseId, summary: 'Saken er fulgt opp med Tina.' });
    expect(textsOf(closed.body.value)[0]).toMatch(/Saken er avsluttet/);
  }

  /** Runs the dispatcher until the retention job has run `count` times in all (other calendar work may come first). */
  async function retentionRuns(count: number): Promise<void> {
    const ran = () => h.logs.filter((l) => l.includes('"event":"retention.applied"')).length;
    const deadline = Date.now() + 20000;
    while (ran() < count) {
      if (Date.now() > deadline) throw new Error(`the retention job ran ${ran()} times, not ${count}`);
      await h.bot.dispatcher.runOnce();
    }
  }

  let schedule: string;

  beforeAll(async () => {
    schedule = `
followUpCheckIns: [PT1S]
acknowledgeWithin: PT1S
escalateAfter: PT1S
notifyReminderEvery: PT1S
navReminderEvery: PT1S
quietHours: null
retention:
  hold: [VT-${year}-0005]
`;
    // The dispatcher runs when the test says (or when new work is stored), so the clock can be moved between its rounds.
    h = await startHarness({ DISPATCH_INTERVAL_MS: '60000' }, { schedule, clock: clock.now });
    [tina, rune, siri] = [h.user(P.tina), h.user(P.rune), h.user(P.siri)];
    for (const u of [tina, rune, siri]) await u.install();

    ids.plain = (await report(h, tina, { description: 'Eleven slo meg i armen.', immediateActions: 'Jeg gikk ut med eleven.' })).caseId;
    await tina.invoke('followup.answer', { incidentId: ids.plain, followUpId: 'f1', answer: 'talk', note: 'Jeg sover dårlig.', share: 'true' });
    await rune.invoke('incident.comment', { incidentId: ids.plain, comment: 'Snakket med Tina i dag.' });
    await closeCase(ids.plain);
    ids.injury = (await report(h, tina, { injury: 'physical', description: 'Eleven sparket meg i kneet.' })).caseId;
    await closeCase(ids.injury);
    ids.serious = (await report(h, tina, { seriousInjury: 'true', injury: 'physical', severity: 'very-serious', description: 'Eleven slo meg ned.' })).caseId;
    await closeCase(ids.serious, ['arbeidstilsynet', 'police', 'confirmation']);
    ids.open = (await report(h, tina, { description: 'Eleven truet meg.' })).caseId;
    await rune.invoke('incident.acknowledge', { incidentId: ids.open });
    ids.held = (await report(h, tina, { description: 'Eleven kastet en stol.' })).caseId; // VT-<year>-0005: on hold
    await closeCase(ids.held);
    // Openings by the safety representative (the principal's actions above are openings too), and an export.
    for (const id of [ids.plain, ids.open, ids.serious]) await h.user(P.vera).invoke('incident.view', { incidentId: id });
    const sentToRune = h.teams.in(rune.conversationId).length;
    await rune.say('eksport');
    await h.teams.waitFor('the export card', () => h.teams.in(rune.conversationId).slice(sentToRune).find((a) => cardOf(a.activity)));
    await drain(Object.values(ids).filter(Boolean));

    // Four years on: one more case, closed then. (The night's job runs and finds nothing old enough.)
    clock.setTo(new Date(start.getTime() + 4 * YEAR_MS));
    ids.recent = (await report(h, tina, { description: 'Eleven bet meg.' })).caseId;
    await closeCase(ids.recent);
    await drain(Object.values(ids));
    await retentionRuns(1);
  }, 120000);
  afterAll(() => h.stop());

  it('shows the owner’s leader what would change first, and changes nothing', async () => {
    clock.setTo(new Date(start.getTime() + 5 * YEAR_MS + 2 * 86400000));
    const before = await snapshot();
    const sent = h.teams.in(siri.conversationId).length;
    await siri.say('retention');
    const answer = await h.teams.waitFor('the dry run', () => h.teams.in(siri.conversationId).slice(sent).find((a) => cardOf(a.activity)));
    const text = textsOf(cardOf(answer.activity)).join('\n');
    expect(text).toContain('Dry run: nothing has been changed.');
    expect(text).toContain('1 case would be anonymised now.');
    expect(text).toContain(`Cases: VT-${year}-0001`);
    expect(text).toContain('Kept although their time is up: 1 on hold, 0 waiting for follow-up.');
    const views = (await h.bot.audit.ofCase(ids.plain, { action: 'case.view' })).length;
    expect(views).toBeGreaterThanOrEqual(2);
    expect(text).toContain(`The audit trail: ${views} entries on who opened those cases would be deleted with them.`);
    expect(text).toContain('0 entries on exports or downloads older than 10 years would be deleted.');
    expect(await snapshot()).toEqual(before);
    expect((await h.bot.audit.ofCase(ids.plain, { action: 'case.view' })).length).toBe(views);

    // The same from the command line, against the configured store.
    const out: string[] = [];
    const env = { COSMOS_ENDPOINT: h.bot.cosmosEndpoint, COSMOS_KEY: EMULATOR_KEY, COSMOS_TLS_INSECURE: '1', DIRECTORY_FILE: FIXTURE_DIRECTORY, SCHEDULE_FILE: writeTemp('schedule.yaml', schedule), LANG: 'en_GB.UTF-8' };
    expect(await runRetention(['--dry-run'], env, (t) => out.push(t), clock.now)).toBe(0);
    expect(out.join('')).toContain(`1 case would be anonymised now.\n\nCases: VT-${year}-0001`);
    expect(out.join('')).toMatch(/"event":"retention.planned".*"anonymised":1/);
    expect(await runRetention([], env, (t) => out.push(t))).toBe(2);
    expect(await snapshot()).toEqual(before);

    // Nobody else gets the overview.
    const tSent = h.teams.in(tina.conversationId).length;
    await tina.say('oppbevaring');
    const refused = await h.teams.waitFor('the refusal', () => h.teams.in(tina.conversationId).slice(tSent).find((a) => a.activity.text));
    expect(refused.activity.text).toBe('Bare skoleeierens ledere kan se oversikten over oppbevaring.');
  });

  it('five years after closing anonymises the closed case without injury, and nothing else', async () => {
    const before = await snapshot();
    await retentionRuns(2);
    const after = await snapshot();

    const was = before.get(`${ids.plain}/${ids.plain}`) as any;
    const now = after.get(`${ids.plain}/${ids.plain}`) as any;
    expect(now.anonymisedAt).toBeDefined();
    const json = JSON.stringify(now);
    for (const id of Object.values(P)) expect(json).not.toContain(id);
    for (const text of ['Eleven slo meg', 'Jeg gikk ut', 'sover dårlig', 'Snakket med Tina', 'fulgt opp med Tina']) expect(json).not.toContain(text);
    // The register's facts and what statistics need are as they were.
    const { description: _d, immediateActions: _i, ...register } = was.report;
    expect(now.report).toEqual({ ...register, description: '' });
    for (const key of ['reference', 'schoolId', 'status', 'serious', 'createdAt', 'acknowledgedAt', 'closedAt']) expect(now[key]).toEqual(was[key]);
    expect(now.followUps.map((f: any) => f.answer)).toEqual(was.followUps.map((f: any) => f.answer));
    expect(now.history.map((e: any) => e.action)).toEqual(was.history.map((e: any) => e.action));
    // The work it owed (who was told, where the messages landed) is gone with it.
    expect([...after.keys()].filter((k) => k.startsWith(`${ids.plain}/`))).toEqual([`${ids.plain}/${ids.plain}`]);

    // Everything else is exactly as it was: other cases, their work, the calendar's own work.
    // (The prevention plans' daily look owes its own reminders over the years, and starts each school's staff record: calendar work too.)
    const calendar = (doc: Record<string, unknown>) => doc.docType === 'staffRecord' || ['risk.notice', 'training.notice', 'owner.report'].includes(doc.kind as string);
    const untouched = (m: Map<string, Record<string, unknown>>) => new Map([...m].filter(([k, doc]) => !k.startsWith(`${ids.plain}/`) && !k.startsWith('job:') && !calendar(doc)));
    expect(untouched(after)).toEqual(untouched(before));
    expect([...after.keys()].some((k) => k.startsWith('job:privacy.retention/'))).toBe(true);

    // Nobody reaches it as theirs any more; the principal still sees the case, without the text.
    expect((await h.bot.cases.casesOfPerson(P.tina)).map((c) => c.caseId)).not.toContain(ids.plain);
    const view = JSON.stringify((await rune.invoke('incident.view', { incidentId: ids.plain })).body.value);
    expect(view).toContain(`VT-${year}-0001`);
    expect(view).not.toContain('Eleven slo meg');
    expect(view).toContain('Teksten er fjernet og personene er erstattet av rollen sin etter oppbevaringstiden');
    expect(h.logs.find((l) => l.includes('"event":"retention.applied"') && l.includes('"anonymised":1'))).toBeDefined();

    // Who opened it went with it, and opening it now names nobody, so it is not recorded; other cases' openings and the export stay.
    expect(await h.bot.audit.ofCase(ids.plain, { action: 'case.view' })).toEqual([]);
    expect((await h.bot.audit.ofCase(ids.open, { action: 'case.view' })).map((e) => e.actorId)).toEqual(expect.arrayContaining([P.rune, P.vera]));
    expect((await h.bot.audit.ofActor(P.rune)).filter((e) => e.action === 'export.link')).toHaveLength(2);
  });

  it('ten years after closing anonymises the injury case and the recent one; a serious injury and the case on hold stay in full', async () => {
    clock.setTo(new Date(start.getTime() + 10 * YEAR_MS + 2 * 86400000));
    const before = await snapshot();
    await retentionRuns(3);
    const after = await snapshot();
    const doc = (id: string) => after.get(`${id}/${id}`) as any;
    expect(doc(ids.injury).anonymisedAt).toBeDefined();
    expect(doc(ids.recent).anonymisedAt).toBeDefined();
    for (const id of [ids.serious, ids.held, ids.open]) expect(doc(id)).toEqual(before.get(`${id}/${id}`));
    expect(doc(ids.serious).report.description).toBe('Eleven slo meg ned.');
    expect(doc(ids.open).status).toBe('acknowledged');

    // The audit trail: openings of the two anonymised cases are gone, those of the kept ones stay; the export is older than 10 years.
    for (const id of [ids.injury, ids.recent]) expect(await h.bot.audit.ofCase(id, { action: 'case.view' })).toEqual([]);
    for (const id of [ids.serious, ids.held, ids.open]) expect((await h.bot.audit.ofCase(id, { action: 'case.view' })).length).toBeGreaterThan(0);
    expect((await h.bot.audit.ofActor(P.rune)).filter((e) => e.action.startsWith('export.'))).toEqual([]);
    expect(h.logs.find((l) => l.includes('"event":"retention.applied"') && l.includes('"exportEntriesDeleted":2'))).toBeDefined();
  });
});
