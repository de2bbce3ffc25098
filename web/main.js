// Entry point of the playground page: mounts one playground into the page (the whole page, or
// the minimal chrome of embed mode with `?embed=1`), opens the scenario of a `#s=` link, and
// publishes `window.playground`.

import { EMBED_CONTROLS, PAGE_CONTROLS } from './controls-list.js';
import { isEmbedMode, scenarioFromHash, settingsFromSearch } from './links.js';
import { mountPlayground } from './mount.js';

const embed = isEmbedMode(window.location.search);
document.documentElement.classList.toggle('embed', embed);

const settings = settingsFromSearch(window.location.search);
const problems = settings.problems;

// A share link opens paused at the moment it was shared: the reader starts it (or scrubs the
// timeline to watch how it got there).
const scenario = scenarioFromHash(window.location.hash);
const mounted = mountPlayground(document.getElementById('playground'), {
  config: settings.config,
  speed: settings.speed,
  autoplay: !settings.paused && scenario === null,
  scenario,
  scenarioSource: 'link',
  problems,
  controls: new Set(embed ? EMBED_CONTROLS : PAGE_CONTROLS),
  keys: document,
});

window.playground = mounted.api;

// Last resort: anything that escapes still shows up on the page.
window.addEventListener('error', (event) => mounted.app.showStatus(event.message, true));
window.addEventListener('unhandledrejection', (event) =>
  mounted.app.showStatus(String(event.reason?.message ?? event.reason), true),
);

// A share link pasted into the address bar of an open page changes only the fragment.
window.addEventListener('hashchange', () => {
  const text = scenarioFromHash(window.location.hash);
  if (text === null) return;
  mounted.ready.then(() => {
    try {
      mounted.api.loadScenario(text);
    } catch {
      // The page shows why (the scenario notice); the current run goes on.
    }
  });
});
