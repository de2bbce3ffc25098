// Serves the built dist/ (building it first if missing) on a free localhost port for the
// browser tests, with Vite's preview server.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A TCP port nobody listens on right now. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the server; returns `{ url, close }`. */
export async function startServer() {
  if (!existsSync(`${repoRoot}/dist/index.html`)) {
    await build({ root: repoRoot, logLevel: 'warn' });
  }
  const port = await freePort();
  const server = await preview({
    root: repoRoot,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.httpServer.close(() => resolve())),
  };
}
