// The timeline under the ring: a scrubber from 0 to the furthest recorded virtual time. Dragging
// it or pressing keys on it seeks (the simulation replays from a checkpoint); the arrows step
// 10 ms (1 s with Shift), Page Up / Page Down 1 s, Home and End jump to the ends. Below it, the
// notice that an action taken in the past forked history.

import { formatTime } from './app.js';
import { forkNoticeText } from './links.js';

/** How long the fork notice stays, in wall-clock milliseconds. */
const FORK_NOTICE_MS = 10_000;

/**
 * The virtual time a key on the timeline moves to, clamped to [0, endMs], or null when the key
 * is not one of the timeline's.
 */
export function timelineKeyTarget(key, shiftKey, nowMs, endMs) {
  const small = shiftKey ? 1000 : 10;
  let target;
  if (key === 'ArrowLeft' || key === 'ArrowDown') target = nowMs - small;
  else if (key === 'ArrowRight' || key === 'ArrowUp') target = nowMs + small;
  else if (key === 'PageDown') target = nowMs - 1000;
  else if (key === 'PageUp') target = nowMs + 1000;
  else if (key === 'Home') target = 0;
  else if (key === 'End') target = endMs;
  else return null;
  return Math.min(Math.max(0, endMs), Math.max(0, target));
}

export class Timeline {
  /**
   * @param {import('./app.js').App} app
   * @param {{ range: HTMLInputElement, now: HTMLElement, end: HTMLElement, notice: HTMLElement }} parts
   */
  constructor(app, parts) {
    this.app = app;
    this.parts = parts;
    this.dragging = false;
    this.noticeTimer = null;
    this.shown = { now: -1, end: -1 };
    const { range } = parts;
    range.addEventListener('pointerdown', () => {
      this.dragging = true;
      this.app.pause();
    });
    range.addEventListener('pointerup', () => {
      this.dragging = false;
    });
    range.addEventListener('input', () => this.seek(Number(range.value)));
    range.addEventListener('change', () => {
      this.dragging = false;
    });
    range.addEventListener('keydown', (event) => this.onKey(event));
    app.frameListeners.add((view) => this.follow(view.timeMs));
    app.forkListeners.add((notice) => this.showFork(notice));
    app.resetListeners.add(() => this.hideFork());
  }

  onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const now = this.app.sim.timeMs();
    const target = timelineKeyTarget(event.key, event.shiftKey, now, this.endMs(now));
    if (target === null) return;
    event.preventDefault();
    event.stopPropagation();
    this.app.pause();
    this.seek(target);
  }

  /** The timeline's right end: the furthest recorded time, never before now. */
  endMs(now) {
    return Math.max(now, this.app.sim.historyEndMs());
  }

  seek(ms) {
    // The fork notice is about the moment the person acted; moving away ends it.
    this.hideFork();
    try {
      this.app.seek(ms);
    } catch (error) {
      this.app.showStatus(error.message, true);
    }
  }

  /** Moves the thumb to `nowMs` (not while a person drags it) and the right end to the history's. */
  follow(nowMs) {
    const { range, now, end } = this.parts;
    let endMs = nowMs;
    try {
      endMs = this.endMs(nowMs);
    } catch {
      // The simulation stopped; the fatal banner says why.
    }
    if (endMs !== this.shown.end) {
      this.shown.end = endMs;
      range.max = String(Math.max(endMs, 1));
      end.textContent = formatTime(endMs);
    }
    if (nowMs !== this.shown.now) {
      this.shown.now = nowMs;
      now.textContent = formatTime(nowMs);
      range.setAttribute('aria-valuetext', `${formatTime(nowMs)} of ${formatTime(endMs)}`);
      if (!this.dragging) range.value = String(nowMs);
    }
  }

  showFork(notice) {
    const element = this.parts.notice;
    element.textContent = forkNoticeText(notice);
    element.hidden = false;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => this.hideFork(), FORK_NOTICE_MS);
  }

  hideFork() {
    clearTimeout(this.noticeTimer);
    this.parts.notice.hidden = true;
  }
}
