import { describe, expect, it } from 'vitest';
import { roleLine, voteLine } from '../../web/ring.js';

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

  // Reference: Ongaro's thesis, section 9.6 (PreVote): a pre-candidate counts pre-votes against
  // the same majority a candidate needs, before it raises its term.
  it('counts a pre-candidate\'s pre-votes against the majority at 3, 5 and 9 servers', () => {
    const asking = { role: 'precandidate', term: 3, votedFor: 1, votesReceived: [2, 4] };
    expect(voteLine(asking, 3)).toBe('2 of 2 pre-votes');
    expect(voteLine(asking, 5)).toBe('2 of 3 pre-votes');
    expect(voteLine(asking, 9)).toBe('2 of 5 pre-votes');
    expect(voteLine({ ...asking, votesReceived: [2] }, 5)).toBe('1 of 3 pre-votes');
    expect(voteLine({ ...asking, crashed: true }, 5)).toBe('voted S1');
  });
});

describe('the second line under a leader handing leadership over', () => {
  it('names the server it hands leadership to', () => {
    const leader = { role: 'leader', term: 2, votedFor: 1, votesReceived: [] };
    expect(voteLine(leader, 5)).toBe('voted S1');
    expect(voteLine({ ...leader, transferringTo: 4 }, 5)).toBe('handing over to S4');
  });
});

describe('the first line under a server', () => {
  it('names the role and the term', () => {
    expect(roleLine({ role: 'precandidate', term: 3 })).toBe('pre-candidate · T3');
    expect(roleLine({ role: 'candidate', term: 3 })).toBe('candidate · T3');
    expect(roleLine({ role: 'leader', term: 12 })).toBe('leader · T12');
    expect(roleLine({ role: 'precandidate', term: 3, crashed: true })).toBe('crashed · T3');
    // Where servers sit close together.
    expect(roleLine({ role: 'precandidate', term: 3 }, 'short')).toBe('pre-cand. · T3');
    expect(roleLine({ role: 'candidate', term: 3 }, 'short')).toBe('candidate · T3');
  });
});
