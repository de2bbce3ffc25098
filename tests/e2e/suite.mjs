// What every browser test file sets up: the built site on a local server and one Chromium for
// the whole file (started before its first test, closed after its last), and the folder the
// screenshots go to.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { launchBrowser } from './browser.mjs';
import { startServer } from './server.mjs';

/** Where screenshots go (look at them). */
export const screenshots = fileURLToPath(new URL('../../screenshots/', import.meta.url));
mkdirSync(screenshots, { recursive: true });

/**
 * Registers the file's before/after hooks and returns `{ server, browser }`, filled in once
 * the hooks have run: `server.url`, `browser.context`.
 */
export function useServerAndBrowser() {
  const live = { server: null, browser: null };
  before(async () => {
    live.server = await startServer();
    live.browser = await launchBrowser();
  });
  after(async () => {
    await live.browser?.close();
    await live.server?.close();
  });
  return live;
}
