// How an error message names a value a script passed: text in quotes with its type, so "got
// "0.5" (text)" does not read like a good number; everything else as JavaScript prints it.

/** `"0.5" (text)`, `NaN`, `undefined`, `[1,2]`, `an object`. */
export function describeValue(value) {
  if (typeof value === 'string') return `${JSON.stringify(value)} (text)`;
  if (Array.isArray(value)) return JSON.stringify(value) ?? 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}
