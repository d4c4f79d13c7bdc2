/**
 * Openings of a case in the audit trail (the real container, in the
 * embedded store): one entry per person, case and window, also across
 * instances (the same id; the store refuses the second), a new one in the
 * next window, and a failed write reported, never thrown.
 */
import { AuditTrail, type CaseView } from '../../src/core/audit';
import { createCosmosClient } from '../../src/core/cosmos/client';
import { openContainers, type Containers } from '../../src/core/cosmos/database';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../src/core/cosmos/embedded';
import { createLogger } from '../../src/core/log';
import { P } from '../support/people';

describe('openings in the audit trail', () => {
  let embedded: EmbeddedCosmos;
  let containers: Containers;
  let dispose: () => void;
  let now = new Date('2026-11-26T10:01:00Z');
  const window = () => 15 * 60_000;
  const view = (actorId: string, caseId = 'case-00000000000000000000000000000001'): CaseView => ({ actorId, caseId, reference: 'VT-2026-0001', schoolId: 'nordby', role: 'principal', channel: 'chat' });

  beforeAll(async () => {
    embedded = await startEmbeddedCosmos();
    const client = createCosmosClient({ endpoint: embedded.endpoint, key: embedded.key, tlsInsecure: true });
    dispose = () => client.dispose();
    containers = await openContainers(client, 'audit-trail-test');
  });
  afterAll(async () => {
    dispose();
    await embedded.close();
  });

  it('stores one opening per person, case and window, whichever instance sees it', async () => {
    const one = new AuditTrail(containers.audit, () => now, { viewWindowMs: window });
    const other = new AuditTrail(containers.audit, () => now, { viewWindowMs: window });
    expect(await one.caseViewed(view(P.rune))).toBe('recorded');
    expect(await one.caseViewed(view(P.rune))).toBe('repeat');
    now = new Date('2026-11-26T10:14:59Z');
    // Another instance: no memory of it, the same id, refused by the store.
    expect(await other.caseViewed(view(P.rune))).toBe('repeat');
    expect(await one.caseViewed(view(P.vera))).toBe('recorded');
    expect(await one.caseViewed(view(P.rune, 'case-00000000000000000000000000000002'))).toBe('recorded');
    now = new Date('2026-11-26T10:15:00Z');
    expect(await other.caseViewed(view(P.rune))).toBe('recorded');
    const entries = await one.ofCase('case-00000000000000000000000000000001', { action: 'case.view' });
    expect(entries.map((e) => [e.actorId, e.at])).toEqual([
      [P.rune, '2026-11-26T10:15:00.000Z'],
      [P.vera, '2026-11-26T10:14:59.000Z'],
      [P.rune, '2026-11-26T10:01:00.000Z'],
    ]);
    expect(entries[2]).toMatchObject({ docType: 'audit', action: 'case.view', roles: ['principal'], schoolIds: ['nordby'], channel: 'chat', caseIds: ['case-00000000000000000000000000000001'], reference: 'VT-2026-0001', count: 1 });
    expect(await one.ofCase('case-00000000000000000000000000000001', { action: 'export.download' })).toEqual([]);
  });

  it('reports a failed write as an error in the log and never throws', async () => {
    const lines: string[] = [];
    const broken = new AuditTrail(containers.cases.database.container('no-such-container'), () => now, { viewWindowMs: window, log: createLogger({}, 'info', (l) => lines.push(l)) });
    await expect(broken.caseViewed(view(P.siri))).resolves.toBe('failed');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', event: 'audit.failed', action: 'case.view', by: P.siri, caseId: 'case-00000000000000000000000000000001', as: 'principal', at: now.toISOString() });
    // Not remembered as written: the next look tries again.
    await expect(broken.caseViewed(view(P.siri))).resolves.toBe('failed');
    expect(lines).toHaveLength(2);
  });
});
