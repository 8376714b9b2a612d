import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.REDCHECK_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

/** Whether the browser tests can run; in CI a missing Chromium is a failure, not a skip. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** Skip the calling suite without Chromium; in CI (CI=true) a missing Chromium fails it instead. */
export function requireChromium(ctx: Mocha.Context): void {
  if (chromiumAvailable()) return;
  if (process.env.CI === 'true') {
    throw new Error(`Chromium not found at ${CHROMIUM}; scripts/setup.sh installs it`);
  }
  ctx.skip();
}

/** A describe block's Chromium and scratch folder, valid inside its tests. */
export interface ChromiumFixture {
  readonly browser: Browser;
  /** A fresh temporary folder, removed after the block. */
  readonly dir: string;
}

/**
 * Launch Chromium and make a scratch folder (`<tmp>/<prefix>XXXXXX`) before the enclosing
 * describe block's tests; close and remove both after. Call it inside the describe body.
 */
export function useChromium(prefix: string): ChromiumFixture {
  let browser: Browser | undefined;
  let dir: string | undefined;
  before(async function () {
    requireChromium(this);
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get browser(): Browser {
      return browser ?? assert.fail('Chromium is not launched: use the fixture inside a test');
    },
    get dir(): string {
      return dir ?? assert.fail('no scratch folder: use the fixture inside a test');
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page opened from disk, with everything it logged, requested and tried to pop up. */
export interface OpenedPage {
  page: Page;
  /** Console messages of type error, and uncaught page errors. */
  errors: string[];
  /** Every request the page made, by URL (the page itself included). */
  requests: string[];
  /** Messages of every dialog (alert, confirm, prompt) that opened. */
  dialogs: string[];
  /** Milliseconds from navigation start until the page marked itself drawn. */
  drawnMs: number;
  close(): Promise<void>;
}

/** Open `file` in a fresh context, wait until its client code has drawn, and record what happened. */
export async function openPage(browser: Browser, file: string, width = 1280): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const t0 = Date.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  try {
    await page.waitForSelector('html[data-rendered]', { state: 'attached', timeout: 30_000 });
  } catch (e) {
    await context.close();
    throw new Error(
      `${file} never marked itself drawn; page errors: ${errors.join(' | ') || 'none'}`,
      { cause: e },
    );
  }
  const drawnMs = Date.now() - t0;
  return { page, errors, requests, dialogs, drawnMs, close: () => context.close() };
}

/** Write a full-page screenshot to test-artifacts/<name>.png and return its path. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
