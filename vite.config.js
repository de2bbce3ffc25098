// Vite serves index.html and web/ in development and bundles them into a static dist/.
import { defineConfig } from 'vite';

// Open a browser tab on `npm start` only where there is a screen to show it on.
const canOpenBrowser =
  process.env.CI !== 'true' &&
  (process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY));

export default defineConfig({
  // Relative asset URLs: dist/ works from any static host under any path.
  base: './',
  server: {
    open: canOpenBrowser,
    host: '127.0.0.1',
  },
  preview: {
    host: '127.0.0.1',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The .wasm is fetched as a file, never inlined as base64.
    assetsInlineLimit: 0,
  },
});
