/**
 * The directory file across a restart: a changed file that takes the
 * principal's role from someone hands their open reminders to whoever holds
 * it now (a new principal gets them; a co-principal who already has them gets
 * no second copy), and the reminders go out to them only. Two bots share one
 * Cosmos DB protocol server, as one App Service restarted.
 */
import { readFileSync } from 'node:fs';
import { cardOf, FIXTURE_DIRECTORY, startHarness, textsOf, writeTemp, type Harness } from '../support/harness';
import { newMessagesAbout, report, stored } from '../support/case-flow';
import { FakeTeams } from '../support/fake-teams';
import { P } from '../support/people';
import { startCosmosProcess, type CosmosProcess } from '../support/processes';

const SCHEDULE = `
acknowledgeWithin: PT6S
escalateAfter: P3D
quietHours: null
`;
const REMINDER = 'Påminnelse: saken er ikke bekreftet mottatt ennå. Den ansatte venter på at du tar kontakt.';

describe('a changed directory file', () => {
  let cosmos: CosmosProcess;
  let teams: FakeTeams;
  let h: Harness | undefined;
  const env = (file: string) => ({ DIRECTORY_FILE: file, COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: cosmos.key, COSMOS_TLS_INSECURE: '1', COSMOS_DATABASE: 'directory-file' });

  beforeAll(async () => {
    [cosmos, teams] = await Promise.all([startCosmosProcess(), (async () => new FakeTeams())()]);
    await teams.start();
  }, 60000);

  afterAll(async () => {
    await h?.stop();
    await teams.stop();
    await cosmos.kill();
  });

  it('hands the open reminders of someone no longer principal to the successor, once, and only they are reminded', async () => {
    h = await startHarness(env(FIXTURE_DIRECTORY), { schedule: SCHEDULE, teams });
    for (const id of [P.tina, P.per, P.rune, P.ola, P.anne, P.nina]) await h.user(id).install();
    const nordby = await report(h, h.user(P.tina));
    const sorby = await report(h, h.user(P.per));
    const runeDue = (await stored(h, nordby.caseId)).work.find((w) => w.kind === 'reminder' && w.reminder === 'acknowledge' && w.recipientId === P.rune)!.dueAt;
    await h.stop();

    // Rune leaves Nordby, Nina takes over; Ola leaves Sørby, where Anne stays principal.
    const changed = readFileSync(FIXTURE_DIRECTORY, 'utf8')
      .replace('principals: [a1b2c3d4-0000-4000-8000-000000000002]', `principals: [${P.nina}]`)
      .replace('principals: [a1b2c3d4-0000-4000-8000-000000000012, a1b2c3d4-0000-4000-8000-000000000014]', `principals: [${P.anne}]`);
    expect(changed).not.toBe(readFileSync(FIXTURE_DIRECTORY, 'utf8'));
    h = await startHarness(env(writeTemp('directory.yaml', changed)), { schedule: SCHEDULE, teams });

    const acknowledge = async (caseId: string) => (await stored(h!, caseId)).work.filter((w) => w.kind === 'reminder' && w.reminder === 'acknowledge');
    const atNordby = await acknowledge(nordby.caseId);
    const runes = atNordby.find((w) => w.recipientId === P.rune)!;
    expect(runes).toMatchObject({ state: 'done', skipped: true, handedOverTo: [P.nina] });
    expect(atNordby.find((w) => w.recipientId === P.nina)).toMatchObject({ state: 'open', dueAt: runeDue, handedOverFrom: P.rune });
    const atSorby = await acknowledge(sorby.caseId);
    expect(atSorby.find((w) => w.recipientId === P.ola)).toMatchObject({ state: 'done', handedOverTo: [P.anne] });
    expect(atSorby.filter((w) => w.recipientId === P.anne)).toHaveLength(1);

    const reminded = (who: string, caseId: string) => newMessagesAbout(h!, who, caseId).filter((a) => textsOf(cardOf(a.activity))[0] === REMINDER);
    await teams.waitFor('Nina’s reminder', () => reminded(P.nina, nordby.caseId).length > 0, 20000);
    await teams.waitFor('Anne’s reminder', () => reminded(P.anne, sorby.caseId).length > 0, 20000);
    expect(reminded(P.rune, nordby.caseId)).toEqual([]);
    expect(reminded(P.ola, sorby.caseId)).toEqual([]);
    expect(reminded(P.anne, sorby.caseId)).toHaveLength(1);

    // The leader's katalog names the file and when it was read.
    const siri = h.user(P.siri);
    const before = teams.in(siri.conversationId).length;
    await siri.say('directory');
    const card = await teams.waitFor('the directory card', () => teams.in(siri.conversationId)[before]);
    const texts = textsOf(cardOf(card.activity));
    expect(texts.some((t) => t.startsWith('File: ') && t.endsWith('directory.yaml'))).toBe(true);
    expect(texts).toContain('Read from the file');
    expect(texts).toContain('Version');
    expect(texts).toContain('2');
  });
});
