import { describe, expect, it } from 'vitest';
import { voteLine } from '../../web/ring.js';

describe('the second line under a server', () => {
  it('names the vote, or a candidate\'s tally against the majority it needs', () => {
    expect(voteLine({ role: 'follower', votedFor: null }, 5)).toBe('no vote');
    expect(voteLine({ role: 'follower', votedFor: 3, votesReceived: [] }, 5)).toBe('voted S3');
    expect(voteLine({ role: 'candidate', votedFor: 2, votesReceived: [2] }, 5)).toBe('1 of 3 votes');
    expect(voteLine({ role: 'candidate', votedFor: 2, votesReceived: [2, 4] }, 4)).toBe('2 of 3 votes');
    expect(voteLine({ role: 'candidate', votedFor: 2, votesReceived: [2, 4] }, 9)).toBe('2 of 5 votes');
    // A crashed server shows what it persisted: its vote.
    expect(voteLine({ role: 'candidate', crashed: true, votedFor: 2, votesReceived: [] }, 5)).toBe('voted S2');
  });
});
