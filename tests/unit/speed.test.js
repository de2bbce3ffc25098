import { describe, expect, it } from 'vitest';
import {
  SLIDER_STEPS,
  SPEED_DEFAULT,
  clampSpeed,
  sliderFromSpeed,
  speedFromSlider,
  speedLabel,
} from '../../web/speed.js';

describe('speed scale', () => {
  it('spans 1/1000× to 1× evenly in log space', () => {
    expect(speedFromSlider(0)).toBeCloseTo(0.001, 10);
    expect(speedFromSlider(SLIDER_STEPS)).toBeCloseTo(1, 10);
    expect(speedFromSlider(SLIDER_STEPS / 3)).toBeCloseTo(0.01, 10);
    expect(speedFromSlider((2 * SLIDER_STEPS) / 3)).toBeCloseTo(0.1, 10);
  });

  it('clamps slider positions outside the range', () => {
    expect(speedFromSlider(-50)).toBeCloseTo(0.001, 10);
    expect(speedFromSlider(SLIDER_STEPS + 50)).toBeCloseTo(1, 10);
  });

  it('round-trips every slider position', () => {
    for (let position = 0; position <= SLIDER_STEPS; position += 1) {
      expect(sliderFromSpeed(speedFromSlider(position))).toBe(position);
    }
  });

  it('is monotonic', () => {
    for (let position = 1; position <= SLIDER_STEPS; position += 1) {
      expect(speedFromSlider(position)).toBeGreaterThan(speedFromSlider(position - 1));
    }
  });

  it('labels speeds as fractions of real time', () => {
    expect(speedLabel(1)).toBe('1×');
    expect(speedLabel(1 / 50)).toBe('1/50×');
    expect(speedLabel(1 / 1000)).toBe('1/1000×');
    expect(speedLabel(1 / 123)).toBe('1/120×');
    expect(speedLabel(1 / 2.5)).toBe('1/2.5×');
    expect(speedLabel(0.977)).toBe('0.98×');
    expect(speedLabel(0.9)).toBe('1/1.1×');
    expect(speedLabel(SPEED_DEFAULT)).toBe('1/50×');
  });

  it('clamps speeds to the range and rejects nonsense', () => {
    expect(clampSpeed(5)).toBe(1);
    expect(clampSpeed(1e-9)).toBe(0.001);
    expect(() => clampSpeed(0)).toThrow(/positive number/);
    expect(() => clampSpeed(-1)).toThrow(/positive number/);
    expect(() => clampSpeed(Number.NaN)).toThrow(/positive number/);
    expect(() => clampSpeed('fast')).toThrow(/positive number/);
  });
});
