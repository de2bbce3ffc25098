// The scripting API's status-line texts for network changes.
import { describe, expect, it } from 'vitest';
import { linkName, partitionStatus } from '../../web/api.js';

describe('linkName', () => {
  it('shows the direction of a one-way change and a dash for both ways', () => {
    expect(linkName(1, 7, { oneWay: true })).toBe('S1→S7');
    expect(linkName(1, 7, { oneWay: false })).toBe('S1–S7');
    expect(linkName(3, 2)).toBe('S3–S2');
  });
});

describe('partitionStatus', () => {
  const view = { servers: [1, 2, 3, 4, 5].map((id) => ({ id })) };
  it('names every group, the unlisted servers as the last', () => {
    expect(partitionStatus([[1, 2]], view)).toBe('partitioned the network: A: S1 S2 · B: S3 S4 S5');
    expect(partitionStatus([[1], [2, 3], [4, 5]], view)).toBe('partitioned the network: A: S1 · B: S2 S3 · C: S4 S5');
  });
  it('says when the groups make no partition', () => {
    expect(partitionStatus([], view)).toBe('one group only: no partition');
    expect(partitionStatus([[1, 2, 3, 4, 5]], view)).toBe('one group only: no partition');
    expect(partitionStatus([[], [1, 2, 3, 4, 5]], view)).toBe('one group only: no partition');
  });
});
