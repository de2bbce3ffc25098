// Vite serves index.html and web/ in development and bundles them into a static dist/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The <raft-playground> element's one script, raft-playground.js at the site's root, and the
 * demo course page (demo/course.html, copied as it is: it loads ../raft-playground.js the way
 * a course page on another site would). While developing, /raft-playground.js is web/element.js.
 */
function raftPlaygroundElement() {
  return [
    {
      name: 'raft-playground-element:serve',
      apply: 'serve',
      resolveId(id) {
        return id.split('?')[0] === '/raft-playground.js' ? here('./web/element.js') : null;
      },
    },
    {
      name: 'raft-playground-element:build',
      apply: 'build',
      generateBundle() {
        this.emitFile({
          type: 'asset',
          fileName: 'demo/course.html',
          source: readFileSync(here('./demo/course.html'), 'utf8'),
        });
      },
    },
  ];
}

/**
 * The markup's line breaks and indentation, collapsed to single spaces in the bundle: HTML
 * renders both alike (nothing in it is preformatted), and the page loads 130 bytes less.
 */
function compactMarkup() {
  return {
    name: 'raft-playground-markup:compact',
    apply: 'build',
    transform(code, id) {
      if (!id.endsWith('/web/markup.js')) return null;
      const compact = code.replace(
        /PLAYGROUND_MARKUP = `([^`]*)`/,
        (_, html) => `PLAYGROUND_MARKUP = \`${html.replace(/\s+/g, ' ').trim()}\``,
      );
      if (compact === code) this.error('web/markup.js: PLAYGROUND_MARKUP template not found');
      return { code: compact, map: null };
    },
  };
}

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
    rolldownOptions: {
      input: { index: here('./index.html'), 'raft-playground': here('./web/element.js') },
      output: {
        // The element's script keeps a fixed name, so a course page can point at it.
        entryFileNames: (chunk) =>
          chunk.name === 'raft-playground' ? 'raft-playground.js' : 'assets/[name]-[hash].js',
      },
    },
  },
  plugins: [raftPlaygroundElement(), compactMarkup()],
});
