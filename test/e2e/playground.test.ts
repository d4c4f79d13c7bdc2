/**
 * `npm run local` as a newcomer uses it, in headless Chromium: the teacher's
 * and the principal's Agents Playground windows side by side (startLocal, as
 * `npm run local` runs it, on free ports). The teacher reports, the principal
 * acknowledges on the card in his own window, the teacher's receipt shows it,
 * and the follow-up check-in comes. Then everything is stopped and started
 * again on the same data: the case is still there for the principal, and case
 * numbers go on.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { loadConfig, type Config } from '../../src/config/load-config';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { silentLogger } from '../../src/core/log';
import { startLocal, type LocalRun } from '../../src/local/local-run';
import type { Role } from '../../src/local/playground-config';
import type { StoredWork as WorkItem } from '../support/cases';
import { launchBrowser, PlaygroundWindow } from '../support/browser';
import { freePort } from '../support/free-port';
import { writeTemp } from '../support/harness';

const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts');
const TINA = 'a1b2c3d4-0000-4000-8000-000000000001';
const RUNE = 'a1b2c3d4-0000-4000-8000-000000000002';
const VERA = 'a1b2c3d4-0000-4000-8000-000000000003';
const shot = (name: string) => join(ARTIFACTS, name);

describe('npm run local in the Agents Playground: the teacher and the principal, each in their own window', () => {
  let config: Config;
  let ports: Record<Role, number>;
  let dataDir: string;
  let local: LocalRun | undefined;
  let browser: BrowserContext;
  let tina: PlaygroundWindow;
  let rune: PlaygroundWindow;
  let reference: string;

  const start = () => startLocal({ config, ports, dataDir, log: silentLogger, saveEveryMs: 200, roles: ['teacher', 'principal'] });
  const windowOf = (role: Role) => local!.windows.find((w) => w.role === role)!;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Check-ins after seconds instead of days, so the follow-up shows within the test.
    const schedule = writeTemp('schedule.yaml', 'followUpCheckIns: [PT3S]\nacknowledgeWithin: PT1M\nescalateAfter: PT2M\nquietHours: null\n');
    config = loadConfig({ PORT: '0', DISPATCH_INTERVAL_MS: '200', DISPATCH_IDLE_INTERVAL_MS: '200', SCHEDULE_FILE: schedule });
    ports = { teacher: await freePort(), principal: await freePort(), safetyRep: await freePort(), leader: await freePort() };
    dataDir = mkdtempSync(join(tmpdir(), 'tryggmeld-local-'));
    local = await start();
    browser = await launchBrowser();
    tina = await PlaygroundWindow.open(browser, windowOf('teacher').url, browser.pages()[0]);
    rune = await PlaygroundWindow.open(browser, windowOf('principal').url);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await local?.stop();
  });

  it('opens one window per role, each with its person as the current user', async () => {
    expect(local!.windows.map((w) => [w.role, w.user.name])).toEqual([
      ['teacher', 'Tina Berg'],
      ['principal', 'Rune Haugen'],
    ]);
    for (const w of local!.windows) {
      const { config: mock } = (await (await fetch(`${w.url}/_internal/v1/config`)).json()) as { config: { currentUser: { aadObjectId: string }; users: unknown[] } };
      expect(mock.currentUser.aadObjectId).toBe(w.user.aadObjectId);
      expect(mock.users).toHaveLength(5);
    }
    // The window's header names its current user.
    await tina.page.getByText('Tina Berg').first().waitFor({ timeout: 20000 });
    await rune.page.getByText('Rune Haugen').first().waitFor({ timeout: 20000 });
  });

  it('the teacher reports, the principal acknowledges in his window, and the teacher sees "Mottatt av rektor"', async () => {
    await tina.say('meld');
    const form = tina.card('Meld hendelse: vold og trusler');
    await form.waitFor({ timeout: 20000 });
    await tina.choose(form, /Hvor skjedde det/, 'Gymsal');
    await form.getByRole('checkbox', { name: 'Fysisk vold' }).check();
    await form.getByRole('radio', { name: 'Alvorlig', exact: true }).check();
    await tina.fill(form.getByRole('textbox', { name: /Beskriv hendelsen/ }), 'En elev kastet en ball hardt mot hodet mitt i gymtimen.');
    await tina.screenshot(shot('playground-teacher-form.png'));

    await form.getByRole('button', { name: 'Send melding' }).click();
    const receipt = tina.card('Takk. Hendelsen er meldt.');
    await receipt.waitFor({ timeout: 20000 });
    await tina.screenshot(shot('playground-teacher-receipt.png'));
    const text = await receipt.innerText();
    reference = /VT-\d{4}-\d{4}/.exec(text)?.[0] ?? '';
    expect(reference).toMatch(/^VT-\d{4}-0001$/);
    expect(text).toContain('Rektor og verneombud ved Nordby skole har fått beskjed nå.');

    // The case card reached the principal's own window (the bot keeps his chat with that Playground's
    // service URL); the safety representative, who has no window here, gets hers in a chat the bot opens.
    const delivered = await waitForDeliveries(local!, [RUNE, VERA]);
    expect(delivered[0].delivery?.conversationId).toBe(windowOf('principal').config.personalChat.id);
    const card = rune.card(reference, 'Bekreft mottatt');
    await card.waitFor({ timeout: 20000 });
    expect(await card.innerText()).toContain('Ny hendelse meldt ved Nordby skole.');
    await rune.screenshot(shot('playground-principal-case.png'));

    // He acknowledges on the card; the card turns into the acknowledged case.
    await card.getByRole('button', { name: 'Bekreft mottatt' }).click();
    await rune.card(reference, 'Mottatt av rektor').waitFor({ timeout: 20000 });
    expect(await rune.cards('Bekreft mottatt').count()).toBe(0);
    await rune.screenshot(shot('playground-principal-acknowledged.png'));

    // The teacher is told in her chat, and her receipt now shows the status.
    await tina.card('Rektor har mottatt saken din og følger den opp.').waitFor({ timeout: 20000 });
    await until(async () => (await tina.cards(`Saken din: ${reference}`).filter({ hasText: 'Mottatt av rektor' }).count()) >= 1, 20000);
    // The receipt itself is rewritten in place (the Playground may show the new notice a moment before it redraws the receipt).
    await until(async () => (await tina.cards('Takk. Hendelsen er meldt.').count()) === 0, 20000);
    await tina.screenshot(shot('playground-teacher-acknowledged.png'));
  }, 120000);

  it('checks in with the teacher by itself, and her answer reaches the principal', async () => {
    const checkin = tina.card('Hvordan har du det nå?');
    await checkin.waitFor({ timeout: 20000 });
    await checkin.getByRole('radio', { name: 'Jeg vil gjerne ha en samtale' }).check();
    await checkin.getByRole('button', { name: 'Send svar' }).click();
    await tina.card('Rektor har fått beskjed og tar kontakt med deg.').waitFor({ timeout: 20000 });
    await tina.screenshot(shot('playground-teacher-checkin.png'));
    await until(async () => {
      const { resources } = await local!.bot.containers.cases.items.query<WorkItem>('SELECT * FROM c WHERE c.docType = "work" AND c.notice = "talkRequested"').fetchAll();
      return resources.some((w) => w.recipientId === RUNE && w.state === 'done');
    }, 20000);
  }, 60000);

  it('the principal adds a measure with "Foreslå og godkjenn" in his window, and the teacher sees it decided', async () => {
    const card = rune.card(reference, 'Foreslå tiltak');
    await card.getByRole('button', { name: 'Foreslå tiltak' }).click();
    await rune.fill(card.getByRole('textbox', { name: /Hva skal gjøres/ }), 'Ekstra voksen i gymtimene ut måneden.');
    // The Playground draws Input.Date as a Fluent DatePicker: open its calendar and press a day a week
    // ahead (or the month's last day, so that it is in the month the calendar opens on).
    await card.locator('.fui-DatePicker input').click();
    const now = new Date();
    const ahead = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 7);
    const due = ahead.getMonth() === now.getMonth() ? ahead : new Date(now.getFullYear(), now.getMonth() + 1, 0);
    const label = `${due.getDate()}, ${due.toLocaleString('en-US', { month: 'long' })}, ${due.getFullYear()}`;
    await rune.page.locator(`button[aria-label="${label}"]`).first().click();
    expect(await card.locator('.fui-DatePicker input').inputValue()).not.toBe('');
    await rune.screenshot(shot('playground-principal-measure-form.png'));
    await card.getByRole('button', { name: 'Foreslå og godkjenn' }).click();
    // The principal's own measure is approved at once: no "Godkjenn" left for it on his card.
    await rune.card(reference, 'Ekstra voksen i gymtimene').waitFor({ timeout: 20000 });
    expect(await rune.card(reference, 'Ekstra voksen i gymtimene').getByRole('button', { name: 'Godkjenn', exact: true }).count()).toBe(0);
    await rune.screenshot(shot('playground-principal-measure.png'));

    // The teacher's receipt shows the measure under "Dette er bestemt" and the status "Tiltak pågår".
    await until(async () => (await tina.cards(`Saken din: ${reference}`).filter({ hasText: 'Tiltak pågår' }).filter({ hasText: 'Ekstra voksen i gymtimene' }).count()) >= 1, 20000);
    expect(await tina.card(`Saken din: ${reference}`, 'Tiltak pågår').innerText()).toContain('Dette er bestemt');
    await tina.screenshot(shot('playground-teacher-measure.png'));
  }, 60000);

  it('keeps the data through a restart: the principal finds the case again, and case numbers go on', async () => {
    const file = join(dataDir, 'store.json');
    await until(async () => existsSync(file) && readFileSync(file, 'utf8').includes(reference), 10000);
    await local!.stop();
    local = undefined;
    local = await start();
    expect(local.loaded).toBeGreaterThan(0);

    // The Playground keeps no chat history: a window opened after the restart starts empty.
    await PlaygroundWindow.open(browser, windowOf('principal').url, rune.page);
    await rune.say('saker');
    const list = rune.card('Åpne saker', reference);
    await list.waitFor({ timeout: 20000 });
    await list.getByRole('button', { name: 'Åpne' }).first().click();
    // As it was before the restart: acknowledged, with the measure he added.
    const card = rune.card(`Sak ${reference}`, 'Tiltak pågår');
    await card.waitFor({ timeout: 20000 });
    expect(await card.innerText()).toContain('bekreftet at saken er mottatt');
    expect(await card.innerText()).toContain('Ekstra voksen i gymtimene');
    await rune.screenshot(shot('playground-principal-after-restart.png'));

    const { resources } = await local.bot.containers.counters.items.query<{ value: number }>('SELECT * FROM c').fetchAll();
    expect(resources.map((r) => r.value)).toEqual([1]);
    // The teacher's chat goes on in her window after the restart too.
    const teacher = await local.bot.conversations.getPerson(TINA);
    expect(teacher?.reference?.serviceUrl).toBe(`http://localhost:${ports.teacher}/_connector`);
  }, 120000);
});

async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function waitForDeliveries(local: LocalRun, recipients: string[]): Promise<WorkItem[]> {
  const deadline = Date.now() + 20000;
  for (;;) {
    const { resources } = await local.bot.containers.cases.items.query<WorkItem>('SELECT * FROM c WHERE c.docType = "work" AND c.kind = "case.new"').fetchAll();
    const done = recipients.map((r) => resources.find((w) => w.recipientId === r && w.state === 'done'));
    if (done.every(Boolean)) return done as WorkItem[];
    if (Date.now() > deadline) throw new Error(`not delivered: ${JSON.stringify(resources)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
