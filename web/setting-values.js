// The cluster settings a person types as text — in the page's address or a <raft-playground>
// element's attributes — and what each allows. Callers word their own messages.

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
