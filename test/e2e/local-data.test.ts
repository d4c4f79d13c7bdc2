/**
 * `npm run local`'s data across restarts (startLocal without Playground
 * windows, the Teams side played by the fake connector): saved to its file as
 * it changes, loaded on the next start so case numbers go on and a case
 * still opens, `--fresh` starts empty, and a damaged file stops start-up
 * without being overwritten.
 */
import { CONTAINERS } from '../../src/core/cosmos/containers';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config/load-config';
import { silentLogger } from '../../src/core/log';
import { LocalRunError, startLocal, type LocalRun } from '../../src/local/local-run';
import { SavedStoreError, type StoreSnapshot } from '../../src/local/saved-store';
import { report, settled } from '../support/case-flow';
import { FakeTeams } from '../support/fake-teams';
import { textsOf, TeamsUser } from '../support/harness';
import { P } from '../support/people';

describe('local data survives a restart of npm run local', () => {
  let teams: FakeTeams;
  let config: Config;
  let dataDir: string;
  let local: LocalRun | undefined;
  const file = () => join(dataDir, 'store.json');
  const start = (fresh = false, saveEveryMs = 100) => startLocal({ config, dataDir, fresh, log: silentLogger, saveEveryMs, roles: [] });
  const tina = () => new TeamsUser(local!.bot.url, teams.url, P.tina);
  const saved = () => JSON.parse(readFileSync(file(), 'utf8')) as StoreSnapshot;

  beforeAll(async () => {
    teams = new FakeTeams();
    await teams.start();
    config = loadConfig({ PORT: '0', DISPATCH_INTERVAL_MS: '100', DISPATCH_IDLE_INTERVAL_MS: '100', TEAMS_SERVICE_URL: teams.url });
    dataDir = mkdtempSync(join(tmpdir(), 'tryggmeld-local-data-'));
  });

  afterAll(async () => {
    await local?.stop();
    await teams.stop();
  });

  let first: { caseId: string; reference: string };

  it('saves every container to its file as the store changes, without waiting for a stop', async () => {
    local = await start();
    expect(local.loaded).toBe(0);
    await tina().install();
    first = await report({ teams }, tina());
    expect(first.reference).toMatch(/^VT-\d{4}-0001$/);
    await until(() => existsSync(file()) && saved().containers.cases.some((d) => d.reference === first.reference));
    const snapshot = saved();
    expect(Object.keys(snapshot.containers).sort()).toEqual(Object.keys(CONTAINERS).sort());
    expect(snapshot.containers.counters.map((c) => c.value)).toEqual([1]);
    expect(snapshot.containers.conversations.map((c) => c.id)).toContain(P.tina);
    // Cosmos DB's system properties are not kept: the store sets them again on import.
    expect(JSON.stringify(snapshot)).not.toMatch(/"_(etag|rid|self|ts)"/);
    // Once saved, an idle store is not written again.
    await settled({ bot: local.bot }, first.caseId);
    await local.saved!.flush();
    const saves = local.saved!.saves;
    await new Promise((r) => setTimeout(r, 500));
    expect(local.saved!.saves).toBe(saves);
  });

  it('loads it on the next start: the case opens, and the next case gets the next number', async () => {
    await local!.stop();
    // Checked only every minute from here: what the next test finds in the file was saved on stop.
    local = await start(false, 60000);
    expect(local.loaded).toBeGreaterThan(0);

    const view = await tina().invoke('incident.view', { incidentId: first.caseId });
    expect(view.status).toBe(200);
    expect(textsOf(view.body.value).join(' ')).toContain(first.reference);

    const second = await report({ teams }, tina());
    expect(second.reference).toBe(first.reference.replace(/0001$/, '0002'));
    // The contact saved before the restart still reaches her (nothing new had to be opened).
    expect((await local.bot.conversations.getPerson(P.tina))?.reference?.conversationId).toBe(`a:personal-${P.tina}`);
  });

  it('saves on stop what changed since the last check', async () => {
    expect(local!.saved!.saves).toBe(0);
    const reference = (await report({ teams }, tina())).reference;
    await local!.stop();
    local = undefined;
    expect(saved().containers.cases.some((d) => d.reference === reference)).toBe(true);
  });

  it('starts empty with --fresh, and keeps the old file as store.previous.json', async () => {
    local = await start(true);
    expect(local.loaded).toBe(0);
    expect(local.previousFile).toBe(join(dataDir, 'store.previous.json'));
    expect(existsSync(local.previousFile!)).toBe(true);
    expect((await report({ teams }, tina())).reference).toMatch(/^VT-\d{4}-0001$/);
    await local.stop();
    local = undefined;
  });

  it('refuses to start on a damaged file, says how to go on, and leaves the file as it was', async () => {
    writeFileSync(file(), '{"format": 1, "containers": ');
    await expect(start()).rejects.toThrow(SavedStoreError);
    await expect(start()).rejects.toThrow(/store\.json: the saved local data cannot be read .*--fresh/);
    expect(readFileSync(file(), 'utf8')).toBe('{"format": 1, "containers": ');
  });
});

describe('npm run local on ports already taken', () => {
  it('says which port is in use, before starting anything', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, () => resolve()));
    const port = (taken.address() as AddressInfo).port;
    try {
      const dataDir = mkdtempSync(join(tmpdir(), 'tryggmeld-local-ports-'));
      await expect(startLocal({ config: loadConfig({ PORT: String(port) }), dataDir, log: silentLogger, roles: [] })).rejects.toThrow(
        new LocalRunError(`port ${port} (the bot, PORT) is in use: is another \`npm run local\` running?`),
      );
      const ports = { teacher: port, principal: port, safetyRep: port, leader: port };
      await expect(startLocal({ config: loadConfig({ PORT: '0' }), dataDir, ports, log: silentLogger, roles: ['teacher'] })).rejects.toThrow(`port ${port} (the Agents Playground of Tina Berg) is in use`);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });
});

async function until(probe: () => boolean, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
