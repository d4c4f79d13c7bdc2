/** `npm run local`'s windows per role, made from .m365agentsplayground.yml and the demo directory. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadDirectory } from '../../src/config/directory-file';
import { DEMO_DIRECTORY_FILE } from '../../src/config/project-root';
import { configFor, DEFAULT_PORTS, forgetPlaygroundChats, readPlaygroundSource, roleWindows, writePlaygroundConfig } from '../../src/local/playground-config';
import type { StoreSnapshot } from '../../src/local/saved-store';

const directory = loadDirectory(DEMO_DIRECTORY_FILE);
const source = readPlaygroundSource();
const windows = roleWindows(directory, source);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('one Agents Playground per role of the demo directory', () => {
  it('has the teacher, the principal, the safety representative and the owner’s leader, on 56150 to 56153', () => {
    expect(windows.map((w) => [w.role, w.user.name, DEFAULT_PORTS[w.role]])).toEqual([
      ['teacher', 'Tina Berg', 56150],
      ['principal', 'Rune Haugen', 56151],
      ['safetyRep', 'Vera Nilsen', 56152],
      ['leader', 'Siri Dahl', 56153],
    ]);
    const nordby = directory.schools.find((s) => s.id === 'nordby')!;
    expect(windows.map((w) => w.user.aadObjectId)).toEqual([nordby.members[0], nordby.principals[0], nordby.safetyReps[0], directory.owner.leaders[0]]);
  });

  it('gives each window its person as current user, the other five as users, ids equal to Entra object ids', () => {
    const everyone = [source.currentUser, ...source.users].map((u) => u.aadObjectId).sort();
    for (const w of windows) {
      expect(w.config.currentUser).toBe(w.user);
      expect(w.config.users).toHaveLength(5);
      expect([w.config.currentUser, ...w.config.users].map((u) => u.aadObjectId).sort()).toEqual(everyone);
      for (const u of [w.config.currentUser, ...w.config.users]) {
        expect(u.id).toBe(u.aadObjectId);
        expect(u.id).toMatch(GUID);
      }
      expect(w.config.tenantId).toBe(directory.tenantId);
    }
    // Each window's 1:1 chat is its own; the teacher's is the one the Agents Toolkit's file names.
    expect(new Set(windows.map((w) => w.config.personalChat.id)).size).toBe(windows.length);
    expect(windows[0].config.personalChat.id).toBe(source.personalChat.id);
  });

  it('keeps the source file as the Agents Toolkit reads it: the teacher is its current user', () => {
    expect(source.currentUser.name).toBe('Tina Berg');
    expect(configFor(source, source.currentUser)).toEqual(source);
  });

  it('writes a file the Playground reads back as the same config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tryggmeld-pg-'));
    const file = writePlaygroundConfig(dir, windows[1]);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('Edit the source file, not this one.');
    expect(parse(text)).toEqual(JSON.parse(JSON.stringify(windows[1].config)));
  });

  it('opens no window for a role nobody in the Playground holds (a directory of its own)', () => {
    const other = { ...directory, owner: { ...directory.owner, leaders: ['a1b2c3d4-0000-4000-8000-0000000000ff'] } };
    expect(roleWindows(other, source).map((w) => w.role)).toEqual(['teacher', 'principal', 'safetyRep']);
  });
});

describe('saved local data across a restart of the Playgrounds', () => {
  const snapshot: StoreSnapshot = {
    format: 1,
    savedAt: '2026-12-01T10:00:00.000Z',
    containers: {
      conversations: [
        { id: windows[1].user.aadObjectId, userId: windows[1].user.aadObjectId, docType: 'person', reference: { conversationId: windows[1].config.personalChat.id, serviceUrl: 'http://localhost:56151/_connector' }, locale: 'nb-NO' },
        // The chief safety representative has no window: the bot opened a chat in someone's Playground, gone after a restart.
        { id: 'a1b2c3d4-0000-4000-8000-000000000004', userId: 'a1b2c3d4-0000-4000-8000-000000000004', docType: 'person', reference: { conversationId: 'f00@test.user', serviceUrl: 'http://localhost:56150/_connector' }, locale: 'nb-NO' },
        { id: 'tenant:t', userId: 'tenant:t', docType: 'tenant', serviceUrl: 'http://localhost:56153/_connector', botId: 'b' },
      ],
      cases: [{ id: 'case-1', caseId: 'case-1', docType: 'case' }],
    },
  };

  it('forgets the chats the Playgrounds opened, and keeps each window’s own 1:1 chat', () => {
    const kept = forgetPlaygroundChats(snapshot, windows);
    const [rune, hakon, tenant] = kept.containers.conversations;
    expect(rune).toEqual(snapshot.containers.conversations[0]);
    expect(hakon).toEqual({ id: 'a1b2c3d4-0000-4000-8000-000000000004', userId: 'a1b2c3d4-0000-4000-8000-000000000004', docType: 'person', locale: 'nb-NO' });
    expect(tenant).toEqual(snapshot.containers.conversations[2]);
    expect(kept.containers.cases).toBe(snapshot.containers.cases);
  });

  it('forgets a window’s chat too when that window is not opened this time', () => {
    const kept = forgetPlaygroundChats(snapshot, windows.filter((w) => w.role === 'teacher'));
    expect(kept.containers.conversations[0]).not.toHaveProperty('reference');
  });
});
