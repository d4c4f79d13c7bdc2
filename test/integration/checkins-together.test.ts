/**
 * Check-ins to a person with several open cases come as one message covering
 * all of them (schedule `checkInsTogetherWithin`); the one answer is recorded
 * in each case.
 */
import { actionsOf, cardOf, startHarness, textsOf, type Harness, type TeamsUser } from '../support/harness';
import { newMessagesAbout, report, stored } from '../support/case-flow';
import { P } from '../support/people';

const SCHEDULE = `
followUpCheckIns: [PT6S]
checkInsTogetherWithin: PT1M
acknowledgeWithin: P1D
escalateAfter: P3D
quietHours: null
`;

describe('check-ins together', () => {
  let h: Harness;
  let tina: TeamsUser;

  beforeAll(async () => {
    h = await startHarness({}, { schedule: SCHEDULE });
    tina = h.user(P.tina);
    await tina.install();
    await h.user(P.rune).install();
  });
  afterAll(() => h.stop());

  it('asks once about three cases, and records the answer in each', async () => {
    const reported = [await report(h, tina), await report(h, tina), await report(h, tina)];
    const checkins = () => h.teams.activities.filter((a) => a.op === 'send' && a.conversationId === tina.conversationId && actionsOf(cardOf(a.activity) ?? {}).some((x) => x.verb === 'followup.answer'));
    // The three reports must be stored before the first one's check-in falls due (6 s: room for a slow machine).
    const [message] = await h.teams.waitFor('the check-in', () => (checkins().length ? checkins() : undefined), 20000);
    // Every case's check-in has been settled: one sent, the others folded into it.
    for (let i = 0; i < 100; i++) {
      const open = (await Promise.all(reported.map(async (r) => (await stored(h, r.caseId)).work.filter((w) => w.kind === 'checkin' && w.state === 'open')))).flat();
      if (open.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(checkins()).toHaveLength(1);
    const card = cardOf(message.activity)!;
    const intro = textsOf(card).find((t) => t.startsWith('Vi følger opp hendelsene'))!;
    for (const r of reported) expect(intro).toContain(r.reference);
    expect(intro).toContain('Svaret ditt blir lagt inn i hver av sakene.');
    const work = (await Promise.all(reported.map(async (r) => (await stored(h, r.caseId)).work.find((w) => w.kind === 'checkin')!))).flat();
    const lead = work.find((w) => !w.mergedInto)!;
    expect(work.filter((w) => w.mergedInto === lead.id)).toHaveLength(2);

    const submit = actionsOf(card).find((a) => a.verb === 'followup.answer')!;
    const res = await tina.invoke('followup.answer', { ...submit.data, answer: 'talk', note: '', share: 'false', noMore: 'false' }, message.activityId);
    expect(textsOf(res.body.value)).toEqual(expect.arrayContaining(['Takk for svaret.', 'Ditt svar: Jeg vil gjerne ha en samtale']));
    for (const r of reported) {
      const { case: c } = await stored(h, r.caseId);
      expect(c.followUps[0]).toMatchObject({ personId: P.tina, answer: 'talk' });
      expect(c.history.at(-1)).toMatchObject({ by: P.tina, action: 'followUpAnswered' });
    }
    // The principal hears of the wish for a talk in each case.
    await h.teams.waitFor('the notices', () => reported.every((r) => newMessagesAbout(h, P.rune, r.caseId).some((a) => textsOf(cardOf(a.activity))[0] === 'Tina Berg ønsker en samtale etter hendelsen. Ta kontakt.')));
    // Tina answers her own check-in with a forged list naming Eva's case (where Tina is named as exposed too, so she may see it) and Eva's follow-up there:
    // nothing is recorded for Eva, and the answer shows nothing of that case.
    const other = await report(h, h.user(P.eva), { schoolId: 'nordby', affected: `me,${P.tina}` });
    const own = await report(h, tina);
    const before = (await stored(h, other.caseId)).case;
    const evas = before.followUps.find((f) => f.personId === P.eva)!;
    expect(before.followUps.some((f) => f.personId === P.tina)).toBe(true);
    const forged = await tina.invoke('followup.answer', { incidentId: own.caseId, followUpId: 'f1', together: `${other.caseId}/${evas.id}`, answer: 'ok', note: '', share: 'false', noMore: 'false' });
    expect(textsOf(forged.body.value)).toContain('Takk for svaret.');
    expect((await stored(h, own.caseId)).case.followUps[0]).toMatchObject({ personId: P.tina, answer: 'ok' });
    expect(JSON.stringify(forged.body.value)).not.toContain(other.reference);
    const after = (await stored(h, other.caseId)).case;
    expect(after.followUps.find((f) => f.id === evas.id)).toEqual(evas);
    expect(after.revision).toBe(before.revision);
  });
});
