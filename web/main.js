// Entry point of the playground page: loads wasm, builds the app, binds the controls and
// publishes `window.playground`.

import { createApi } from './api.js';
import { App } from './app.js';
import { BreakPanel } from './break-panel.js';
import { bindControls } from './controls.js';
import { LinkMenu } from './link-menu.js';
import { bindLogTip } from './log-tip.js';
import { MessageCard } from './message-card.js';
import { NetworkPanel } from './network-panel.js';
import { PartitionTool } from './partition-tool.js';
import { bindRingInput } from './ring-input.js';
import { Simulation } from './sim.js';
import { clampSpeed } from './speed.js';
import { ViolationBanner } from './violation-banner.js';

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

/** The fault tools: partition tool, link menu, message card, network sliders, Break Raft. */
function bindFaultControls(serverMenu) {
  const byId = (id) => document.getElementById(id);
  const breakPanel = new BreakPanel(app, byId('break-raft'));
  new NetworkPanel(app, byId('network'));
  new ViolationBanner(app, byId('violation'), () => breakPanel.brokenNames());
  bindRingInput(app, {
    serverMenu,
    linkMenu: new LinkMenu(app, byId('link-menu')),
    messageCard: new MessageCard(app, byId('message-card')),
    partitionTool: new PartitionTool(app, byId('partition-tool')),
  });
}

async function boot() {
  await sim.load();
  const { menu } = bindControls(app);
  bindLogTip(app, document.getElementById('log-tip'));
  bindFaultControls(menu);
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
