// Entry point of the playground page: loads wasm, builds the app, binds the controls and
// publishes `window.playground`.

import { createApi } from './api.js';
import { App } from './app.js';
import { bindControls } from './controls.js';
import { bindLogTip } from './log-tip.js';
import { Simulation } from './sim.js';
import { clampSpeed } from './speed.js';

const parts = {
  ringCanvas: document.getElementById('ring'),
  logCanvas: document.getElementById('logs'),
  panel: document.getElementById('panel'),
  status: document.getElementById('status'),
  banner: document.getElementById('fatal'),
  time: document.getElementById('time'),
};

let app = null;
const sim = new Simulation((message) => app?.showFatal(message));
app = new App(parts, sim);

let resolveReady;
let rejectReady;
const ready = new Promise((resolve, reject) => {
  resolveReady = resolve;
  rejectReady = reject;
});
window.playground = createApi(app, ready);

// Last resort: anything that escapes still shows up on the page.
window.addEventListener('error', (event) => app.showStatus(event.message, true));
window.addEventListener('unhandledrejection', (event) =>
  app.showStatus(String(event.reason?.message ?? event.reason), true),
);

/** Settings from the address, e.g. `?servers=9&seed=3&speed=0.01`. */
function settingsFromUrl() {
  const params = new URLSearchParams(window.location.search);
  const config = {};
  for (const key of ['servers', 'seed']) {
    if (!params.has(key)) continue;
    const value = Number(params.get(key));
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`"${key}" in the address must be a whole number, got "${params.get(key)}"`);
    }
    config[key] = value;
  }
  const speed = params.has('speed') ? clampSpeed(Number(params.get('speed'))) : null;
  const paused = params.get('paused') === '1';
  return { config, speed, paused };
}

async function boot() {
  await sim.load();
  bindControls(app);
  bindLogTip(app, document.getElementById('log-tip'));
  let settings = { config: {}, speed: null, paused: false };
  try {
    settings = settingsFromUrl();
    app.start(settings.config);
  } catch (error) {
    app.showStatus(`${error.message}; using the default settings`, true);
    app.start({});
  }
  if (settings.speed !== null) app.setSpeed(settings.speed);
  if (!settings.paused) app.play();
}

boot().then(resolveReady, (error) => {
  const message = error instanceof Error ? error.message : String(error);
  parts.banner.querySelector('[data-part="message"]').textContent =
    `The playground could not start: ${message}`;
  parts.banner.hidden = false;
  rejectReady(error);
});
