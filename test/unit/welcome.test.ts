import { join } from 'node:path';
import { loadDirectory } from '../../src/config/directory-file';
import type { Command } from '../../src/core/registry';
import { commandLabel, isOffered, offeredCommands } from '../../src/welcome/model';
import { P } from '../support/people';

const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const run = async () => ({ text: '' });
const commands: Command[] = [
  { name: 'cases', words: ['saker'], help: { label: { nb: 'Åpne saker', nn: 'Opne saker', en: 'Open cases' }, audience: 'handlers' }, run },
  { name: 'risk', words: ['risiko'], help: { label: { nb: 'Risiko', nn: 'Risiko', en: 'Risk' }, audience: 'schoolLeaders' }, run },
  { name: 'folder', words: ['tilsynsmappe'], help: { label: { nb: 'Tilsynsmappe', nn: 'Tilsynsmappa', en: 'Inspection folder' }, audience: 'principalsAndOwner' }, run },
  { name: 'directory', words: ['katalog'], help: { label: { nb: 'Katalog', nn: 'Katalog', en: 'Directory' }, audience: 'ownerLeaders' }, run },
  { name: 'sync', words: ['katalog synk'], help: { label: { nb: 'Synk', nn: 'Synk', en: 'Sync' }, audience: 'ownerLeaders', hidden: true }, run },
  // A new feature that declared no help still appears, under its first word.
  { name: 'tasks', words: ['mine oppgaver', 'my tasks'], run },
];
const offered = (id: string) => offeredCommands(commands, directory, id).map((c) => c.name);

describe('what the help card offers each role', () => {
  it('offers a teacher what is for everyone', () => expect(offered(P.tina)).toEqual(['tasks']));
  it('offers a principal the cases, the risk assessment and the inspection folder', () => expect(offered(P.rune)).toEqual(['cases', 'risk', 'folder', 'tasks']));
  it('offers a safety representative no inspection folder', () => expect(offered(P.vera)).toEqual(['cases', 'risk', 'tasks']));
  it('offers the chief safety representative the cases and the folder, not the directory', () => expect(offered(P.hakon)).toEqual(['cases', 'folder', 'tasks']));
  it('offers the leader the directory, never a hidden variant', () => expect(offered(P.siri)).toEqual(['cases', 'folder', 'directory', 'tasks']));
  it('offers someone unknown only what is for everyone', () => {
    expect(offered(P.stranger)).toEqual(['tasks']);
    expect(isOffered(directory, undefined, 'handlers')).toBe(false);
  });
  it('labels a command in the reader’s language, or by its first word', () => {
    expect(commandLabel(commands[2], 'nn')).toBe('Tilsynsmappa');
    expect(commandLabel(commands[5], 'en')).toBe('Mine oppgaver');
  });
});
