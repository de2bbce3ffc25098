// The <raft-playground> element's attributes, read into mount options. Pure, so it is tested
// without a browser: `get(name)` returns an attribute's value or null.

import { EMBED_CONTROLS, parseControls, unknownControlsMessage } from './controls-list.js';
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

/** The attributes the element reads. */
export const ELEMENT_ATTRIBUTES = Object.freeze([
  'scenario',
  'servers',
  'seed',
  'check-quorum',
  'pre-vote',
  'autoplay',
  'speed',
  'controls',
]);

/** The boolean attributes that switch Raft extensions on, with their keys in `extensions`. */
export const EXTENSION_ATTRIBUTES = new Map([
  ['check-quorum', 'checkQuorum'],
  ['pre-vote', 'preVote'],
]);

/** A boolean attribute: present means true, except the values "false", "0", "no" and "off". */
export function booleanAttribute(value) {
  if (value === null || value === undefined) return false;
  return !['false', '0', 'no', 'off'].includes(String(value).trim().toLowerCase());
}

/** What the element says about a "speed" attribute it cannot use. */
export function badSpeedMessage(text) {
  return `"speed" must be a fraction of real time from ${SPEED_MIN} to ${SPEED_MAX}, got "${text}"`;
}

/**
 * Reads the attributes into `{ scenario, config, autoplay, speed, controls, problems }`:
 * `scenario` the text to open (or null), `config` `{ servers, seed, extensions }` as given
 * (`extensions` only when a `check-quorum` or `pre-vote` attribute is present), `controls` a
 * Set of control names, `problems` one message per attribute that could not be used (the
 * element then uses the default and shows the message).
 */
export function parseElementOptions(get) {
  const problems = [];
  const config = {};

  const scenarioValue = get('scenario');
  const scenario = scenarioValue !== null && scenarioValue.trim() !== '' ? scenarioValue.trim() : null;

  const servers = get('servers');
  if (servers !== null) {
    const n = wholeNumberIn(servers, SERVERS_MIN, SERVERS_MAX);
    if (n === null) {
      problems.push(`"servers" must be a whole number from ${SERVERS_MIN} to ${SERVERS_MAX}, got "${servers}"`);
    } else {
      config.servers = n;
    }
  }

  const seed = get('seed');
  if (seed !== null) {
    const n = wholeNumberIn(seed, SEED_MIN, SEED_MAX);
    if (n === null) {
      problems.push(`"seed" must be a whole number, got "${seed}"`);
    } else {
      config.seed = n;
    }
  }

  for (const [attribute, key] of EXTENSION_ATTRIBUTES) {
    const value = get(attribute);
    if (value !== null) config.extensions = { ...config.extensions, [key]: booleanAttribute(value) };
  }

  let speed = null;
  const speedValue = get('speed');
  if (speedValue !== null) {
    speed = speedIn(speedValue);
    if (speed === null) problems.push(badSpeedMessage(speedValue));
  }

  const { controls, unknown } = parseControls(get('controls'), EMBED_CONTROLS);
  if (unknown.length > 0) problems.push(unknownControlsMessage(unknown));

  return { scenario, config, autoplay: booleanAttribute(get('autoplay')), speed, controls, problems };
}
