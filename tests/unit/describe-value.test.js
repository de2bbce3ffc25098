import { describe, expect, it } from 'vitest';
import { describeValue } from '../../web/describe-value.js';

describe('describeValue', () => {
  it('quotes text and says it is text, so a number in quotes does not look like a number', () => {
    expect(describeValue('0.5')).toBe('"0.5" (text)');
    expect(describeValue('')).toBe('"" (text)');
  });

  it('prints numbers, arrays and the rest as JavaScript does', () => {
    expect(describeValue(NaN)).toBe('NaN');
    expect(describeValue(-Infinity)).toBe('-Infinity');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1, 2])).toBe('[1,2]');
    expect(describeValue({ a: 1 })).toBe('an object');
  });
});
