// The <raft-playground> custom element: a whole playground in a shadow root, for course pages.
// One script tag loads it (the built site's raft-playground.js):
//
//   <script type="module" src="https://example.org/raft/raft-playground.js"></script>
//   <raft-playground servers="3" speed="0.05" autoplay controls="play,step,timeline"></raft-playground>
//
// Attributes: `scenario` (a share link or scenario JSON), `servers`, `seed`, `check-quorum`,
// `pre-vote`, `autoplay`, `speed`, `controls` (see controls-list.js). The element has the same
// scripting API as window.playground on the main page, as methods (`await element.ready;
// element.crash(1)`).
// Several elements on one page run independently, each with its own simulation.

import css from './style.css?inline';
import { API_METHODS } from './api.js';
import { EMBED_CONTROLS, parseControls, unknownControlsMessage } from './controls-list.js';
import {
  ELEMENT_ATTRIBUTES,
  EXTENSION_ATTRIBUTES,
  badSpeedMessage,
  booleanAttribute,
  parseElementOptions,
} from './element-options.js';
import { mountPlayground } from './mount.js';
import { speedIn } from './setting-values.js';

/** Styles of the element itself, after the page's own (style.css). */
const ELEMENT_CSS = `
:host {
  display: block;
  --ring-height: 320px;
  background: var(--wash);
  border: 1px solid var(--line);
  border-radius: 8px;
  color: var(--ink);
  text-align: left;
  line-height: normal;
}
:host([hidden]) {
  display: none;
}
.playground {
  position: relative;
  outline: none;
}
.bar {
  border-radius: 8px 8px 0 0;
}
/* A course page's column, not the window: one column whatever the controls. */
.layout {
  display: flex;
  flex-direction: column;
}
.panel,
.break-raft {
  contain: none;
}
`;

/**
 * Where the playground page is, relative to this module: next to raft-playground.js in the
 * built site, one folder up from web/ while developing. Share links and embed codes point there.
 */
const PAGE_PATH = import.meta.env && import.meta.env.DEV ? '../index.html' : './index.html';
const pageUrl = () => new URL(PAGE_PATH, import.meta.url).href;

/** The mounted playground of each connected element. */
const mounts = new WeakMap();

export class RaftPlaygroundElement extends HTMLElement {
  static observedAttributes = ELEMENT_ATTRIBUTES;

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    /** Resolves once the element is connected and its simulation is loaded. */
    this.ready = new Promise((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    // A failed start is shown in the element; do not also report an unhandled rejection.
    this.ready.catch(() => {});
  }

  connectedCallback() {
    if (mounts.has(this)) return;
    const options = parseElementOptions((name) => this.getAttribute(name));
    const style = document.createElement('style');
    style.textContent = `${css}\n${ELEMENT_CSS}`;
    this.shadowRoot.append(style);
    const mounted = mountPlayground(this.shadowRoot, {
      ...options,
      scenarioSource: 'scenario attribute',
      problemsTitle: 'This element has attributes the playground cannot use:',
      pageUrl,
    });
    mounts.set(this, mounted);
    mounted.ready.then(this.settleReady.resolve, this.settleReady.reject);
  }

  attributeChangedCallback(name, oldValue, value) {
    const mounted = mounts.get(this);
    if (!mounted || oldValue === value) return;
    mounted.ready.then(() => this.applyAttribute(mounted, name, value)).catch(() => {});
  }

  /** An attribute changed after the start: follow it (bad values are shown, not thrown). */
  applyAttribute(mounted, name, value) {
    const { app, api } = mounted;
    try {
      if (name === 'controls') {
        const { controls, unknown } = parseControls(value, EMBED_CONTROLS);
        mounted.setControls(controls);
        if (unknown.length > 0) app.showStatus(unknownControlsMessage(unknown), true);
      } else if (name === 'speed') {
        if (value !== null) {
          const speed = speedIn(value);
          if (speed === null) {
            app.showStatus(badSpeedMessage(value), true);
          } else {
            app.setSpeed(speed);
          }
        }
      } else if (name === 'autoplay') {
        if (booleanAttribute(value)) app.play();
        else app.pause();
      } else if (name === 'scenario') {
        if (value) api.loadScenario(value);
      } else if (EXTENSION_ATTRIBUTES.has(name)) {
        // Switched during the run, as the page's switches do (recorded, so a link replays it).
        api.setExtensions({ [EXTENSION_ATTRIBUTES.get(name)]: booleanAttribute(value) });
      } else if (name === 'servers' || name === 'seed') {
        // A bad new value is named and the run kept; a good one starts a new cluster with it
        // and the other attribute (when that one is bad, it was named at the start).
        const changed = parseElementOptions((n) => (n === name ? value : null));
        if (changed.problems.length > 0) {
          app.showStatus(changed.problems.join('; '), true);
          return;
        }
        api.reset(parseElementOptions((n) => this.getAttribute(n)).config);
      }
    } catch (error) {
      app.showStatus(error.message, true);
    }
  }

  /** The scripting API object (the same as window.playground on the main page), or null. */
  get playground() {
    return mounts.get(this)?.api ?? null;
  }
}

// Every API method, on the element: element.crash(1), element.shareLink(), ...
for (const name of API_METHODS) {
  Object.defineProperty(RaftPlaygroundElement.prototype, name, {
    configurable: true,
    writable: true,
    value(...args) {
      const mounted = mounts.get(this);
      if (!mounted) throw new Error(`<raft-playground> is not in the page yet: add it, then await element.ready`);
      return mounted.api[name](...args);
    },
  });
}

if (!customElements.get('raft-playground')) {
  customElements.define('raft-playground', RaftPlaygroundElement);
}
