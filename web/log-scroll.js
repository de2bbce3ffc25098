// Scrolling the log grid back to earlier indexes: buttons beside its heading, keys on the grid
// and on those buttons, dragging the grid and scrolling sideways over it. The grid follows the
// longest log until the reader scrolls; "latest" (or End) follows it again. A broken guarantee
// at a log index scrolls that index into view. The window itself is the App's (`logEnd`); Rust
// cuts the view to it.

import { logGridLayout } from './layout.js';

/** Where the longest log ends, or the window's last index when the logs are shorter than it. */
export function latestIndex(view) {
  const { first, last } = view.logWindow;
  return Math.max(last - first + 1, ...view.lastLogIndexes);
}

/** "indexes 261–300 of 312", or "indexes 273–312" while the grid follows the latest index. */
export function windowText(view, following) {
  const { first, last } = view.logWindow;
  if (last < first) return '';
  const longest = Math.max(0, ...view.lastLogIndexes);
  return following || last >= longest ? `indexes ${first}–${last}` : `indexes ${first}–${last} of ${longest}`;
}

export class LogScroll {
  /**
   * @param {import('./app.js').App} app
   * @param {HTMLElement} nav the buttons and range text beside the grid's heading
   */
  constructor(app, nav) {
    this.app = app;
    this.canvas = app.parts.logCanvas;
    this.range = nav.querySelector('[data-part="range"]');
    this.buttons = {};
    for (const button of nav.querySelectorAll('button[data-action]')) {
      this.buttons[button.dataset.action] = button;
      button.addEventListener('click', () => this.run(button.dataset.action));
    }
    /** Sideways wheel pixels not yet a whole column. */
    this.wheelPx = 0;
    this.drag = null;
    for (const target of [this.canvas, nav]) target.addEventListener('keydown', (event) => this.onKey(event));
    this.canvas.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    this.canvas.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    this.canvas.addEventListener('pointermove', (event) => this.onPointerMove(event));
    for (const type of ['pointerup', 'pointercancel']) this.canvas.addEventListener(type, () => this.endDrag());
    app.frameListeners.add((view) => this.update(view));
    app.violationListeners.add((violation) => {
      if (violation.index != null) this.show(violation.index);
    });
  }

  get columns() {
    const window = this.app.lastView?.logWindow;
    return window ? window.last - window.first + 1 : 0;
  }

  /** Ends the window at index `end`; at or past the latest index, the grid follows the log again. */
  scrollTo(end) {
    if (this.columns > 0 && !this.app.sim.dead) this.app.scrollLogTo(Math.round(end));
  }

  /** Moves the window by `columns` indexes (negative: earlier). */
  scrollBy(columns) {
    const last = this.pendingLast();
    if (last !== null && columns !== 0) this.scrollTo(last + columns);
  }

  /**
   * The last index the next frame shows: keys pressed faster than frames are drawn each move
   * on from the one before, not from the last drawn window.
   */
  pendingLast() {
    const view = this.app.lastView;
    if (!view) return null;
    const latest = latestIndex(view);
    return this.app.logEnd === null ? latest : Math.min(this.app.logEnd, latest);
  }

  /** Puts `index` in the middle of the window. */
  show(index) {
    this.scrollTo(index + Math.floor(this.columns / 2));
  }

  /** One page: the window's width less one column, so a column stays in sight. */
  get page() {
    return Math.max(1, this.columns - 1);
  }

  run(action) {
    if (action === 'first') this.scrollTo(this.columns);
    else if (action === 'back') this.scrollBy(-this.page);
    else if (action === 'forward') this.scrollBy(this.page);
    else if (action === 'latest' && !this.app.sim.dead) this.app.scrollLogTo(null);
  }

  onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const moves = {
      ArrowLeft: () => this.scrollBy(-1),
      ArrowRight: () => this.scrollBy(1),
      PageUp: () => this.run('back'),
      PageDown: () => this.run('forward'),
      Home: () => this.run('first'),
      End: () => this.run('latest'),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  }

  /** Sideways scrolling (a trackpad, or Shift with a wheel); up and down still scroll the page. */
  onWheel(event) {
    const sideways = event.deltaX !== 0 ? event.deltaX : event.shiftKey ? event.deltaY : 0;
    if (sideways === 0) return;
    event.preventDefault();
    const { cellWidth } = logGridLayout(0, 1);
    this.wheelPx += event.deltaMode === 0 ? sideways : sideways * cellWidth;
    const columns = Math.trunc(this.wheelPx / cellWidth);
    this.wheelPx -= columns * cellWidth;
    this.scrollBy(columns);
  }

  onPointerDown(event) {
    const last = this.pendingLast();
    if (event.button !== 0 || last === null) return;
    this.drag = { pointerId: event.pointerId, x: event.clientX, end: last, moved: false };
  }

  /** Dragging right brings earlier indexes into view, as if pulling the grid along. */
  onPointerMove(event) {
    const drag = this.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    const { cellWidth } = logGridLayout(0, 1);
    const columns = Math.round((event.clientX - drag.x) / cellWidth);
    if (columns === 0 && !drag.moved) return;
    if (!drag.moved) {
      drag.moved = true;
      this.canvas.setPointerCapture?.(event.pointerId);
      this.canvas.classList.add('dragging');
    }
    this.scrollTo(drag.end - columns);
  }

  endDrag() {
    if (!this.drag) return;
    this.drag = null;
    this.canvas.classList.remove('dragging');
  }

  /** The range text and which buttons can move the window. */
  update(view) {
    if (!view.logWindow) return;
    const following = this.app.logEnd === null;
    const text = windowText(view, following);
    if (text !== this.range.textContent) this.range.textContent = text;
    const { first, last } = view.logWindow;
    const atStart = first <= 1;
    const atEnd = last >= latestIndex(view);
    this.setDisabled('first', atStart);
    this.setDisabled('back', atStart);
    this.setDisabled('forward', atEnd);
    this.setDisabled('latest', following);
  }

  setDisabled(action, disabled) {
    const button = this.buttons[action];
    if (button && button.disabled !== disabled) button.disabled = disabled;
  }
}
