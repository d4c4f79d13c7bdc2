/** The case card shows what is true of the case now, and only what the person can do now (issue 11). */
import { join } from 'node:path';
import { loadDirectory } from '../../src/config/directory-file';
import type { Viewer } from '../../src/cases/model/access';
import type { Case } from '../../src/cases/model/case';
import { applyCommand, type CaseCommand } from '../../src/cases/model/transitions';
import type { Language } from '../../src/core/i18n';
import { caseCardFor } from '../../src/cases/views/case';
import type { KeptInput } from '../../src/cases/views/common';
import { renderCard } from '../../src/teams/card-renderer';
import { aCase } from '../support/cases';
import { P } from '../support/people';

const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const now = new Date('2026-11-26T09:00:00Z');
const principal = { id: P.rune, viewer: 'principal' as Viewer };
const safetyRep = { id: P.vera, viewer: 'safetyRep' as Viewer };

function run(c: Case, ...steps: [CaseCommand, { id: string; viewer: Viewer }][]): Case {
  return steps.reduce((acc, [cmd, actor]) => {
    const r = applyCommand(acc, cmd, actor, now);
    if (!r.ok) throw new Error(JSON.stringify(r.refusal));
    return r.case;
  }, c);
}

function card(c: Case, viewer: Viewer = 'principal', language: Language = 'nb', kept?: KeptInput): Record<string, any> {
  const viewerId = viewer === 'principal' ? P.rune : viewer === 'safetyRep' ? P.vera : viewer === 'leader' ? P.siri : viewer === 'chiefSafetyRep' ? P.hakon : P.tina;
  return renderCard(caseCardFor({ language, directory, timeZone: 'Europe/Oslo', today: '2026-11-26', now, case: c, viewer, viewerId, kept })) as Record<string, any>;
}

function walk(node: unknown, visit: (n: Record<string, any>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, any>);
    Object.values(node).forEach((v) => walk(v, visit));
  }
}
const texts = (c: unknown) => {
  const out: string[] = [];
  walk(c, (n) => typeof n.text === 'string' && out.push(n.text));
  return out;
};
const inputs = (c: unknown) => {
  const out: Record<string, Record<string, any>> = {};
  walk(c, (n) => typeof n.type === 'string' && n.type.startsWith('Input.') && n.id && (out[n.id] = n));
  return out;
};
const actions = (c: unknown) => {
  const out: Record<string, any>[] = [];
  walk(c, (n) => n.type === 'Action.Execute' && out.push(n));
  return out;
};

const propose = (description: string, ownerId?: string): CaseCommand => ({ verb: 'measure.propose', description, dueDate: '2026-12-01', ...(ownerId ? { ownerId } : {}) });

describe('texts true to the state', () => {
  it.each(['nb', 'nn', 'en'] as Language[])('a closed case asks nobody to get in touch today (%s)', (language) => {
    const open = run(aCase(), [{ verb: 'acknowledge' }, principal]);
    const closed = run(open, [{ verb: 'close', summary: 'Samtale med foresatte.' }, principal]);
    const urge = { nb: 'ta kontakt med den ansatte i dag', nn: 'ta kontakt med den tilsette i dag', en: 'contact the employee today' }[language];
    expect(texts(card(open, 'principal', language)).join(' ')).toContain(urge);
    expect(texts(card(closed, 'principal', language)).join(' ')).not.toContain(urge);
    expect(texts(card(closed, 'principal', language))).toContain({ nb: 'Du er rektor. Saken er avsluttet.', nn: 'Du er rektor. Saka er avslutta.', en: 'You are the principal. The case is closed.' }[language]);
  });

  it('turns the § 5-2 warning into a done note once Arbeidstilsynet and the police are notified', () => {
    const serious = run(aCase({ seriousInjury: 'true' }), [{ verb: 'acknowledge' }, principal]);
    const warning = 'Alvorlig personskade: Arbeidstilsynet og politiet skal varsles straks, på raskeste måte (arbeidsmiljøloven § 5-2).';
    const done = 'Alvorlig personskade: stegene etter arbeidsmiljøloven § 5-2 er fulgt opp.';
    expect(texts(card(serious))).toContain(warning);
    const halfway = run(serious, [{ verb: 'legal.mark', item: 'arbeidstilsynet' }, principal]);
    expect(texts(card(halfway))).toContain(warning);
    const notified = run(halfway, [{ verb: 'legal.mark', item: 'police' }, principal]);
    const shown = card(notified);
    expect(texts(shown)).not.toContain(warning);
    expect(texts(shown)).toContain(done);
    let colour = '';
    walk(shown, (n) => n.text === done && (colour = n.color));
    expect(colour).toBe('Good');
    expect(texts(card(notified, 'safetyRep', 'nn'))).toContain('Alvorleg personskade: stega etter arbeidsmiljølova § 5-2 er følgde opp.');
    expect(texts(card(notified, 'leader', 'en'))).toContain('Serious injury: the steps under Working Environment Act § 5-2 have been dealt with.');
  });

  it('says "Tiltak gjennomført" when every approved measure is done and none waits for a decision, "Tiltak pågår" while one is left', () => {
    const c = run(aCase(), [{ verb: 'acknowledge' }, principal], [propose('A'), principal], [propose('B'), principal], [propose('C'), safetyRep], [{ verb: 'measure.complete', measureId: 'm1' }, principal]);
    expect(texts(card(c))).toContain('Nordby skole · Tiltak pågår');
    // A proposal still waiting for a decision is not carried out: the measures are still under way.
    const waiting = run(c, [{ verb: 'measure.complete', measureId: 'm2' }, principal]);
    expect(texts(card(waiting))).toContain('Nordby skole · Tiltak pågår');
    const done = run(waiting, [{ verb: 'measure.reject', measureId: 'm3', reason: 'Ikke nødvendig.' }, principal]);
    expect(texts(card(done))).toContain('Nordby skole · Tiltak gjennomført');
    expect(texts(card(done, 'safetyRep', 'nn'))).toContain('Nordby skole · Tiltak gjennomført');
    expect(texts(card(done, 'leader', 'en'))).toContain('Nordby skole · Measures carried out');
    expect(JSON.stringify(card(done, 'reporter'))).toContain('"value":"Tiltak gjennomført"');
    const closed = run(done, [{ verb: 'close', summary: 'Ferdig.' }, principal]);
    expect(texts(card(closed))).toContain('Nordby skole · Avsluttet');
  });
});

