/**
 * Case references stay unique per tenant and year when many reports arrive at
 * once on several instances sharing one store (the counter is one atomic
 * Patch `incr` per batch of waiting submits).
 */
import { randomUUID } from 'node:crypto';
import { todayInOslo } from '../support/case-flow';
import { FakeTeams } from '../support/fake-teams';
import { FIXTURE_DIRECTORY, TeamsUser, textsOf, writeTemp } from '../support/harness';
import { P } from '../support/people';
import { startBotProcess, startCosmosProcess, type BotProcess, type CosmosProcess } from '../support/processes';

describe('case references under concurrent reports on two instances', () => {
  let cosmos: CosmosProcess;
  let teams: FakeTeams;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    cosmos = await startCosmosProcess();
    teams = new FakeTeams();
    await teams.start();
    const env = (instance: string) => ({
      COSMOS_ENDPOINT: cosmos.endpoint,
      COSMOS_KEY: cosmos.key,
      COSMOS_TLS_INSECURE: '1',
      COSMOS_DATABASE: 'references',
      DIRECTORY_FILE: FIXTURE_DIRECTORY,
      SCHEDULE_FILE: writeTemp('schedule.yaml', 'quietHours: null\n'),
      TEAMS_SERVICE_URL: teams.url,
      INSTANCE_ID: instance,
    });
    // One after the other: both create the same database and containers.
    bots.push(await startBotProcess(env('bot-a')));
    bots.push(await startBotProcess(env('bot-b')));
  }, 90000);

  afterAll(async () => {
    await Promise.all(bots.map((b) => b.kill('SIGKILL')));
    await teams.stop();
    await cosmos.kill();
  });

  it('gives 64 reports sent at once 64 different references, none lost', async () => {
    const reporters = [
      { id: P.tina, schoolId: 'nordby' },
      { id: P.per, schoolId: 'sorby' },
      { id: P.eva, schoolId: 'nordby' },
    ];
    const submits = Array.from({ length: 64 }, (_, i) => {
      const reporter = reporters[i % reporters.length]!;
      const user = new TeamsUser(bots[i % 2]!.url, teams.url, reporter.id);
      return user.invoke('incident.submit', {
        date: todayInOslo(),
        location: 'classroom',
        types: 'threat',
        severity: 'minor',
        description: `Trussel nummer ${i}.`,
        schoolId: reporter.schoolId,
        clientRequestId: randomUUID(),
      });
    });
    const answers = await Promise.all(submits);
    const references = answers.map((a) => textsOf(a.body.value).find((t) => /^VT-\d{4}-\d{4}$/.test(t)));
    expect(references.filter((r) => !r).length).toBe(0);
    expect(new Set(references).size).toBe(64);
    // Numbered from the year's first: a gap is allowed, but none happened without a failure.
    const numbers = references.map((r) => Number(r!.slice(-4))).sort((a, b) => a - b);
    expect(numbers[0]).toBe(1);
    expect(numbers[63]).toBe(64);
  }, 90000);
  it("counts every case of a flood in each principal's summary, whichever instance decided to fold it", async () => {
    // The 64 reports above: every fifth and later case of a reporter is folded by one instance or the other, each with its own memory of the tallies.
    const summary = (who: string) => {
      const chat = teams.conversationCreatedFor(who)?.id;
      const last = chat ? teams.in(chat).filter((a) => /har meldt \d+ hendelser den siste timen/.test(JSON.stringify(a.activity))).at(-1) : undefined;
      return last ? JSON.stringify(last.activity) : '';
    };
    const deadline = Date.now() + 60000;
    const expected = [
      { to: P.rune, text: 'Tina Berg har meldt 22 hendelser den siste timen ved Nordby skole.' },
      { to: P.rune, text: 'har meldt 21 hendelser den siste timen ved Nordby skole.' },
      { to: P.ola, text: 'har meldt 21 hendelser den siste timen ved Sørby skole.' },
    ];
    const missing = () => expected.filter((e) => !teams.in(teams.conversationCreatedFor(e.to)?.id ?? '-').some((a) => JSON.stringify(a.activity).includes(e.text)));
    while (missing().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(missing().map((e) => `${e.text} (last: ${summary(e.to).slice(0, 300)})`)).toEqual([]);
  }, 90000);
});
