// The scripting API's status-line names for link changes.
import { describe, expect, it } from 'vitest';
import { linkName } from '../../web/api.js';

describe('linkName', () => {
  it('shows the direction of a one-way change and a dash for both ways', () => {
    expect(linkName(1, 7, { oneWay: true })).toBe('S1→S7');
    expect(linkName(1, 7, { oneWay: false })).toBe('S1–S7');
    expect(linkName(3, 2)).toBe('S3–S2');
  });
});
