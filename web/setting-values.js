// The settings a person types as text — in the page's address or a <raft-playground>
// element's attributes — and what each allows. Callers word their own messages. A typed value
// out of range is refused and named, never clamped: the person meant something else.

import { SPEED_MAX, SPEED_MIN } from './speed.js';

export { SPEED_MAX, SPEED_MIN };

/** Server counts the playground allows. */
export const SERVERS_MIN = 1;
export const SERVERS_MAX = 9;

/** Seeds that survive a JavaScript number exactly. */
export const SEED_MIN = 0;
export const SEED_MAX = Number.MAX_SAFE_INTEGER;

/** The whole number `text` says, if it is one from `low` to `high`; otherwise null. */
export function wholeNumberIn(text, low, high) {
  const value = Number(text);
  return text.trim() !== '' && Number.isInteger(value) && value >= low && value <= high ? value : null;
}

/** The speed (a fraction of real time) `text` says, if it is one from SPEED_MIN to SPEED_MAX; otherwise null. */
export function speedIn(text) {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) && value >= SPEED_MIN && value <= SPEED_MAX ? value : null;
}
