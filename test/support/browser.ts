/** Headless Debian Chromium driven by playwright-core, as this machine allows it, and the Agents Playground's UI. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (see README)`);
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'tryggmeld-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 1400 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** One Playground window: a tab on its URL, with what a person does there. */
export class PlaygroundWindow {
  private constructor(readonly page: Page) {}

  static async open(browser: BrowserContext, url: string, reuse?: Page): Promise<PlaygroundWindow> {
    const page = reuse ?? (await browser.newPage());
    await page.goto(url, { waitUntil: 'networkidle' });
    return new PlaygroundWindow(page);
  }

  /** Writes a message to the bot in the 1:1 chat. */
  async say(text: string): Promise<void> {
    const compose = this.page.locator('[role=textbox][contenteditable=true]');
    await compose.click();
    await compose.pressSequentially(text);
    await this.page.keyboard.press('Enter');
  }

  /** The latest card holding every text given. */
  card(...texts: string[]): Locator {
    let cards = this.page.locator('.ac-adaptiveCard');
    for (const text of texts) cards = cards.filter({ hasText: text });
    return cards.last();
  }

  /** Every card holding the text (a card rewritten in place stays one). */
  cards(text: string): Locator {
    return this.page.locator('.ac-adaptiveCard').filter({ hasText: text });
  }

  /** Picks an option of a dropdown (the Playground's Fluent UI combobox with its separate listbox popup). */
  async choose(card: Locator, label: RegExp, option: string): Promise<void> {
    await card.getByRole('combobox', { name: label }).click();
    await this.page.getByRole('listbox').getByRole('option', { name: option }).click();
  }

  /** Fills a text box, checking that the text landed (a fill right after a card appears has once been lost). */
  async fill(box: Locator, text: string): Promise<void> {
    await box.fill(text);
    if ((await box.inputValue()) !== text) await box.fill(text);
    if ((await box.inputValue()) !== text) throw new Error(`the text box did not take "${text}"`);
  }

  screenshot(file: string): Promise<Buffer> {
    return this.page.screenshot({ path: file, fullPage: true });
  }
}
