// Share links, embed URLs and the address's settings, on the JavaScript side. The scenario's
// payload (compressed, base64url) is made and read in Rust (`sharePayload`, `fromScenario`);
// this module only places it in a URL and builds the <iframe> snippet. Text from a link is
// never interpreted as HTML: the snippet escapes every attribute value.

import {
  SEED_MAX,
  SEED_MIN,
  SERVERS_MAX,
  SERVERS_MIN,
  SPEED_MAX,
  SPEED_MIN,
  speedIn,
  wholeNumberIn,
} from './setting-values.js';

/** Most actions a scenario (a link or a file) holds; the simulator refuses more. */
export const SCENARIO_MAX_ACTIONS = 10_000;

/** Default size of the embed snippet's <iframe>, in CSS pixels (fits the embed mode's layout). */
export const EMBED_SIZE = Object.freeze({ width: 820, height: 720 });

/** The page's address without query and fragment: "https://host/path/index.html". */
export function pageBase(pageUrl) {
  const url = new URL(pageUrl);
  return `${url.origin}${url.pathname}`;
}

/** The share link: the page's address with the scenario in the fragment, `...#s=PAYLOAD`. */
export function shareUrl(pageUrl, payload) {
  return `${pageBase(pageUrl)}#s=${payload}`;
}

/** The embed address: `...?embed=1#s=PAYLOAD`. */
export function embedUrl(pageUrl, payload) {
  return `${pageBase(pageUrl)}?embed=1#s=${payload}`;
}

/** `text` safe inside a double-quoted HTML attribute. */
export function escapeAttribute(text) {
  return String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/** A ready `<iframe>` snippet showing `url` (an embed URL). */
export function embedCode(url, { width = EMBED_SIZE.width, height = EMBED_SIZE.height } = {}) {
  return (
    `<iframe src="${escapeAttribute(url)}" width="${Number(width)}" height="${Number(height)}" ` +
    `title="Raft Playground" style="border: 1px solid #d5dae1; border-radius: 8px" ` +
    `loading="lazy" allow="clipboard-write"></iframe>`
  );
}

/**
 * The scenario carried by an address's fragment (`#s=...`), as the text to hand to
 * `Playground.fromScenario` (the whole fragment: Rust reads it), or null when there is none.
 */
export function scenarioFromHash(hash) {
  if (typeof hash !== 'string') return null;
  const fragment = hash.startsWith('#') ? hash : `#${hash}`;
  return fragment.startsWith('#s=') ? fragment : null;
}

/** True when the address asks for embed mode (`?embed=1` or `?embed=true`). */
export function isEmbedMode(search) {
  const value = new URLSearchParams(search).get('embed');
  return value === '1' || value === 'true' || value === '';
}

/** The parameters the page's address understands. */
const ADDRESS_SETTINGS = ['servers', 'seed', 'speed', 'paused', 'checkQuorum', 'preVote', 'embed'];

/** True when `typed` (in any letter case) is `name` with one letter added, left out or changed. */
function nearMiss(typed, name) {
  const a = typed.toLowerCase();
  if (Math.abs(a.length - name.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === name[i]) i += 1;
  const rest = (x, skip) => x.slice(i + skip);
  return (
    rest(a, 1) === rest(name, 1) || // changed
    rest(a, 1) === rest(name, 0) || // added
    rest(a, 0) === rest(name, 1) // left out
  );
}

/**
 * The page's settings from its address (`?servers=9&seed=3&speed=0.1&paused=1&preVote=1`).
 * A bad parameter is left out and described in `problems`; the others still apply.
 */
export function settingsFromSearch(search) {
  const params = new URLSearchParams(search);
  const config = {};
  const problems = [];
  const given = (key) => `"${key}" in the address`;
  for (const [key, low, high] of [
    ['servers', SERVERS_MIN, SERVERS_MAX],
    ['seed', SEED_MIN, SEED_MAX],
  ]) {
    if (!params.has(key)) continue;
    const text = params.get(key);
    const value = wholeNumberIn(text, low, high);
    if (value === null) {
      problems.push(`${given(key)} must be a whole number from ${low} to ${high}, got "${text}"`);
    } else {
      config[key] = value;
    }
  }
  let speed = null;
  if (params.has('speed')) {
    const text = params.get('speed');
    speed = speedIn(text);
    if (speed === null) {
      problems.push(`${given('speed')} must be a fraction of real time from ${SPEED_MIN} to ${SPEED_MAX}, got "${text}"`);
    }
  }
  const flag = (key) => {
    const text = params.get(key);
    if (text === '1' || text === '0') return text === '1';
    problems.push(`${given(key)} must be 1 or 0, got "${text}"`);
    return null;
  };
  const paused = params.has('paused') && flag('paused') === true;
  for (const key of ['checkQuorum', 'preVote']) {
    const on = params.has(key) ? flag(key) : null;
    if (on !== null) config.extensions = { ...config.extensions, [key]: on };
  }
  for (const key of new Set(params.keys())) {
    if (ADDRESS_SETTINGS.includes(key)) {
      if (params.getAll(key).length > 1) problems.push(`${given(key)} is given more than once; the first is used`);
      continue;
    }
    // Other parameters may belong to whoever links here; only a near miss is a typo.
    const sameLetters = ADDRESS_SETTINGS.filter((name) => name === key.toLowerCase());
    const near = sameLetters.length > 0 ? sameLetters : ADDRESS_SETTINGS.filter((name) => nearMiss(key, name));
    const meant = near.map((name) => `"${name}"`);
    if (meant.length > 0) problems.push(`"${key}" in the address is not a setting: did you mean ${meant.join(' or ')}?`);
  }
  return { config, speed, paused, problems };
}

/** "raft-scenario-seed7-1234ms.json" for a scenario object. */
export function scenarioFileName(scenario) {
  const seed = Number.isInteger(scenario?.seed) ? `-seed${scenario.seed}` : '';
  const end = Number.isFinite(scenario?.endMs) ? `-${Math.round(scenario.endMs)}ms` : '';
  return `raft-scenario${seed}${end}.json`;
}

/** "1234 ms" or "1234.5 ms" (one decimal only when there is one). */
export function msText(ms) {
  const rounded = Math.round(ms * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)} ms`;
}

/** "History forked at 1234 ms: 3 later actions discarded." for `takeForkNotice()`'s value. */
export function forkNoticeText(notice) {
  const count = notice.discardedActions;
  const actions = count === 1 ? 'later action' : 'later actions';
  return `History forked at ${msText(notice.atMs)}: ${count} ${actions} discarded.`;
}
