// The playground's state on the JavaScript side (playing or not, speed, what is selected) and
// its frame loop: per frame, advance the simulation by wall time × speed, pull a view, draw.
// Rust owns the cluster; nothing here changes it except through the Simulation's calls.

import { CanvasSurface } from './canvas.js';
import { FrameStats } from './frame-stats.js';
import { logGridHeight, ringLayout } from './layout.js';
import { latestIndex } from './log-scroll.js';
import { drawLogs, logColumns } from './logs.js';
import { deliveredMessageId, messageSummary, deliveryOutcome } from './message-fields.js';
import { SCENARIO_MAX_ACTIONS } from './links.js';
import { SidePanel } from './panel.js';
import { NO_OVERLAY, drawRing } from './ring.js';
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
    /** Last log index the grid shows; null follows the longest log (log-scroll.js). */
    this.logEnd = null;
    this.selectedId = null;
    this.requestCounter = 0;
    this.serverCount = 0;
    this.statusTimer = null;
    this.listeners = new Set();
    /** Called with the view at most ten times a second (panels that show text). */
    this.viewListeners = new Set();
    /** Called after the cluster is replaced by a new one. */
    this.resetListeners = new Set();
    /** Called with the view after every frame that drew (the timeline). */
    this.frameListeners = new Set();
    /** Called with `{ atMs, discardedActions }` when an action in the past forked history. */
    this.forkListeners = new Set();
    /** Called with the violation when the checkers first report one (the run is paused). */
    this.violationListeners = new Set();
    /** `{ key: property@time, timeMs }` of the violation already reported, so it pauses only once. */
    this.reportedViolation = null;
    /**
     * What the page draws over the cluster: the partition tool's draft groups, the link under
     * the pointer, the message whose fields are open, the servers and the log index of the
     * event under the pointer (or focus) in the Events list.
     */
    this.overlay = { ...NO_OVERLAY };
    this.frame = this.frame.bind(this);
  }

  /** Builds the cluster and starts the frame loop. */
  start(config) {
    this.reset(config);
    requestAnimationFrame(this.frame);
  }

  /** Builds the cluster a scenario describes (see loadScenario) and starts the frame loop. */
  startFromScenario(text) {
    this.loadScenario(text);
    requestAnimationFrame(this.frame);
  }

  /** Replaces the cluster by a fresh one (`config` as in SimConfig; undefined = defaults). */
  reset(config) {
    this.sim.reset(config);
    this.afterReplace();
  }

  /**
   * Replaces the cluster by the one a scenario describes (JSON text or a share link), at the
   * moment its author was at (its `endMs`, which may be before later recorded actions when the
   * author had gone back in time). Throws for bad input and keeps the current cluster.
   */
  loadScenario(text) {
    this.sim.loadScenario(text);
    this.afterReplace();
    this.invalidate();
  }

  /** Moves to virtual time `ms`, backwards or forwards (the recorded actions replay). */
  seek(ms) {
    this.sim.seek(ms);
    // Back before the reported violation: passing it again reports it again. A seek that stays
    // after it does not (the person dismissed it and is looking at what followed).
    if (this.reportedViolation !== null && ms < this.reportedViolation.timeMs) this.reportedViolation = null;
    this.lastPanelWallMs = -Infinity;
    this.invalidate();
  }

  /** After an action: tells the listeners when it was taken in the past and forked history. */
  noticeFork() {
    const notice = this.sim.takeForkNotice();
    if (notice) for (const listener of this.forkListeners) listener(notice);
  }

  /** The page's side of a new cluster: selection, overlays, sizes, listeners. */
  afterReplace() {
    this.requestCounter = 0;
    this.selectedId = null;
    this.serverCount = this.sim.config().servers;
    this.parts.logCanvas.style.height = `${logGridHeight(this.serverCount)}px`;
    this.stats.reset();
    this.reportedViolation = null;
    this.overlay = { ...NO_OVERLAY };
    this.logEnd = null;
    this.lastPanelWallMs = -Infinity;
    for (const listener of this.resetListeners) listener();
    this.invalidate();
  }

  /**
   * Ends the log grid's window at index `end` (kept inside the logs), or follows the longest
   * log with null or an index at or past its end.
   */
  scrollLogTo(end) {
    // As Rust keeps the window (LogWindow::new): never before the first full window, so each
    // later move shows. The last view is at most a frame old; scripts pull a fresh one first.
    const view = this.lastView;
    this.logEnd = end === null || (view && end >= latestIndex(view)) ? null : Math.max(end, this.logTail);
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
    this.clearError();
    this.playing = true;
    this.invalidate();
  }

  pause() {
    this.clearError();
    this.playing = false;
    this.invalidate();
  }

  togglePlay() {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed) {
    this.speed = clampSpeed(speed);
    this.clearError();
    this.notify();
    return this.speed;
  }

  /**
   * Processes the next event alone (pausing first); returns its description and shows it in
   * the status line with the virtual time and, for a delivery, the message's main fields.
   */
  step() {
    this.playing = false;
    // Messages are gone once delivered: look the message up in what was drawn before.
    const before = this.lastView?.messages;
    const serversBefore = this.lastView?.servers;
    const description = this.sim.step();
    if (description == null) {
      this.showStatus('Step: nothing left to happen (no event is pending)');
    } else {
      const id = deliveredMessageId(description);
      const message = id === null ? null : before?.find((m) => m.id === id);
      const detail = message ? messageSummary(message) : '';
      // What the message changed at its receiving server: read from the cluster after the step
      // (and before).
      let outcome = '';
      if (message && message.to !== 0) {
        const receiverBefore = serversBefore?.find((s) => s.id === message.to) ?? null;
        this.pullView();
        outcome = deliveryOutcome(message, this.serverInView(message.to), this.serverCount, receiverBefore);
      }
      const at = formatTime(this.sim.timeMs());
      this.showStatus(`Step at ${at}: ${description}${detail ? ` (${detail})` : ''}${outcome ? `: ${outcome}` : ''}`);
    }
    this.invalidate();
    return description;
  }

  advance(ms) {
    this.sim.advance(ms);
    this.invalidate();
  }

  crash(id) {
    this.sim.crash(id);
    this.noticeFork();
    this.showStatus(`S${id} crashed`);
    this.invalidate();
  }

  restart(id) {
    this.sim.restart(id);
    this.noticeFork();
    this.showStatus(`S${id} restarted`);
    this.invalidate();
  }

  timeout(id) {
    this.sim.timeout(id);
    this.noticeFork();
    this.showStatus(`S${id}'s election timer fired`);
    this.invalidate();
  }

  /** Asks the leader to hand leadership over to server `id`. */
  transferLeadership(id) {
    const leader = this.sim.leader();
    this.sim.transferLeadership(id);
    this.noticeFork();
    const from = leader == null ? 'the leader' : `S${leader}`;
    this.showStatus(`${from} hands leadership over to S${id}: it takes no commands until S${id} leads`);
    this.invalidate();
  }

  /** The client sends `command`, first to `server` if given, else to the server it believes
   * leads. */
  request(command, server) {
    const id = this.sim.request(command, server);
    this.noticeFork();
    this.showStatus(`client request #${id} sent${server === undefined ? '' : ` to S${server}`}: ${command}`);
    this.invalidate();
    return id;
  }

  /** Runs a change to the simulation (e.g. a network fault), shows `status` and redraws. */
  perform(change, status) {
    const result = change();
    this.noticeFork();
    this.showStatus(status);
    if (this.sim.recordedActions() === SCENARIO_MAX_ACTIONS + 1) {
      this.showStatus(`${status}. This run now has more than ${SCENARIO_MAX_ACTIONS} actions: it can no longer be shared or saved`, true);
    }
    this.invalidate();
    return result;
  }

  /** `set x N` with N counting up, to `server`: by default the current leader (the button
   * sends to the leader; with none, the client tries the one it believes leads). */
  sendCounterRequest(server = this.sim.leader()) {
    this.requestCounter += 1;
    return this.request(`set x ${this.requestCounter}`, server);
  }

  select(id) {
    this.selectedId = id;
    this.invalidate();
  }

  /** Marks the message whose fields are shown (null for none). */
  selectMessage(id) {
    this.overlay.selectedMessageId = id;
    this.invalidate();
  }

  /** Changes what is drawn over the cluster (`{ draft }`, `{ hoverLink }`...) and redraws. */
  setOverlay(changes) {
    Object.assign(this.overlay, changes);
    this.invalidate();
  }

  /** The server `id` as last drawn, or null. */
  serverInView(id) {
    return this.lastView?.servers.find((s) => s.id === id) ?? null;
  }

  /** One frame's advance. At the 2 h limit, playing stops with the reason; the frame still
   * draws where the run got to. */
  advanceWhilePlaying(ms) {
    try {
      this.sim.advance(ms);
    } catch (error) {
      if (this.sim.dead) throw error;
      this.playing = false;
      this.showStatus(error.message, true);
      this.notify();
    }
  }

  /** Shows `text` in the status line; errors fade back after a few seconds. */
  showStatus(text, isError = false) {
    const status = this.parts.status;
    status.textContent = text;
    status.title = text; // the whole text on hover, when an ordinary line is cut short
    status.classList.toggle('error', isError);
    clearTimeout(this.statusTimer);
    if (isError) {
      this.statusTimer = setTimeout(() => {
        status.textContent = '';
        status.classList.remove('error');
      }, 6000);
    }
  }

  /** A later action that worked takes an error's place in the status line (it was about before). */
  clearError() {
    const status = this.parts.status;
    if (!status.classList.contains('error')) return;
    clearTimeout(this.statusTimer);
    status.textContent = '';
    status.title = '';
    status.classList.remove('error');
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
      if (this.playing && gap > 0) this.advanceWhilePlaying(gap * this.speed);
      advanced = performance.now();
      this.pullView();
      viewed = performance.now();
      this.noticeViolation(this.lastView.violation);
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

  /**
   * The first time the checkers report a violation: pause right away and tell the listeners
   * (the banner). A violation already reported does not pause again, so the run can go on.
   */
  noticeViolation(violation) {
    if (!violation) return;
    const key = `${violation.property}@${violation.timeUs ?? violation.timeMs}`;
    if (key === this.reportedViolation?.key) return;
    this.reportedViolation = { key, timeMs: violation.timeMs };
    this.playing = false;
    this.lastPanelWallMs = -Infinity;
    for (const listener of this.violationListeners) listener(violation);
    this.notify();
  }

  /** Asks the simulation for what this frame draws. */
  pullView() {
    this.logTail = logColumns(this.logSurface.width, this.serverCount);
    this.lastView = this.sim.view(this.logTail, this.logEnd);
  }

  /** Draws the last view. Reads only; never changes the simulation. */
  draw() {
    const view = this.lastView;
    const ring = this.ringSurface.fit();
    const logs = this.logSurface.fit();
    this.layout = ringLayout(ring.width, ring.height, view.servers.length);
    drawRing(ring.ctx, this.layout, view, this.selectedId, this.overlay);
    drawLogs(logs.ctx, logs.width, logs.height, view, this.overlay);
    for (const listener of this.frameListeners) listener(view);
    // The side panel is text for people to read: ten updates a second are plenty.
    const now = performance.now();
    if (!this.playing || now - this.lastPanelWallMs > 100) {
      this.lastPanelWallMs = now;
      this.panel.update(view);
      for (const listener of this.viewListeners) listener(view);
    }
  }
}

/** "t = 1234.5 ms" style virtual time. */
export function formatTime(ms) {
  if (ms < 10_000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(3)} s`;
}
