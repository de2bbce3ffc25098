// Launches Debian's Chromium through playwright-core, in a fresh temporary profile, and opens
// pages that record every console error and page error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts Chromium; returns `{ context, close }` (close also deletes the profile). */
export async function launchBrowser({ deviceScaleFactor = 1 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'raft-playground-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens `url` in a new page of `context` and waits for `window.playground.ready`. Returns
 * `{ page, errors }` where `errors` collects console errors and uncaught page errors.
 */
export async function openPlayground(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
  );
  await page.goto(url);
  await page.waitForFunction(() => window.playground !== undefined);
  await page.evaluate(() => window.playground.ready);
  return { page, errors };
}
