// The event list under the logs: the run's milestones (elections, new leaders, commits, crashes,
// requests, faults), newest first, in the words Step uses. Each time is a button that takes the
// run back to that moment. Two filters: the events about one server (with those
// about the whole cluster), and without followers learning commits. Updated with the side
// panel, ten times a second at most, and only with the milestones it does not have yet. From
// the keyboard the list is one stop: Tab reaches one time, ↑ ↓ Home End move between them.
// The line under the pointer (or with the focus) lights up its servers on the ring and in the
// log grid, and the column of its log index (a commit's, a new entry's).
// Text only via textContent.

import { formatTime } from './app.js';

/** Most lines shown: as many as the trace keeps (MILESTONES_KEPT in crates/sim). */
const MAX_LINES = 200;

export class EventsPanel {
  /**
   * @param {import('./app.js').App} app
   * @param {HTMLElement} list the `<ol>` of events
   * @param {HTMLElement} empty shown while there are none
   * @param {HTMLElement} filter holds the server `<select>` and the follower-commits checkbox
   */
  constructor(app, list, empty, filter) {
    this.app = app;
    this.list = list;
    this.empty = empty;
    this.serverSelect = filter.querySelector('[data-part="server"]');
    this.followerCommits = filter.querySelector('[data-part="follower-commits"]');
    /** Number of the newest milestone listed; 0 for none. */
    this.shown = 0;
    for (const control of [this.serverSelect, this.followerCommits]) {
      control.addEventListener('change', () => this.applyFilter());
    }
    /** The one time button Tab reaches (a roving tab stop). */
    this.tabStop = null;
    list.addEventListener('focusin', (event) => {
      if (event.target.matches?.('button[data-ms]')) this.setTabStop(event.target);
    });
    list.addEventListener('keydown', (event) => this.onKey(event));
    // The event under the pointer, or with the focus, lights up its servers on the ring.
    for (const type of ['pointerover', 'focusin']) {
      list.addEventListener(type, (event) => this.highlight(event.target.closest?.('li')));
    }
    list.addEventListener('pointerleave', () => this.highlight(null));
    list.addEventListener('focusout', () => this.highlight(null));
    list.addEventListener('click', (event) => {
      const button = event.target.closest?.('button[data-ms]');
      if (!button) return;
      const ms = Number(button.dataset.ms);
      try {
        // Paused there, to look at that moment.
        this.app.pause();
        this.app.seek(ms);
        this.app.showStatus(`went to ${formatTime(ms)}: ${button.nextSibling?.textContent ?? ''}`);
      } catch (error) {
        this.app.showStatus(error.message, true);
      }
    });
    app.viewListeners.add(() => this.update());
    app.resetListeners.add(() => {
      this.clear();
      this.listServers(app.serverCount);
    });
  }

  /** The server filter's choices: every server, or S1 to Sn. */
  listServers(count) {
    const options = [new Option('every server', '')];
    for (let id = 1; id <= count; id += 1) options.push(new Option(`S${id}`, String(id)));
    this.serverSelect.replaceChildren(...options);
  }

  /** Whether a line passes the filters. */
  shows(line) {
    if (!this.followerCommits.checked && line.classList.contains('follower-commit')) return false;
    const server = this.serverSelect.value;
    const servers = line.dataset.servers;
    return server === '' || servers === '' || servers.split(' ').includes(server);
  }

  applyFilter() {
    for (const line of this.list.children) line.hidden = !this.shows(line);
    this.showEmpty();
  }

  /** Lights up the servers and the log index `line` is about (nothing for null). */
  highlight(line) {
    const ids = line?.dataset.servers ? line.dataset.servers.split(' ').map(Number) : null;
    const index = line?.dataset.index ? Number(line.dataset.index) : null;
    const { highlightIds, highlightIndex } = this.app.overlay;
    if (String(ids) !== String(highlightIds) || index !== highlightIndex) {
      this.app.setOverlay({ highlightIds: ids, highlightIndex: index });
    }
  }

  /** The time buttons of the lines shown, newest first. */
  visibleTimes() {
    return [...this.list.querySelectorAll('li:not([hidden]) > button[data-ms]')];
  }

  setTabStop(button) {
    if (this.tabStop && this.tabStop !== button) this.tabStop.tabIndex = -1;
    this.tabStop = button;
    if (button) button.tabIndex = 0;
  }

  /** Keeps the tab stop on a line that is shown: the newest when it was lost. */
  keepTabStop() {
    const stop = this.tabStop;
    if (stop?.isConnected && !stop.parentElement.hidden) return;
    this.setTabStop(this.visibleTimes()[0] ?? null);
  }

  onKey(event) {
    const times = this.visibleTimes();
    const at = times.indexOf(event.target);
    if (at < 0) return;
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: times.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    times[Math.max(0, Math.min(times.length - 1, next))].focus();
  }

  /** "none" while no line is shown (none recorded, or none passes the filters). */
  showEmpty() {
    let shown = false;
    for (const line of this.list.children) shown ||= !line.hidden;
    this.empty.hidden = shown;
    this.keepTabStop();
  }

  clear() {
    this.shown = 0;
    this.tabStop = null;
    this.highlight(null);
    this.list.replaceChildren();
    this.empty.hidden = false;
  }

  /** Adds the milestones recorded since the last call; starts over when time went back. */
  update() {
    if (this.app.sim.dead) return;
    let { total, events } = this.app.sim.events(this.shown);
    if (total === this.shown) return;
    let refocus = false;
    const back = total < this.shown;
    if (back || (events.length > 0 && events[0].number !== this.shown + 1)) {
      // Back in time, or more new ones than are kept: the list is rebuilt from what is kept
      // (in the second case, `events` is already all of it). A time chosen from the keyboard
      // keeps the focus in the list, on its newest line.
      refocus = this.list.contains(this.list.getRootNode().activeElement);
      this.clear();
      if (back) ({ events } = this.app.sim.events(0));
    }
    const lines = events.map(eventLine).reverse();
    for (const line of lines) line.hidden = !this.shows(line);
    this.list.prepend(...lines);
    while (this.list.childElementCount > MAX_LINES) this.list.lastElementChild.remove();
    this.shown = total;
    this.showEmpty();
    if (refocus) this.tabStop?.focus();
  }
}

/** `<li class="kind"><button data-ms>12.3 ms</button><span>S3 becomes leader of term 2</span></li>` */
function eventLine(event) {
  const line = document.createElement('li');
  line.className = `event-${event.kind}`;
  if (event.followerCommit) line.classList.add('follower-commit');
  line.dataset.servers = event.servers.join(' ');
  if (event.index !== null) line.dataset.index = String(event.index);
  const time = document.createElement('button');
  time.type = 'button';
  time.tabIndex = -1;
  time.dataset.ms = String(event.timeMs);
  time.textContent = formatTime(event.timeMs);
  time.title = 'Go to this moment';
  const text = document.createElement('span');
  // Step words an event to follow "Step at 12 ms:"; a line of its own starts with a capital.
  text.textContent = event.text.charAt(0).toUpperCase() + event.text.slice(1);
  line.append(time, text);
  return line;
}
