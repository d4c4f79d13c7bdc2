/**
 * Statistics and the weekly digest in the real Agents Playground, as the
 * principal sees them (the Playground's current user is Rune Haugen here):
 * the card with its facts and charts, and the digest arriving by itself.
 * Screenshots go to test-artifacts/.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config/load-config';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { jobPartition } from '../../src/core/recurring';
import { silentLogger } from '../../src/core/log';
import type { WorkItem } from '../../src/core/work';
import { startTryggMeld, type RunningBot } from '../../src/index';
import { DIGEST_JOBS } from '../../src/insight/work';
import { startPlayground, type Playground } from '../../src/local/playground-process';
import { launchBrowser } from '../support/browser';
import { freePort } from '../support/free-port';
import { TravelClock, writeTemp } from '../support/harness';

const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts');
const RUNE = 'a1b2c3d4-0000-4000-8000-000000000002';
const CHAT = 'personal-chat-rune';

/** The project's Playground users with the principal as the current user. */
function principalConfig(): string {
  const config = parse(readFileSync(join(PROJECT_ROOT, '.m365agentsplayground.yml'), 'utf8'));
  const rune = config.users.find((u: { id: string }) => u.id === RUNE);
  config.users = [config.currentUser, ...config.users.filter((u: { id: string }) => u.id !== RUNE)];
  config.currentUser = rune;
  config.personalChat = { id: CHAT };
  return writeTemp('playground.yml', stringify(config));
}

describe('statistics and the digest in the Agents Playground', () => {
  const clock = new TravelClock();
  let bot: RunningBot;
  let playground: Playground;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The weekly digest every minute, as the fast demo schedule makes it every few.
    const schedule = writeTemp('schedule.yaml', 'quietHours: null\ndigests:\n  weekly: { cron: "* * * * *" }\n  monthly: { cron: null }\n');
    bot = await startTryggMeld(loadConfig({ PORT: '0', DISPATCH_INTERVAL_MS: '200', DISPATCH_IDLE_INTERVAL_MS: '200', SCHEDULE_FILE: schedule }), { log: silentLogger, now: clock.now });
    playground = await startPlayground({ botEndpoint: `${bot.url}/api/messages`, port: await freePort(), cwd: mkdtempSync(join(tmpdir(), 'tryggmeld-playground-')), configPath: principalConfig() });
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    await bot?.stop();
  });

  const say = async (text: string) => {
    const compose = page.locator('[role=textbox][contenteditable=true]');
    await compose.click();
    await compose.pressSequentially(text);
    await page.keyboard.press('Enter');
  };

  it('shows the principal his school’s statistics, facts and charts', async () => {
    await page.goto(playground.url, { waitUntil: 'networkidle' });
    // Three cases at Nordby, reported by the principal through the Playground's invoke route (the form itself is the newcomer test's).
    const message = await fetch(`${playground.url}/_conversation/v1/conversations/${CHAT}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: { id: RUNE }, text: 'meld', textFormat: 'plain' }),
    });
    const { messageId } = (await message.json()) as { messageId: string };
    // Today at midnight: never in the future, always in this school year.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(clock.now());
    for (const [location, severity] of [['classroom', 'serious'], ['classroom', 'minor'], ['gym', 'very-serious']]) {
      const res = await fetch(`${playground.url}/_conversation/v1/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'adaptiveCard/action',
          from: { id: RUNE },
          conversation: { id: CHAT },
          replyToId: messageId,
          value: { action: { type: 'Action.Execute', verb: 'incident.submit', data: { date: today, time: '00:00', location, types: 'physical', severity, description: 'Eleven slo meg.', reporterIsAffected: 'false', clientRequestId: randomUUID() } }, trigger: 'manual' },
        }),
      });
      expect(res.status).toBe(200);
      expect(JSON.stringify(await res.json())).toMatch(/VT-\d{4}-\d{4}/);
    }

    await say('statistikk');
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: 'Statistikk: Nordby skole' }).last();
    await card.waitFor({ timeout: 30000 });
    const text = await card.innerText();
    expect(text).toContain('Klasserom');
    expect(text).toContain('2 (67 %)');
    const chart = card.locator('img[alt^="Hvor: Klasserom 2, Gymsal 1."]');
    await chart.first().waitFor({ timeout: 10000 });
    expect(await chart.first().evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(400);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'playground-statistics.png'), fullPage: true });
  }, 90000);

  it('brings the weekly digest by itself', async () => {
    // Move the bot's clock to the next occurrence instead of waiting for the minute to turn.
    const { resources } = await bot.containers.cases.items
      .query<WorkItem>({ query: 'SELECT * FROM c WHERE c.caseId = @p AND c.state = "open"', parameters: [{ name: '@p', value: jobPartition(DIGEST_JOBS.weekly) }] })
      .fetchAll();
    clock.setTo(new Date(new Date(resources[0]!.dueAt!).getTime() + 1000));
    const digest = page.locator('.ac-adaptiveCard').filter({ hasText: 'Ukeoversikt: Nordby skole' }).last();
    await digest.waitFor({ timeout: 30000 });
    const text = await digest.innerText();
    expect(text).toContain('Ikke bekreftet mottatt');
    expect(text).toContain('Se statistikk');
    await digest.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'playground-digest.png'), fullPage: true });
  }, 60000);
});
