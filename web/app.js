// The playground's state on the JavaScript side (playing or not, speed, what is selected) and
// its frame loop: per frame, advance the simulation by wall time × speed, pull a view, draw.
// Rust owns the cluster; nothing here changes it except through the Simulation's calls.

import { CanvasSurface } from './canvas.js';
import { FrameStats } from './frame-stats.js';
import { logGridHeight, ringLayout } from './layout.js';
import { drawLogs, logColumns } from './logs.js';
import { SidePanel } from './panel.js';
import { drawRing } from './ring.js';
import { SPEED_DEFAULT, clampSpeed } from './speed.js';

/** Longest wall-clock gap one frame may cover (a hidden tab does not jump the cluster ahead). */
const MAX_FRAME_GAP_MS = 100;

export class App {
  /**
   * @param {object} parts DOM elements: ringCanvas, logCanvas, panel, status, banner.
   * @param {import('./sim.js').Simulation} sim
   */
  constructor(parts, sim) {
    this.parts = parts;
    this.sim = sim;
    this.panel = new SidePanel(parts.panel);
    this.ringSurface = new CanvasSurface(parts.ringCanvas, () => this.invalidate());
    this.logSurface = new CanvasSurface(parts.logCanvas, () => this.invalidate());
    this.lastPanelWallMs = -Infinity;
    this.stats = new FrameStats(300);
    this.playing = false;
    this.speed = SPEED_DEFAULT;
    this.dirty = true;
    this.lastWallMs = null;
    this.layout = null;
    this.lastView = null;
    /** Log indexes the grid has room for: what each frame asks the view for. */
    this.logTail = 0;
    this.selectedId = null;
    this.requestCounter = 0;
    this.serverCount = 0;
    this.statusTimer = null;
    this.listeners = new Set();
    this.frame = this.frame.bind(this);
  }

  /** Builds the cluster and starts the frame loop. */
  start(config) {
    this.reset(config);
    requestAnimationFrame(this.frame);
  }

  /** Replaces the cluster by a fresh one (`config` as in SimConfig; undefined = defaults). */
  reset(config) {
    this.sim.reset(config);
    this.requestCounter = 0;
    this.selectedId = null;
    this.serverCount = this.sim.config().servers;
    this.parts.logCanvas.style.height = `${logGridHeight(this.serverCount)}px`;
    this.stats.reset();
    this.invalidate();
  }

  /** Something visible changed: draw on the next frame even when paused. */
  invalidate() {
    this.dirty = true;
    this.notify();
  }

  /** Calls `listener()` whenever playing, speed or the selection change (controls follow). */
  subscribe(listener) {
    this.listeners.add(listener);
  }

  notify() {
    for (const listener of this.listeners) listener();
  }

  play() {
    this.playing = true;
    this.invalidate();
  }

  pause() {
    this.playing = false;
    this.invalidate();
  }

  togglePlay() {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed) {
    this.speed = clampSpeed(speed);
    this.notify();
    return this.speed;
  }

  /** Processes the next event alone (pausing first); returns and shows its description. */
  step() {
    this.playing = false;
    const description = this.sim.step();
    this.showStatus(description ?? 'nothing left to happen');
    this.invalidate();
    return description;
  }

  advance(ms) {
    this.sim.advance(ms);
    this.invalidate();
  }

  crash(id) {
    this.sim.crash(id);
    this.showStatus(`S${id} crashed`);
    this.invalidate();
  }

  restart(id) {
    this.sim.restart(id);
    this.showStatus(`S${id} restarted`);
    this.invalidate();
  }

  timeout(id) {
    this.sim.timeout(id);
    this.showStatus(`S${id}'s election timer fired`);
    this.invalidate();
  }

  request(command) {
    const id = this.sim.request(command);
    this.showStatus(`client request #${id} sent: ${command}`);
    this.invalidate();
    return id;
  }

  /** The request button's command: `set x N` with N counting up. */
  sendCounterRequest() {
    this.requestCounter += 1;
    return this.request(`set x ${this.requestCounter}`);
  }

  select(id) {
    this.selectedId = id;
    this.invalidate();
  }

  /** The server `id` as last drawn, or null. */
  serverInView(id) {
    return this.lastView?.servers.find((s) => s.id === id) ?? null;
  }

  /** Shows `text` in the status line; errors fade back after a few seconds. */
  showStatus(text, isError = false) {
    const status = this.parts.status;
    status.textContent = text;
    status.classList.toggle('error', isError);
    clearTimeout(this.statusTimer);
    if (isError) {
      this.statusTimer = setTimeout(() => {
        status.textContent = '';
        status.classList.remove('error');
      }, 6000);
    }
  }

  /** Wasm panicked: stop, and show the message in a banner that stays. */
  showFatal(message) {
    this.playing = false;
    const banner = this.parts.banner;
    banner.querySelector('[data-part="message"]').textContent = message;
    banner.hidden = false;
    this.notify();
  }

  frame(wallMs) {
    requestAnimationFrame(this.frame);
    const gap = this.lastWallMs === null ? 0 : Math.min(wallMs - this.lastWallMs, MAX_FRAME_GAP_MS);
    this.lastWallMs = wallMs;
    if (this.sim.dead || (!this.playing && !this.dirty)) return;
    this.dirty = false;
    const started = performance.now();
    let advanced = started;
    let viewed = started;
    try {
      if (this.playing && gap > 0) this.sim.advance(gap * this.speed);
      advanced = performance.now();
      this.pullView();
      viewed = performance.now();
      this.draw();
    } catch (error) {
      this.playing = false;
      this.showStatus(error.message, true);
      this.notify();
      return;
    }
    const finished = performance.now();
    this.stats.record(finished - started, advanced - started, viewed - advanced, finished - viewed);
    this.parts.time.textContent = formatTime(this.lastView.timeMs);
  }

  /** Asks the simulation for what this frame draws. */
  pullView() {
    this.logTail = logColumns(this.logSurface.width, this.serverCount);
    this.lastView = this.sim.view(this.logTail);
  }

  /** Draws the last view. Reads only; never changes the simulation. */
  draw() {
    const view = this.lastView;
    const ring = this.ringSurface.fit();
    const logs = this.logSurface.fit();
    this.layout = ringLayout(ring.width, ring.height, view.servers.length);
    drawRing(ring.ctx, this.layout, view, this.selectedId);
    drawLogs(logs.ctx, logs.width, logs.height, view);
    // The side panel is text for people to read: ten updates a second are plenty.
    const now = performance.now();
    if (!this.playing || now - this.lastPanelWallMs > 100) {
      this.lastPanelWallMs = now;
      this.panel.update(view);
    }
  }
}

/** "t = 1234.5 ms" style virtual time. */
export function formatTime(ms) {
  if (ms < 10_000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(3)} s`;
}