describe('only what the person can do now', () => {
  it('offers the principal "Foreslå og godkjenn", the safety representative "Foreslå"', () => {
    const c = aCase();
    const title = (shown: unknown) => actions(shown).find((a) => a.verb === 'measure.propose')?.title;
    expect(title(card(c, 'principal'))).toBe('Foreslå og godkjenn');
    expect(title(card(c, 'principal', 'en'))).toBe('Propose and approve');
    expect(title(card(c, 'safetyRep', 'nn'))).toBe('Foreslå');
  });

  it('lets the principal decide a waiting proposal before acknowledging: the decision acknowledges the case', () => {
    const c = run(aCase(), [propose('Alarm'), safetyRep]);
    const verbs = actions(card(c)).map((a) => a.verb);
    expect(verbs).toEqual(expect.arrayContaining(['incident.acknowledge', 'measure.approve', 'measure.reject']));
    expect(actions(card(c, 'safetyRep')).map((a) => a.verb)).not.toContain('measure.approve');
  });
});

describe('forms that forgive', () => {
  it('fills the inputs with what was typed, with the error under the field; a due date only as a date, an owner only from the choices', () => {
    const c = run(aCase(), [propose('Alarm'), safetyRep]);
    const kept: KeptInput = {
      texts: { description: 'To voksne', owner: P.tina, dueDate: '2026-12-24', summary: 'Oppsummert', comment: 'Hei', 'reason-m1': 'Finnes' },
      warnNames: false,
      errors: { dueDate: 'Fristen må fylles ut.', 'reason-m1': 'Begrunnelsen er for lang.' },
    };
    const shown = card(c, 'principal', 'nb', kept);
    expect(JSON.stringify(shown)).not.toMatch(/\$\{/);
    const i = inputs(shown);
    expect([i.description.value, i.owner.value, i.dueDate.value, i.summary?.value, i.comment.value, i['reason-m1'].value]).toEqual(['To voksne', P.tina, '2026-12-24', undefined, 'Hei', 'Finnes']);
    expect(texts(shown)).toEqual(expect.arrayContaining(['Fristen må fylles ut.', 'Begrunnelsen er for lang.']));
    expect([i.description.label, i.dueDate.label, i.comment.label, i['reason-m1'].label]).toEqual(['Hva skal gjøres? *', 'Frist *', 'Kommentar (verneombud og rektor ser den) *', 'Begrunnelse hvis du avviser *']);
    // The proposal form opens by itself when it holds something.
    let visible: unknown;
    walk(shown, (n) => n.id === 'proposeBox' && (visible = n.isVisible));
    expect(visible).toBe(true);
    const forged = inputs(card(c, 'principal', 'nb', { texts: { owner: 'someone-else', dueDate: 'i morgen' }, warnNames: false }));
    expect([forged.owner.value ?? '', forged.dueDate.value ?? '']).toEqual(['', '']);
  });

  it('marks the close summary as required, and says in the close form what must be done first', () => {
    const acked = run(aCase(), [{ verb: 'acknowledge' }, principal]);
    expect(inputs(card(acked)).summary.label).toBe('Kort oppsummering: hva ble gjort, og hva er lært? *');
    expect(texts(card(acked)).join(' ')).not.toContain('kan ikke avsluttes');
    const open = run(acked, [propose('Alarm'), principal], [propose('Møte'), safetyRep]);
    expect(texts(card(open))).toContain('Saken kan ikke avsluttes før dette er gjort: gjennomføre 1 godkjent tiltak; godkjenne eller avvise 1 foreslått tiltak.');
    expect(texts(card(open, 'principal', 'en'))).toContain('The case cannot be closed until this is done: carry out 1 approved measure; approve or reject 1 proposed measure.');
    const serious = run(aCase({ seriousInjury: 'true' }), [{ verb: 'acknowledge' }, principal], [{ verb: 'legal.mark', item: 'arbeidstilsynet' }, principal]);
    expect(texts(card(serious, 'principal', 'nn'))).toContain(
      'Saka kan ikkje avsluttast før dette er gjort: varsle politiet straks; send skriftleg stadfesting til Arbeidstilsynet, med kopi til verneombodet.',
    );
  });
});
