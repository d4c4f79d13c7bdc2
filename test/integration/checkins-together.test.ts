/**
 * Check-ins to a person with several open cases come as one message covering
 * all of them (schedule `checkInsTogetherWithin`); the one answer is recorded
 * in each case.
 */
import { actionsOf, cardOf, startHarness, textsOf, type Harness, type TeamsUser } from '../support/harness';
import { newMessagesAbout, report, stored } from '../support/case-flow';
import { P } from '../support/people';

const SCHEDULE = `
followUpCheckIns: [PT3S]
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
    const [message] = await h.teams.waitFor('the check-in', () => (checkins().length ? checkins() : undefined));
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
    // Someone else's forged list records nothing.
    const other = await report(h, h.user(P.eva), { schoolId: 'nordby' });
    await h.user(P.rune).invoke('followup.answer', { incidentId: reported[0].caseId, followUpId: 'f1', together: `${other.caseId}/f1`, answer: 'ok' });
    expect((await stored(h, other.caseId)).case.followUps[0]?.answer).toBeUndefined();
  });
});
