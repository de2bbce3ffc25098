// The menu that opens on a link between two servers: cut it one way or both ways, or repair
// it. Its title says what state each direction is in.

import { linkState } from './faults-geometry.js';
import { MenuKeys } from './menu-keys.js';
import { placeNear } from './popover.js';

const DIRECTION_TEXT = { open: 'up', cut: 'cut', partitioned: 'blocked by the partition' };

/** "S1 → S2 up · S2 → S1 cut". */
export function linkStateText(a, b, state) {
  return `S${a} → S${b} ${DIRECTION_TEXT[state.forward]} · S${b} → S${a} ${DIRECTION_TEXT[state.backward]}`;
}

export class LinkMenu {
  /** @param {import('./app.js').App} app  @param {HTMLElement} element the #link-menu */
  constructor(app, element) {
    this.app = app;
    this.element = element;
    this.title = element.querySelector('[data-part="title"]');
    this.stateLine = element.querySelector('[data-part="state"]');
    this.keys = new MenuKeys(element);
    this.buttons = {};
    this.link = null;
    for (const button of element.querySelectorAll('button[data-action]')) {
      this.buttons[button.dataset.action] = button;
      button.addEventListener('click', (event) => {
        event.stopPropagation();
        this.run(button.dataset.action);
      });
    }
  }

  get isOpen() {
    return !this.element.hidden;
  }

  /** Opens the menu of the link `{ a, b }` beside (clientX, clientY). */
  open(link, clientX, clientY) {
    const { a, b } = link;
    this.link = link;
    const view = this.app.lastView;
    const state = view ? linkState(view, a, b) : { forward: 'open', backward: 'open' };
    this.title.textContent = `Link S${a} – S${b}`;
    this.stateLine.textContent = linkStateText(a, b, state);
    this.buttons.forward.textContent = `Cut S${a} → S${b} only`;
    this.buttons.backward.textContent = `Cut S${b} → S${a} only`;
    this.buttons.forward.disabled = state.forward === 'cut';
    this.buttons.backward.disabled = state.backward === 'cut';
    this.buttons.both.disabled = state.forward === 'cut' && state.backward === 'cut';
    this.buttons.repair.disabled = state.forward !== 'cut' && state.backward !== 'cut';
    this.app.setOverlay({ hoverLink: link });
    placeNear(this.element, clientX, clientY);
    this.keys.opened();
  }

  close() {
    if (this.element.hidden) return;
    this.keys.closing();
    this.element.hidden = true;
    this.link = null;
    this.app.setOverlay({ hoverLink: null });
  }

  run(action) {
    const link = this.link;
    this.close();
    if (!link) return;
    const { a, b } = link;
    const sim = this.app.sim;
    try {
      if (action === 'forward') {
        this.app.perform(() => sim.cut(a, b, { oneWay: true }), `cut the link S${a} → S${b} (one way)`);
      } else if (action === 'backward') {
        this.app.perform(() => sim.cut(b, a, { oneWay: true }), `cut the link S${b} → S${a} (one way)`);
      } else if (action === 'both') {
        this.app.perform(() => sim.cut(a, b), `cut the link S${a} – S${b} both ways`);
      } else if (action === 'repair') {
        this.app.perform(() => sim.repair(a, b), `repaired the link S${a} – S${b}`);
      }
    } catch (error) {
      this.app.showStatus(error.message, true);
    }
  }
}
