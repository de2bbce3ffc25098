// Mounts one whole playground (markup, Simulation, App, controls, scripting API) into a root:
// the main page's body, or a <raft-playground> element's shadow root. Each mount is
// independent: its own wasm Playground, its own frame loop, its own keyboard scope.

import { createApi } from './api.js';
import { App, formatTime } from './app.js';
import { BreakPanel } from './break-panel.js';
import { bindControls } from './controls.js';
import { PAGE_CONTROLS, applyControls } from './controls-list.js';
import { LinkMenu } from './link-menu.js';
import { embedCode, embedUrl, shareUrl } from './links.js';
import { bindLogTip } from './log-tip.js';
import { LogScroll } from './log-scroll.js';
import { EventsPanel } from './events-panel.js';
import { ExtensionSwitches } from './extension-switches.js';
import { PLAYGROUND_MARKUP } from './markup.js';
import { MessageCard } from './message-card.js';
import { NetworkPanel } from './network-panel.js';
import { PartitionTool } from './partition-tool.js';
import { bindRingInput } from './ring-input.js';
import { ScenarioError, ShareTools } from './share-tools.js';
import { Simulation } from './sim.js';
import { Timeline } from './timeline.js';
import { ViolationBanner } from './violation-banner.js';

/**
 * What a `loadScenario` argument becomes for the decoder: strings as they are, a scenario
 * object as JSON; anything else is an Error.
 */
export function scenarioText(jsonOrLink) {
  if (typeof jsonOrLink === 'string') return jsonOrLink;
  if (jsonOrLink !== null && typeof jsonOrLink === 'object') return JSON.stringify(jsonOrLink);
  throw new Error(
    `loadScenario needs a scenario: JSON text, a scenario object or a share link, got ${jsonOrLink === null ? 'null' : typeof jsonOrLink}`,
  );
}

/**
 * Mounts a playground at the end of `root` (an Element or a ShadowRoot). Options:
 * - `config`: cluster settings for `reset` (e.g. `{ servers: 3, seed: 7 }`)
 * - `scenario`: a scenario to open instead (JSON text or a link); a bad one shows a message
 *   and the playground starts from `config`
 * - `scenarioSource`: what the scenario came from, for that message ("link", "scenario attribute")
 * - `speed`, `autoplay` (default true), `problems` (settings that could not be used, shown at
 *   start under `problemsTitle`, default "The address has settings the playground cannot use:")
 * - `controls`: a Set of control names to show (default all; see controls-list.js)
 * - `pageUrl()`: the playground page's address, for share links (default this page's)
 * - `keys`: where keyboard shortcuts are heard (default: the playground's own container, which
 *   takes focus when clicked; the main page passes `document`)
 * Returns `{ app, api, ready, container, setControls(set) }`.
 */
