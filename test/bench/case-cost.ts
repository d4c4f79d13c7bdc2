/**
 * Cosmos DB requests one case costs from report to close, and what an idle
 * bot costs per hour, counted at the client's transport.
 */
import { inDays, report } from '../support/case-flow';
import { startHarness, textsOf, type Harness } from '../support/harness';
import { P } from '../support/people';
import { countRequests, type Tally } from './requests';

/** Until Teams has heard nothing new for `ms` (the dispatcher done with what the last step owed). */
async function quiet(h: Harness, ms = 600): Promise<void> {
  let seen = h.teams.activities.length;
  let since = Date.now();
  const deadline = Date.now() + 30_000;
  while (Date.now() - since < ms) {
    if (Date.now() > deadline) throw new Error('Teams never went quiet');
    await new Promise((r) => setTimeout(r, 50));
    if (h.teams.activities.length !== seen) {
      seen = h.teams.activities.length;
      since = Date.now();
    }
  }
}

/**
 * One serious case worked as case-handling.test.ts works it: reported (the
 * form asked for, then sent), acknowledged, a measure proposed by the safety
 * representative, approved and completed, the law's four steps marked, closed.
 * The dispatcher runs on nudges only (no timed polls) so that what is counted
 * is what the case causes.
 */
export async function requestsPerCase(cases: number): Promise<Tally & { cases: number }> {
  const h = await startHarness({ DISPATCH_INTERVAL_MS: '60000' });
  try {
    const tina = h.user(P.tina);
    const rune = h.user(P.rune);
    const vera = h.user(P.vera, { locale: 'nn-NO' });
    for (const u of [tina, rune, vera]) await u.install();
    await quiet(h);
    const counter = countRequests();
    for (let n = 0; n < cases; n++) {
      const { caseId } = await report(h, tina, { severity: 'very-serious', seriousInjury: 'true', injury: 'physical', sickLeave: 'true' });
      await quiet(h);
      const steps: [typeof rune, string, Record<string, unknown>][] = [
        [rune, 'incident.acknowledge', {}],
        [vera, 'measure.propose', { description: 'To vaksne i gymsalen i 6. time', dueDate: inDays(14) }],
        [rune, 'measure.approve', { measureId: 'm1' }],
        ...['arbeidstilsynet', 'police', 'confirmation', 'nav'].map((item): [typeof rune, string, Record<string, unknown>] => [rune, 'legal.mark', { item, done: true }]),
        [rune, 'measure.complete', { measureId: 'm1' }],
        [rune, 'incident.close', { summary: 'Bemanningen i gymsalen er økt.' }],
      ];
      let last: string[] = [];
      for (const [who, verb, data] of steps) {
        last = textsOf((await who.invoke(verb, { incidentId: caseId, ...data })).body.value);
        await quiet(h);
      }
      if (!last.some((t) => t.includes('Saken er avsluttet'))) throw new Error(`the case did not close: ${last.join(' | ')}`);
    }
    return { ...counter.stop(), cases };
  } finally {
    await h.stop();
  }
}

/** An idle bot at the default dispatch intervals, with a few open cases whose work is not yet due. */
export async function requestsPerIdleHour(seconds: number): Promise<{ perHour: Tally; intervalMs: number; idleIntervalMs: number; seconds: number }> {
  const intervalMs = 2000;
  const idleIntervalMs = 15000;
  const h = await startHarness({ DISPATCH_INTERVAL_MS: String(intervalMs), DISPATCH_IDLE_INTERVAL_MS: String(idleIntervalMs) });
  try {
    const tina = h.user(P.tina);
    await tina.install();
    for (let i = 0; i < 3; i++) await report(h, tina, { severity: 'serious' });
    await quiet(h, 3000);
    const counter = countRequests();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const t = counter.stop();
    const scale = 3600 / seconds;
    const byKind = Object.fromEntries(Object.entries(t.byKind).map(([k, v]) => [k, { requests: v.requests * scale, ru: v.ru * scale }]));
    return { perHour: { requests: t.requests * scale, ru: t.ru * scale, refused: t.refused * scale, byKind }, intervalMs, idleIntervalMs, seconds };
  } finally {
    await h.stop();
  }
}
