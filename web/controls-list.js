// Which parts of the page are shown: every part that can be hidden carries `data-control="name"`
// in markup.js. The main page shows them all; embed mode (`?embed=1`) and the <raft-playground>
// element show a short list, and the element's `controls` attribute picks its own.

/** Every name a `controls` list may contain, in page order. */
export const CONTROL_NAMES = Object.freeze([
  'title',
  'play',
  'step',
  'speed',
  'request',
  'clock',
  'open',
  'share',
  'embed',
  'export',
  'import',
  'partition',
  'extensions',
  'timeline',
  'legend',
  'network',
  'break',
  'panel',
  'logs',
  'events',
]);

/** Minimal chrome for an iframe or a course page: the canvases, the clock controls, the timeline,
 * and a link that opens the run in the full playground. */
export const EMBED_CONTROLS = Object.freeze(['play', 'step', 'speed', 'request', 'open', 'timeline', 'logs']);

/** The main page's controls: all of them but the link to itself. */
export const PAGE_CONTROLS = Object.freeze(CONTROL_NAMES.filter((name) => name !== 'open'));

/** The parts whose absence turns the three-column layout into one column. */
const SIDE_PARTS = ['network', 'break', 'panel'];

/**
 * Parses a `controls` list such as "play, step,timeline" (commas and/or spaces; case does not
 * matter). "all" means every control, "none" or "" none. Returns `{ controls, unknown }`:
 * `controls` a Set of known names, `unknown` the names that are not controls (ignored).
 * `fallback` (a list of names) is used when `text` is null or undefined.
 */
export function parseControls(text, fallback = CONTROL_NAMES) {
  if (text === null || text === undefined) return { controls: new Set(fallback), unknown: [] };
  const words = String(text)
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((word) => word !== '');
  const controls = new Set();
  const unknown = [];
  for (const word of words) {
    if (word === 'all') for (const name of CONTROL_NAMES) controls.add(name);
    else if (word === 'none') continue;
    else if (CONTROL_NAMES.includes(word)) controls.add(word);
    else if (!unknown.includes(word)) unknown.push(word);
  }
  return { controls, unknown };
}

/** `"controls" has unknown names "foo", "bar"; known: title, play, ...` or '' when all known. */
export function unknownControlsMessage(unknown) {
  if (unknown.length === 0) return '';
  const names = unknown.map((name) => `"${name}"`).join(', ');
  return `"controls" has unknown ${unknown.length > 1 ? 'names' : 'name'} ${names}; known: ${CONTROL_NAMES.join(', ')}, all, none`;
}

/** True when the side panels are not all shown, so the layout stacks into one column. */
export function isCompact(controls) {
  return SIDE_PARTS.some((name) => !controls.has(name));
}

/**
 * Shows the parts of `container` named in `controls` and hides the rest (class `off`, so an
 * element's own `hidden` state is left alone).
 */
export function applyControls(container, controls) {
  for (const part of container.querySelectorAll('[data-control]')) {
    part.classList.toggle('off', !controls.has(part.dataset.control));
  }
  container.classList.toggle('compact', isCompact(controls));
}