export function mountPlayground(root, options = {}) {
  const {
    config = {},
    scenario = null,
    scenarioSource = 'link',
    speed = null,
    autoplay = true,
    problems = [],
    problemsTitle = 'The address has settings the playground cannot use:',
    controls = new Set(PAGE_CONTROLS),
    pageUrl = () => window.location.href,
  } = options;

  const container = document.createElement('div');
  container.className = 'playground';
  const template = document.createElement('template');
  template.innerHTML = PLAYGROUND_MARKUP; // static, trusted markup (no text from links)
  container.append(template.content);
  root.append(container);
  applyControls(container, controls);

  let keys = options.keys;
  if (!keys) {
    keys = container;
    container.tabIndex = -1;
  }

  const find = (id) => {
    const element = container.querySelector(`#${id}`);
    if (!element) throw new Error(`the playground's markup has no #${id}`);
    return element;
  };
  const parts = {
    ringCanvas: find('ring'),
    logCanvas: find('logs'),
    panel: find('panel'),
    status: find('status'),
    banner: find('fatal'),
    time: find('time'),
  };

  let app = null;
  const sim = new Simulation((message) => app?.showFatal(message));
  app = new App(parts, sim);
  const scenarioError = new ScenarioError(find('scenario-error'));

  let resolveReady;
  let rejectReady;
  const ready = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });

  const links = {
    shareLink: () => shareUrl(pageUrl(), sim.sharePayload()),
    embedCode: () => embedCode(embedUrl(pageUrl(), sim.sharePayload())),
    loadScenario: (jsonOrLink) => {
      try {
        app.loadScenario(scenarioText(jsonOrLink));
      } catch (error) {
        scenarioError.show('This scenario could not be opened:', error.message, 'The playground kept its current run.');
        throw error;
      }
      scenarioError.hide();
      app.showStatus('scenario opened');
    },
    scenarioError,
  };
  const api = createApi(app, ready, links);

  // "Open the full playground": the link gets the current run's share link when it is used.
  const openFull = find('open-full');
  const pointOpenFull = () => {
    try {
      openFull.href = links.shareLink();
    } catch (error) {
      openFull.href = pageUrl().split(/[?#]/)[0];
      app.showStatus(`the run is too long to carry over: ${error.message}`, true);
    }
  };
  for (const event of ['pointerenter', 'pointerdown', 'focus', 'keydown']) openFull.addEventListener(event, pointOpenFull);

  /**
   * The fault tools: partition tool, Raft extensions, link menu, message card, network
   * sliders, Break Raft.
   */
  const bindFaultControls = (serverMenu) => {
    const breakPanel = new BreakPanel(app, find('break-raft'));
    new ExtensionSwitches(app, find('extensions'));
    new NetworkPanel(app, find('network'));
    new ViolationBanner(app, find('violation'), () => breakPanel.brokenNames(app.lastView?.violationBrokenRules));
    bindRingInput(
      app,
      {
        serverMenu,
        linkMenu: new LinkMenu(app, find('link-menu')),
        messageCard: new MessageCard(app, find('message-card')),
        partitionTool: new PartitionTool(app, find('partition-tool')),
      },
      keys,
    );
  };

  const boot = async () => {
    await sim.load();
    const { menu } = bindControls(app, find, keys);
    bindLogTip(app, find('log-tip'));
    new LogScroll(app, find('log-nav'));
    new EventsPanel(app, find('events'), find('events-empty'), find('events-filter'));
    bindFaultControls(menu);
    new Timeline(app, {
      range: find('timeline'),
      now: find('timeline-now'),
      end: find('timeline-end'),
      notice: find('fork-notice'),
    });
    new ShareTools(app, find, links);
    let started = false;
    if (scenario !== null) {
      try {
        app.startFromScenario(scenarioText(scenario));
        started = true;
      } catch (error) {
        scenarioError.show(
          `This ${scenarioSource} could not be opened:`,
          error.message,
          'The playground started with the default settings.',
        );
      }
    }
    if (!started) {
      try {
        app.start(config);
      } catch (error) {
        problems.push(`${error.message}; using the default settings`);
        app.start({});
      }
    }
    // Speed and play first: they clear an error status, and the problems must stay shown.
    if (speed !== null) app.setSpeed(speed);
    if (autoplay) app.play();
    if (problems.length > 0 && scenarioError.text === '') {
      scenarioError.show(problemsTitle, problems.join('; '), 'Those are left at their defaults.');
    } else if (problems.length > 0) {
      app.showStatus(problems.join('; '), true);
    } else if (scenario !== null && started && !autoplay) {
      app.showStatus(`opened the shared run at ${formatTime(sim.timeMs())}, paused: press Play to go on`);
    }
  };

  boot().then(resolveReady, (error) => {
    const message = error instanceof Error ? error.message : String(error);
    const part = (name) => parts.banner.querySelector(`[data-part="${name}"]`);
    part('title').textContent = 'The playground could not start:';
    part('message').textContent = message;
    // Reloading does not help a browser that cannot compile the module.
    part('hint').hidden = error?.browserCannotRun === true;
    parts.banner.hidden = false;
    rejectReady(error);
  });

  return {
    app,
    api,
    ready,
    container,
    /** Shows only the controls in `set` (a Set of names). */
    setControls: (set) => applyControls(container, set),
  };
}
