/**
 * Start-up as an operator sees it: the built program refuses bad settings
 * with a message naming them, and with BOT_ID set the adapter checks tokens.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { FIXTURE_DIRECTORY, startHarness, writeTemp } from '../support/harness';
import { newMessagesAbout, report, settled, waitForNew } from '../support/case-flow';
import { P } from '../support/people';

const ENTRY = join(PROJECT_ROOT, 'dist', 'src', 'index.js');

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [ENTRY], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 50000 });
  return { code: result.status, stderr: result.stderr };
}

describe('start-up', () => {
  it('refuses production without BOT_ID, and names every missing setting', () => {
    const { code, stderr } = start({ NODE_ENV: 'production', PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toContain('TryggMeld cannot start.');
    expect(stderr).toContain('BOT_ID: is required when NODE_ENV=production');
    expect(stderr).toContain('COSMOS_ENDPOINT: is required when NODE_ENV=production');
    expect(stderr).toContain('DIRECTORY_FILE: is required when NODE_ENV=production');
  });

  it('refuses a malformed directory, naming the file and the path inside it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tryggmeld-')), 'directory.yaml');
    writeFileSync(file, 'tenantId: not-a-guid\nowner: { name: K, leaders: [] }\nschools: []\n');
    const { code, stderr } = start({ DIRECTORY_FILE: file, PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toContain(`DIRECTORY_FILE ${file}: tenantId: must be an Entra object id (GUID)`);
    expect(stderr).toContain(`DIRECTORY_FILE ${file}: owner.leaders: needs at least one leader`);
    expect(stderr).toContain(`DIRECTORY_FILE ${file}: schools: needs at least one school`);
  });

  it('refuses a malformed directory mapping file (DIRECTORY_SOURCE=graph), naming the file and the path inside it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tryggmeld-')), 'directory-mapping.yaml');
    writeFileSync(file, 'tenantId: 5e1c5c4a-9c7e-4a52-9f1e-2f0b7a1d0001\nowner: { name: K, leaderGroups: [Nordby-rektorer] }\nschools:\n  - { id: nordby, name: N, staffGroups: [], principalGroups: 7a1f0c3e-5b2d-4e8a-9c61-000000000012, safetyRepGroups: 7a1f0c3e-5b2d-4e8a-9c61-000000000013 }\n');
    const { code, stderr } = start({ DIRECTORY_SOURCE: 'graph', DIRECTORY_MAPPING_FILE: file, PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toContain('TryggMeld cannot start.');
    expect(stderr).toContain(`DIRECTORY_MAPPING_FILE ${file}: owner.leaderGroups[0]: must be an Entra object id (GUID)`);
    expect(stderr).toContain(`DIRECTORY_MAPPING_FILE ${file}: schools[0].staffGroups: needs the group of the school's staff`);
  });

  it('refuses a bad schedule file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tryggmeld-')), 'schedule.yaml');
    writeFileSync(file, 'escalateAfter: three days\n');
    const { code, stderr } = start({ SCHEDULE_FILE: file, PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toContain(`SCHEDULE_FILE ${file}: escalateAfter: "three days" is not an ISO-8601 duration`);
  });
});

describe('with BOT_ID set', () => {
  it('refuses requests without a valid Bot Framework token, and stores nothing', async () => {
    const h = await startHarness({ BOT_ID: '11111111-2222-3333-4444-555555555555', BOT_PASSWORD: 'not-a-real-secret', PUBLIC_URL: 'https://tryggmeld.example', DOWNLOAD_LINK_SECRET: 'k'.repeat(40) });
    try {
      const tina = h.user(P.tina);
      const noToken = await tina.say('meld');
      expect(noToken.status).toBe(401);
      const forged = await tina.post(tina.activity({ type: 'message', text: 'meld' }), { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' });
      expect(forged.status).toBe(401);
      const submit = await tina.invoke('incident.submit', { date: '2026-01-01', location: 'gym', types: 'threat', severity: 'minor', description: 'x', clientRequestId: '9f1c0d7e-1111-4222-8333-444455557777' });
      expect(submit.status).toBe(401);
      expect(await h.caseCount()).toBe(0);
      expect(h.teams.activities).toHaveLength(0);
    } finally {
      await h.stop();
    }
  });
});

describe('a directory that lists people twice', () => {
  it('starts, says so, and takes reports at that school: each person told once, a leader who is also chief safety representative too', async () => {
    const fixture = readFileSync(FIXTURE_DIRECTORY, 'utf8')
      .replace('principals: [a1b2c3d4-0000-4000-8000-000000000002]', 'principals: [a1b2c3d4-0000-4000-8000-000000000002, A1B2C3D4-0000-4000-8000-000000000002]')
      .replace('leaders: [a1b2c3d4-0000-4000-8000-000000000005]', 'leaders: [a1b2c3d4-0000-4000-8000-000000000005, a1b2c3d4-0000-4000-8000-000000000005, a1b2c3d4-0000-4000-8000-000000000004]');
    const h = await startHarness({ DIRECTORY_FILE: writeTemp('directory.yaml', fixture) });
    try {
      expect(h.logs.filter((l) => l.includes('"event":"config.warning"'))).toHaveLength(2);
      const tina = h.user(P.tina);
      const rune = h.user(P.rune);
      await rune.install();
      const { caseId } = await report(h, tina, { severity: 'very-serious' });
      for (const who of [P.rune, P.vera, P.hakon, P.siri]) await waitForNew(h, who, caseId, 1, `the card to ${who}`);
      await settled(h, caseId);
      for (const who of [P.rune, P.vera, P.hakon, P.siri]) expect(newMessagesAbout(h, who, caseId)).toHaveLength(1);
      expect(h.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});
