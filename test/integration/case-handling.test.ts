/**
 * A case worked from report to closed in Teams, through the real server:
 * what each person receives at each step, who is refused, and two principals
 * acting at once.
 */
import { actionsOf, cardOf, inputsOf, startHarness, textsOf, type Harness, type TeamsUser } from '../support/harness';
import { inDays, messagesAbout, newMessagesAbout, report, settled, stored, waitForNew } from '../support/case-flow';
import { P } from '../support/people';

describe('case handling', () => {
  let h: Harness;
  let tina: TeamsUser, rune: TeamsUser, vera: TeamsUser;

  beforeAll(async () => {
    h = await startHarness();
    tina = h.user(P.tina);
    rune = h.user(P.rune);
    vera = h.user(P.vera, { locale: 'nn-NO' });
    for (const u of [tina, rune, vera]) expect((await u.install()).status).toBe(200);
  });
  afterAll(() => h.stop());

  it('takes a serious case from report to closed, telling each person what they need to know', async () => {
    const { caseId, reference, formActivityId } = await report(h, tina, { severity: 'very-serious', seriousInjury: 'true', injury: 'physical', sickLeave: 'true' });
    const [runeCard] = await waitForNew(h, P.rune, caseId, 1, 'the principal’s card');
    await waitForNew(h, P.vera, caseId, 1, 'the safety representative’s card');
    const runeActions = actionsOf(cardOf(runeCard.activity)).map((a) => a.verb);
    // A legal step opens its form (when, how, reference; or not applicable) whose button is `legal.mark`.
    expect(runeActions).toEqual(expect.arrayContaining(['incident.acknowledge', 'legal.form', 'incident.comment', 'measure.propose']));
    // Closing comes after acknowledging.
    expect(runeActions).not.toContain('incident.close');
    expect(textsOf(cardOf(runeCard.activity)).join(' ')).toContain('Varsle Arbeidstilsynet straks, på raskeste måte (arbeidsmiljøloven § 5-2)');
    // The safety representative follows: no acknowledging, approving, legal steps or closing.
    const veraActions = actionsOf(cardOf(newMessagesAbout(h, P.vera, caseId)[0].activity)).map((a) => a.verb);
    expect(veraActions).toEqual(expect.arrayContaining(['incident.comment', 'measure.propose']));
    for (const verb of ['incident.acknowledge', 'measure.approve', 'legal.mark', 'legal.form', 'incident.close']) expect(veraActions).not.toContain(verb);

    // 1. The principal acknowledges: the reporter is told, and every card shows the new status.
    const ack = await rune.invoke('incident.acknowledge', { incidentId: caseId }, runeCard.activityId);
    expect(textsOf(ack.body.value)).toEqual(expect.arrayContaining(['Saken er bekreftet mottatt. Den ansatte har fått beskjed.', 'Nordby skole · Mottatt av rektor']));
    // Her receipt was the form message rewritten; the notice is her first new message about the case.
    const [tinaNotice] = await waitForNew(h, P.tina, caseId, 1, 'the reporter’s notice');
    expect(textsOf(cardOf(tinaNotice.activity))).toEqual(expect.arrayContaining(['Rektor har mottatt saken din og følger den opp.', 'Mottatt av rektor']));
    await settled(h, caseId);
    const receiptNow = messagesAbout(h, P.tina, caseId).filter((a) => a.activityId === formActivityId).at(-1)!;
    expect(receiptNow.op).toBe('update');
    expect(textsOf(cardOf(receiptNow.activity))).toContain('Mottatt av rektor');
    const veraNow = messagesAbout(h, P.vera, caseId).at(-1)!;
    expect(veraNow.op).toBe('update');
    expect(textsOf(cardOf(veraNow.activity))).toContain('Nordby skole · Motteken av rektor');

    // 2. The safety representative proposes a measure; the principal is asked to decide.
    const proposed = await vera.invoke('measure.propose', { incidentId: caseId, description: 'To vaksne i gymsalen i 6. time', dueDate: inDays(14) });
    expect(textsOf(proposed.body.value)).toContain('Tiltaket er foreslått.');
    const runeMsgs = await waitForNew(h, P.rune, caseId, 2, 'the principal’s notice of the proposal');
    const proposalCard = cardOf(runeMsgs[1].activity);
    expect(textsOf(proposalCard)).toContain('Verneombudet har foreslått et tiltak som venter på at du godkjenner eller avviser det.');
    expect(actionsOf(proposalCard).find((a) => a.verb === 'measure.approve')!.data).toEqual({ incidentId: caseId, measureId: 'm1' });

    // 3. The principal approves it, and adds one of his own for the teacher to carry out: approved at once.
    expect(textsOf((await rune.invoke('measure.approve', { incidentId: caseId, measureId: 'm1' })).body.value)).toContain('Tiltaket er godkjent.');
    const approved = await rune.invoke('measure.propose', { incidentId: caseId, description: 'Gjennomgå rutinen for å tilkalle hjelp', owner: P.tina, dueDate: inDays(7) });
    expect(textsOf(approved.body.value)).toEqual(
      expect.arrayContaining(['Tiltaket er foreslått og godkjent.', 'Nordby skole · Tiltak pågår', 'Ansvarlig: Tina Berg · Frist: ' + norwegianDate(inDays(7)) + ' · Godkjent']),
    );
    expect(actionsOf(approved.body.value).find((a) => a.verb === 'measure.propose')!.title).toBe('Foreslå og godkjenn');
    await waitForNew(h, P.vera, caseId, 3, 'the safety representative’s notices of two decisions');
    const veraDecided = newMessagesAbout(h, P.vera, caseId)[1];
    expect(textsOf(cardOf(veraDecided.activity))).toContain('Rektor har teke stilling til eit foreslått tiltak.');
    expect(textsOf(cardOf(newMessagesAbout(h, P.vera, caseId)[2].activity))).toContain('Rektor har lagt til eit tiltak i saka.');
    const tinaAssigned = (await waitForNew(h, P.tina, caseId, 2, 'the teacher’s assignment'))[1];
    const tinaView = cardOf(tinaAssigned.activity);
    expect(textsOf(tinaView)).toEqual(expect.arrayContaining(['Du er ansvarlig for et tiltak i denne saken.', 'Dette er bestemt', 'To vaksne i gymsalen i 6. time', 'Gjennomgå rutinen for å tilkalle hjelp']));

    // 4. Closing is refused while the law's steps and the measures are open; nothing changes.
    const before = (await stored(h, caseId)).case;
    const early = await rune.invoke('incident.close', { incidentId: caseId, summary: 'Ferdig' });
    expect(textsOf(early.body.value).join(' ')).toContain(
      'Saken kan ikke avsluttes før dette er gjort: gjennomføre 2 godkjente tiltak; varsle Arbeidstilsynet straks, på raskeste måte; varsle politiet straks; send skriftlig bekreftelse til Arbeidstilsynet, med kopi til verneombudet; send skademelding til NAV så snart som mulig.',
    );
    expect((await stored(h, caseId)).case).toEqual(before);

    // 5. The steps are ticked off; the teacher completes her own measure, the principal the other.
    for (const item of ['arbeidstilsynet', 'police', 'confirmation', 'nav']) {
      expect(textsOf((await rune.invoke('legal.mark', { incidentId: caseId, item, done: true })).body.value)).toContain('Markert som gjort.');
    }
    expect(textsOf((await tina.invoke('measure.complete', { incidentId: caseId, measureId: 'm2' })).body.value)).toContain('Tiltaket er markert som gjennomført.');
    await rune.invoke('measure.complete', { incidentId: caseId, measureId: 'm1' });
    await rune.invoke('incident.comment', { incidentId: caseId, comment: 'Snakket med Tina i dag.' });

    // 6. Closed with a summary: the reporter and the safety representative are told.
    const closed = await rune.invoke('incident.close', { incidentId: caseId, summary: 'Bemanningen i gymsalen er økt, og rutinen er gjennomgått.' });
    expect(textsOf(closed.body.value)).toEqual(expect.arrayContaining(['Saken er avsluttet. Den ansatte og verneombudet har fått beskjed.', 'Nordby skole · Avsluttet']));
    const tinaClosed = (await waitForNew(h, P.tina, caseId, 3, 'the reporter’s closing notice'))[2];
    expect(textsOf(cardOf(tinaClosed.activity))).toEqual(expect.arrayContaining(['Saken er avsluttet.', 'Oppsummering fra rektor', 'Bemanningen i gymsalen er økt, og rutinen er gjennomgått.']));
    // The reporter never sees the school's internal comments.
    expect(JSON.stringify(cardOf(tinaClosed.activity))).not.toContain('Snakket med Tina i dag.');
    const veraClosed = (await waitForNew(h, P.vera, caseId, 4, 'the safety representative’s closing notice'))[3];
    expect(textsOf(cardOf(veraClosed.activity))).toContain('Saka er avslutta.');

    // The history is stored for the register, each entry with who and when.
    const { case: done } = await stored(h, caseId);
    expect(done.reference).toBe(reference);
    expect(done.history.map((e) => e.action)).toEqual([
      'reported',
      'acknowledged',
      'measureProposed',
      'measureApproved',
      'measureProposed',
      'measureApproved',
      'legalMarked',
      'legalMarked',
      'legalMarked',
      'legalMarked',
      'measureDone',
      'measureDone',
      'commented',
      'closed',
    ]);
    expect(done.history.every((e) => e.by && e.at)).toBe(true);
    // Nobody outside the case heard of it.
    for (const other of [P.ola, P.kari, P.per, P.nina]) expect(messagesAbout(h, other, caseId)).toEqual([]);
  });

  it('lets the reporter add information, which the principal is told of', async () => {
    const { caseId } = await report(h, tina);
    await waitForNew(h, P.rune, caseId, 1, 'the principal’s card');
    const added = await tina.invoke('incident.comment', { incidentId: caseId, comment: 'Det var tredje gang denne uka.' });
    expect(textsOf(added.body.value)).toEqual(expect.arrayContaining(['Takk, opplysningene er lagt til i saken.', 'Det var tredje gang denne uka.']));
    const [, notice] = await waitForNew(h, P.rune, caseId, 2, 'the principal’s notice');
    expect(textsOf(cardOf(notice.activity))).toEqual(expect.arrayContaining(['Den ansatte har lagt til opplysninger i saken.', 'Det var tredje gang denne uka.']));
  });

  describe('refusals', () => {
    let caseId: string;
    beforeAll(async () => {
      ({ caseId } = await report(h, tina, { seriousInjury: 'true' }));
      await rune.invoke('measure.propose', { incidentId: caseId, description: 'Alarm', dueDate: inDays(3) });
      await settled(h, caseId);
    });

    const attempts: [string, string, Record<string, unknown>, string][] = [
      // who, verb, data, what they are told
      ['per', 'incident.view', {}, 'Du har ikke tilgang til denne saken.'],
      ['per', 'incident.acknowledge', {}, 'Du har ikke tilgang til denne saken.'],
      ['per', 'incident.comment', { comment: 'hei' }, 'Du har ikke tilgang til denne saken.'],
      ['ola', 'incident.view', {}, 'Du har ikke tilgang til denne saken.'],
      ['ola', 'incident.acknowledge', {}, 'Du har ikke tilgang til denne saken.'],
      ['ola', 'measure.approve', { measureId: 'm1' }, 'Du har ikke tilgang til denne saken.'],
      ['ola', 'incident.close', { summary: 'x' }, 'Du har ikke tilgang til denne saken.'],
      ['kari', 'incident.comment', { comment: 'hei' }, 'Du har ikkje tilgang til denne saka.'],
      ['stranger', 'incident.view', {}, 'Du har ikke tilgang til denne saken.'],
      ['stranger', 'incident.acknowledge', {}, 'Du har ikke tilgang til denne saken.'],
      ['vera', 'incident.acknowledge', {}, 'Berre rektor kan stadfeste at saka er motteken.'],
      ['vera', 'measure.approve', { measureId: 'm1' }, 'Berre rektor kan godkjenne tiltak.'],
      ['vera', 'measure.reject', { measureId: 'm1', reason: 'nei' }, 'Berre rektor kan avvise tiltak.'],
      ['vera', 'legal.mark', { item: 'police', done: true }, 'Berre rektor kan krysse av for dei lovpålagde stega.'],
      ['vera', 'incident.close', { summary: 'x' }, 'Berre rektor kan avslutte saka.'],
      ['siri', 'incident.comment', { comment: 'hi' }, 'You cannot comment on this case.'],
      ['siri', 'measure.propose', { description: 'x', dueDate: inDays(2) }, 'Only the principal and the safety representative can propose measures.'],
      ['hakon', 'incident.acknowledge', {}, 'Bare rektor kan bekrefte at saken er mottatt.'],
      // Forged card data: the reporter claims to be the principal.
      ['tina', 'incident.acknowledge', { from: P.rune, role: 'principal', aadObjectId: P.rune }, 'Bare rektor kan bekrefte at saken er mottatt.'],
      ['tina', 'measure.approve', { measureId: 'm1', viewer: 'principal' }, 'Bare rektor kan godkjenne tiltak.'],
      ['tina', 'measure.propose', { description: 'x', dueDate: inDays(2) }, 'Bare rektor og verneombud kan foreslå tiltak.'],
    ];

    it.each(attempts)('%s trying %s is refused and nothing changes', async (who, verb, data, expected) => {
      const person = h.user(P[who as keyof typeof P], { locale: 'nb-NO' });
      const before = await stored(h, caseId);
      const sent = h.teams.activities.length;
      const res = await person.invoke(verb, { incidentId: caseId, ...data });
      expect(res.status).toBe(200);
      expect(textsOf(res.body.value).join(' ')).toContain(expected);
      // Nothing of the case leaks to someone without access.
      if (expected.startsWith('Du har ikk')) expect(JSON.stringify(res.body.value)).not.toContain('Eleven slo meg');
      await h.bot.dispatcher.runOnce();
      expect(await stored(h, caseId)).toEqual(before);
      expect(h.teams.activities.length).toBe(sent);
    });

    it('refuses ids that name no case, or another kind of document', async () => {
      for (const incidentId of ['case-ffffffffffffffffffffffffffffffff', 'counter-1', '', 42]) {
        const res = await rune.invoke('incident.acknowledge', { incidentId });
        expect(textsOf(res.body.value)).toContain('Du har ikke tilgang til denne saken.');
      }
    });

    it('answers bad data with the card and what is wrong, changing nothing', async () => {
      const before = await stored(h, caseId);
      const res = await rune.invoke('measure.propose', { incidentId: caseId, description: '', owner: P.ola, dueDate: '2020-01-01' });
      expect(textsOf(res.body.value).join(' ')).toContain(
        'Noe mangler eller er feil: Tiltaket må fylles ut; den ansvarlige må høre til skolen; fristen kan ikke være tilbake i tid',
      );
      expect(await stored(h, caseId)).toEqual(before);
    });
  });

  it('lets the principal decide a proposal before acknowledging: the decision acknowledges, and the reporter is told', async () => {
    const { caseId } = await report(h, tina);
    await waitForNew(h, P.rune, caseId, 1, 'the principal’s card');
    await vera.invoke('measure.propose', { incidentId: caseId, description: 'Ein vaksen til i gangen', dueDate: inDays(5) });
    const approved = await rune.invoke('measure.approve', { incidentId: caseId, measureId: 'm1' });
    expect(textsOf(approved.body.value)).toEqual(expect.arrayContaining(['Tiltaket er godkjent. Saken er også bekreftet mottatt, og den ansatte har fått beskjed.', 'Nordby skole · Tiltak pågår']));
    expect(actionsOf(approved.body.value).map((a) => a.verb)).not.toContain('incident.acknowledge');
    const [tinaNotice] = await waitForNew(h, P.tina, caseId, 1, 'the reporter’s notice');
    expect(textsOf(cardOf(tinaNotice.activity))).toContain('Rektor har mottatt saken din og følger den opp.');
    const { case: c } = await stored(h, caseId);
    expect(c.history.map((e) => e.action)).toEqual(['reported', 'measureProposed', 'acknowledged', 'measureApproved']);
    // The reporter's addition reads as such in the school's history.
    await tina.invoke('incident.comment', { incidentId: caseId, comment: 'Det skjedde i storefri.' });
    const view = await rune.invoke('incident.view', { incidentId: caseId });
    expect(textsOf(view.body.value).some((t) => t.endsWith('· Tina Berg · la til opplysninger'))).toBe(true);
  });

  it('answers a refused measure, rejection, close or comment with the same form and what was typed still in it', async () => {
    const { caseId } = await report(h, tina, { seriousInjury: 'true' });
    await settled(h, caseId);
    const before = await stored(h, caseId);
    const inputs = (res: { body: { value: unknown } }) => inputsOf(res.body.value);
    const shown = (res: { body: { value: unknown } }) => textsOf(res.body.value);

    // A measure without a due date keeps its description and owner; the date is marked as required, with the error under it.
    const noDue = await vera.invoke('measure.propose', { incidentId: caseId, description: 'To vaksne i friminuttet', owner: P.tina, dueDate: '' });
    expect(inputs(noDue).description.value).toBe('To vaksne i friminuttet');
    expect(inputs(noDue).owner.value).toBe(P.tina);
    expect(inputs(noDue).dueDate.label).toBe('Frist *');
    expect(inputs(noDue).description.label).toBe('Kva skal gjerast? *');
    expect(shown(noDue)).toContain('Fristen må fyllast ut.');
    // A date in the past comes back too, so it can be corrected.
    const pastDue = await rune.invoke('measure.propose', { incidentId: caseId, description: 'Alarm i lomma', dueDate: '2020-01-01' });
    expect(inputs(pastDue).dueDate.value).toBe('2020-01-01');
    expect(inputs(pastDue).description.value).toBe('Alarm i lomma');
    expect(shown(pastDue)).toContain('Fristen kan ikke være tilbake i tid.');

    // A rejection refused for a national id keeps its reason in that measure's box.
    await vera.invoke('measure.propose', { incidentId: caseId, description: 'Eit ekstra møte', dueDate: inDays(3) });
    const reason = 'Gjeld eleven med nr. 15.03.14 51350, vi tek det på anna vis';
    const rejected = await rune.invoke('measure.reject', { incidentId: caseId, measureId: 'm1', 'reason-m1': reason });
    expect(inputs(rejected)['reason-m1'].value).toBe(reason);
    expect(inputs(rejected)['reason-m1'].label).toBe('Begrunnelse hvis du avviser *');
    expect(shown(rejected)).toContain('Teksten ser ut til å inneholde et fødselsnummer. Fjern det – eleven skal ikke kunne identifiseres i meldingen.');

    // A close refused for open steps keeps the summary (and says what is left).
    await rune.invoke('incident.acknowledge', { incidentId: caseId });
    const summary = 'Alarmen er på plass, og vi har gått gjennom rutinen.';
    const early = await rune.invoke('incident.close', { incidentId: caseId, summary });
    expect(shown(early).join(' ')).toContain('Saken kan ikke avsluttes før dette er gjort:');
    expect(inputs(early).summary.value).toBe(summary);
    expect(JSON.stringify(early.body.value)).toMatch(/"id":"closeBox","isVisible":true/);

    // A comment refused for a national id keeps the text, so it can be edited.
    const comment = 'Snakka med foreldra til 15031451350 i dag.';
    const refused = await vera.invoke('incident.comment', { incidentId: caseId, comment });
    expect(inputs(refused).comment.value).toBe(comment);
    expect(shown(refused)).toContain('Teksten ser ut til å innehalde eit fødselsnummer. Fjern det – eleven skal ikkje kunne identifiserast i meldinga.');
    // The reporter's own addition too, on her view of the case.
    const added = await tina.invoke('incident.comment', { incidentId: caseId, comment: 'Han heter 150314 51350.' });
    expect(inputs(added).comment.value).toBe('Han heter 150314 51350.');
    expect(shown(added)).toContain('Teksten ser ut til å inneholde et fødselsnummer. Fjern det – eleven skal ikke kunne identifiseres i meldingen.');

    // Nothing refused was stored; what went through did.
    const after = (await stored(h, caseId)).case;
    expect(after.history.map((e) => e.action)).toEqual([...before.case.history.map((e) => e.action), 'measureProposed', 'acknowledged']);
    expect(JSON.stringify(after)).not.toContain('51350');
  });

  it('lets one of two principals acting at once win; the other gets the current card and a note', async () => {
    const per = h.user(P.per);
    const ola = h.user(P.ola);
    const anne = h.user(P.anne);
    const { caseId } = await report(h, per);
    await ola.invoke('incident.acknowledge', { incidentId: caseId });
    const rounds = 5;
    // The safety representative's proposals wait for a principal (a principal's own would be approved at once).
    const kari = h.user(P.kari);
    for (let i = 1; i <= rounds; i++) await kari.invoke('measure.propose', { incidentId: caseId, description: `Tiltak ${i}`, dueDate: inDays(5) });
    const answers: string[] = [];
    for (let i = 1; i <= rounds; i++) {
      const [a, b] = await Promise.all([ola.invoke('measure.approve', { incidentId: caseId, measureId: `m${i}` }), anne.invoke('measure.approve', { incidentId: caseId, measureId: `m${i}` })]);
      for (const res of [a, b]) {
        const text = textsOf(res.body.value);
        const note = text[0];
        answers.push(note);
        expect(['Tiltaket er godkjent.', 'Noen andre endret saken samtidig. Her er saken slik den er nå. Prøv igjen hvis det fortsatt trengs.', 'Tiltaket er allerede godkjent eller avvist.']).toContain(note);
        // Whatever the answer, the card shows the measure approved.
        expect(text).toContain(`Tiltak ${i}`);
      }
    }
    const { case: c } = await stored(h, caseId);
    // Every approval counted once: no update lost, none doubled.
    expect(c.history.filter((e) => e.action === 'measureApproved').map((e) => e.measureId).sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(c.measures.every((m) => m.state === 'approved' && [P.ola, P.anne].includes(m.decidedBy as never))).toBe(true);
    // One winner and one loser per round; the loser was told, with the current card.
    expect(answers.filter((a) => a === 'Tiltaket er godkjent.')).toHaveLength(rounds);
  });

  it('detects a stale write at the store: the ETag guard', async () => {
    const { caseId } = await report(h, tina);
    const first = (await h.bot.cases.getCase(caseId))!;
    const changed = { ...first.value, revision: first.value.revision + 1 };
    expect(await h.bot.cases.saveChange(changed, first.etag, [])).toBe('saved');
    expect(await h.bot.cases.saveChange({ ...changed, revision: 99 }, first.etag, [])).toBe('conflict');
    expect((await h.bot.cases.getCase(caseId))!.value.revision).toBe(first.value.revision + 1);
  });
});

function norwegianDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}
