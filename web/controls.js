// What a person clicks and types: play/pause (and Space), step, the speed slider, the request
// button, and the menu that opens on a server (ring-input.js routes clicks on the ring). Every
// action goes through the App; failures are shown in the status line.

import { MenuKeys } from './menu-keys.js';
import { moveNear } from './popover.js';
import { SLIDER_STEPS, sliderFromSpeed, speedFromSlider, speedLabel } from './speed.js';
import { styleForServer } from './theme.js';

/**
 * Connects the controls to `app`. `find(id)` looks an element up in the playground's markup;
 * `keys` receives the keyboard shortcuts (the document on the main page, the playground's
 * container when several share a page).
 */
export function bindControls(app, find = (id) => document.getElementById(id), keys = document) {
  const playButton = find('play');
  const stepButton = find('step');
  const speedSlider = find('speed');
  const speedText = find('speed-label');
  const requestButton = find('request');
  const menu = new ServerMenu(app, find('server-menu'));

  /** Runs a person's action, showing a failure in the status line instead of throwing. */
  const attempt = (action) => {
    try {
      action();
    } catch (error) {
      app.showStatus(error.message, true);
    }
  };

  speedSlider.min = '0';
  speedSlider.max = String(SLIDER_STEPS);
  speedSlider.step = '1';

  const refresh = () => {
    playButton.textContent = app.playing ? 'Pause' : 'Play';
    playButton.setAttribute('aria-pressed', String(app.playing));
    speedText.textContent = speedLabel(app.speed);
    speedSlider.setAttribute('aria-valuetext', `${speedLabel(app.speed)} of real time`);
    if (Number(speedSlider.value) !== sliderFromSpeed(app.speed)) {
      speedSlider.value = String(sliderFromSpeed(app.speed));
    }
    const dead = app.sim.dead;
    for (const button of [playButton, stepButton, requestButton]) button.disabled = dead;
    speedSlider.disabled = dead;
  };
  app.subscribe(refresh);
  refresh();

  playButton.addEventListener('click', () => attempt(() => app.togglePlay()));
  stepButton.addEventListener('click', () => attempt(() => app.step()));
  requestButton.addEventListener('click', () => attempt(() => app.sendCounterRequest()));
  speedSlider.addEventListener('input', () =>
    attempt(() => app.setSpeed(speedFromSlider(Number(speedSlider.value)))),
  );

  // Space toggles play anywhere except in text fields, switches and menus; on a focused button
  // it must not also "click" the button (that would toggle twice).
  const spaceIsOurs = (target) => !isTextField(target) && !target?.closest?.('.menu');
  keys.addEventListener('keydown', (event) => {
    if (event.code !== 'Space' || !spaceIsOurs(event.target)) return;
    event.preventDefault();
    if (!event.repeat && !app.sim.dead) attempt(() => app.togglePlay());
  });
  keys.addEventListener('keyup', (event) => {
    if (event.code === 'Space' && spaceIsOurs(event.target)) event.preventDefault();
  });
  keys.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') menu.close();
    // Keys 1–9 open the menu of that server, for people who do not use a mouse; with another
    // server's menu open, the menu of the link between the two.
    const id = Number(event.key);
    const hasModifier = event.altKey || event.ctrlKey || event.metaKey;
    // In the partition tool the numbers move servers between groups (ring-input.js).
    if (app.overlay.draft) return;
    if (!hasModifier && Number.isInteger(id) && id >= 1 && !isTextField(event.target)) {
      const at = app.layout?.servers[id - 1];
      if (!at || app.sim.dead) return;
      const from = menu.element.hidden ? null : app.selectedId;
      if (from != null && from !== id && menu.openLink) return menu.openLink(from, id);
      const box = app.parts.ringCanvas.getBoundingClientRect();
      menu.open(id, box.left + at.x, box.top + at.y);
    }
  });

  // composedPath: a click inside a shadow root reaches the document retargeted to its host.
  document.addEventListener('click', (event) => {
    if (!event.composedPath().includes(menu.element)) menu.close();
  });

  return { attempt, menu };
}

/** The small menu of actions on one server. */
export class ServerMenu {
  constructor(app, element) {
    this.app = app;
    this.element = element;
    /** `(from, to)`: opens the menu of the link between two servers (set by ring-input.js). */
    this.openLink = null;
    this.title = element.querySelector('[data-part="title"]');
    this.keys = new MenuKeys(element);
    this.buttons = {};
    for (const button of element.querySelectorAll('button[data-action]')) {
      this.buttons[button.dataset.action] = button;
      button.addEventListener('click', (event) => {
        event.stopPropagation();
        this.run(button.dataset.action);
      });
    }
  }

  open(id, clientX, clientY) {
    const server = this.app.serverInView(id);
    this.app.select(id);
    this.title.textContent = server
      ? `S${id} · ${styleForServer(server).label} · term ${server.term}`
      : `S${id}`;
    const crashed = Boolean(server?.crashed);
    this.buttons.crash.disabled = crashed;
    this.buttons.restart.disabled = !crashed;
    // A leader has no election timer; a crashed server would only lose the request.
    this.buttons.timeout.disabled = crashed || server?.role === 'leader';
    this.buttons.request.disabled = crashed;
    // Leadership goes from a live leader to another server (even a crashed one: the leader
    // cannot know, and gives up after an election timeout).
    const leader = this.app.lastView?.servers?.some((s) => s.role === 'leader' && !s.crashed);
    this.buttons.transfer.disabled = !leader || server?.role === 'leader';
    this.element.hidden = false;
    // Keep the menu inside the window.
    moveNear(this.element, clientX, clientY, { dx: 8, dy: 8 });
    this.keys.opened();
  }

  close() {
    if (this.element.hidden) return;
    this.keys.closing();
    this.element.hidden = true;
    this.app.select(null);
  }

  run(action) {
    const id = this.app.selectedId;
    this.close();
    if (id === null) return;
    try {
      if (action === 'crash') this.app.crash(id);
      else if (action === 'restart') this.app.restart(id);
      else if (action === 'timeout') this.app.timeout(id);
      else if (action === 'transfer') this.app.transferLeadership(id);
      else if (action === 'request') this.app.sendCounterRequest(id);
    } catch (error) {
      this.app.showStatus(error.message, true);
    }
  }
}

function isTextField(target) {
  if (!target || !target.tagName) return false;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) return true;
  return tag === 'INPUT' && target.type !== 'range' && target.type !== 'button';
}
