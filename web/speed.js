// The speed control's log scale: a slider position maps to a fraction of real time between
// 1/1000× and 1×, evenly in log space, so each step of the slider multiplies the speed.

import { describeValue } from './describe-value.js';

export const SPEED_MIN = 1 / 1000;
export const SPEED_MAX = 1;
export const SPEED_DEFAULT = 1 / 50;
/** The slider runs over 0..SLIDER_STEPS (integers). */
export const SLIDER_STEPS = 300;

const LOG_MIN = Math.log10(SPEED_MIN);
const LOG_MAX = Math.log10(SPEED_MAX);

/** Clamps a speed into [SPEED_MIN, SPEED_MAX]; rejects what is not a positive number. */
export function clampSpeed(speed) {
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed <= 0) {
    throw new Error(`speed must be a positive number (a fraction of real time), got ${describeValue(speed)}`);
  }
  return Math.min(SPEED_MAX, Math.max(SPEED_MIN, speed));
}

/** Speed (fraction of real time) at slider position `position` in 0..SLIDER_STEPS. */
export function speedFromSlider(position) {
  const clamped = Math.min(SLIDER_STEPS, Math.max(0, Number(position)));
  return 10 ** (LOG_MIN + ((LOG_MAX - LOG_MIN) * clamped) / SLIDER_STEPS);
}

/** Nearest slider position of `speed`. */
export function sliderFromSpeed(speed) {
  const log = Math.log10(clampSpeed(speed));
  return Math.round(((log - LOG_MIN) / (LOG_MAX - LOG_MIN)) * SLIDER_STEPS);
}

/** A short label such as "1/50×" or "1×": the fraction of real time, rounded readably. */
export function speedLabel(speed) {
  const s = clampSpeed(speed);
  if (s >= 0.995) return '1×';
  const denominator = roundReadably(1 / s);
  // Just under real time the fraction would read "1/1×": show the decimal instead.
  return denominator === '1' ? `${s.toFixed(2)}×` : `1/${denominator}×`;
}

/** Rounds to two significant digits (1/47 stays 47, 1/123 becomes 120). */
function roundReadably(x) {
  if (x < 10) return String(Math.round(x * 10) / 10);
  const magnitude = 10 ** (Math.floor(Math.log10(x)) - 1);
  return String(Math.round(x / magnitude) * magnitude);
}
