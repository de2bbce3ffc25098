import { describe, expect, it } from 'vitest';
import {
  conflictText,
  deliveredMessageId,
  droppedText,
  entriesText,
  messageFields,
  messageSummary,
  deliveryOutcome,
  messageTitle,
  preVoteTermText,
  votesText,
} from '../../web/message-fields.js';

const appendEntries = {
  id: 41,
  from: 5,
  to: 1,
  type: 'AppendEntries',
  term: 2,
  entries: 3,
  success: null,
  sentMs: 100,
  deliverMs: 112.25,
  prevLogIndex: 4,
  prevLogTerm: 1,
  firstEntryIndex: 5,
  lastEntryIndex: 7,
  leaderCommit: 4,
};

describe('message fields', () => {
  it('lists an AppendEntries under the paper names', () => {
    expect(messageTitle(appendEntries)).toBe('AppendEntries #41');
    expect(Object.fromEntries(messageFields(appendEntries))).toEqual({
      type: 'AppendEntries',
      'from → to': 'S5 → S1',
      term: '2',
      prevLogIndex: '4',
      prevLogTerm: '1',
      entries: '3 (indexes 5–7)',
      leaderCommit: '4',
      'sent at': '100.0 ms',
      'arrives at': '112.3 ms',
    });
  });

  it('shows replies, hints, client messages and copies', () => {
    const rejected = {
      id: 2,
      from: 1,
      to: 5,
      type: 'AppendEntriesReply',
      term: 2,
      entries: 0,
      success: false,
      sentMs: 0,
      deliverMs: 1,
      matchIndex: 4,
      conflictTerm: 1,
      conflictIndex: 3,
      duplicateOf: 1,
    };
    const rows = Object.fromEntries(messageFields(rejected));
    expect(rows.success).toBe('no');
    expect(rows['for prevLogIndex']).toBe('4');
    expect(rows['conflict hint']).toBe('follower has term 1 starting at index 3');
    expect(rows['copy of']).toMatch(/^#1 /);
    expect(conflictText({ conflictIndex: 9 })).toBe("follower's log is too short: next index 9");

    const vote = { id: 3, from: 2, to: 1, type: 'RequestVoteReply', term: 3, entries: 0, success: true, sentMs: 0, deliverMs: 1 };
    expect(Object.fromEntries(messageFields(vote)).voteGranted).toBe('yes');

    const client = { id: 4, from: 0, to: 2, type: 'ClientRequest', term: 0, entries: 0, success: null, sentMs: 0, deliverMs: 1, request: 6, attempt: 2 };
    const clientRows = Object.fromEntries(messageFields(client));
    expect(clientRows['from → to']).toBe('client → S2');
    expect(clientRows.term).toBeUndefined();
    expect(clientRows.request).toBe('#6');
  });

  it('says why a message dropped as it was sent never arrives', () => {
    const base = { id: 4, type: 'AppendEntries', from: 2, to: 5, term: 3, sentMs: 10, deliverMs: 22.5 };
    expect(droppedText(base)).toBeNull();
    expect(droppedText({ ...base, reason: 'lost' })).toBe('Lost by the network as it was sent (loss rate): it never arrives.');
    expect(droppedText({ ...base, reason: 'linkCut' })).toBe('Sent over the cut link S2 → S5: it never arrives.');
    expect(droppedText({ ...base, reason: 'partitioned' })).toMatch(/^Sent across the partition: S2 and S5 cannot reach/);
    expect(droppedText({ ...base, reason: 'somethingNew' })).toMatch(/\(somethingNew\)/);
    const fields = new Map(messageFields({ ...base, reason: 'lost' }));
    expect(fields.get('would have arrived at')).toBe('22.5 ms');
    expect(fields.has('arrives at')).toBe(false);
  });

  it('counts entries readably', () => {
    expect(entriesText({ type: 'AppendEntries', entries: 0 })).toBe('none (heartbeat)');
    expect(entriesText({ type: 'AppendEntries', entries: 1, firstEntryIndex: 5, lastEntryIndex: 5 })).toBe('1 (index 5)');
  });

  it('summarises a delivered message for the status line after a step', () => {
    expect(messageSummary(appendEntries)).toBe(
      'term 2, prevLogIndex 4 (term 1), entries 3 (indexes 5–7), leaderCommit 4',
    );
    expect(deliveredMessageId('S1 receives AppendEntries #41 from S5')).toBe(41);
    expect(deliveredMessageId('S5 sends heartbeats (term 1)')).toBeNull();
    expect(deliveredMessageId('the client issues request #3')).toBeNull();
  });

  // Reference: Ongaro's thesis, section 9.6: a PreVote carries RequestVote's arguments for the
  // term the sender would campaign in, one above its own, which it has not raised yet.
  it('lists a PreVote like a RequestVote, for the term it asks about', () => {
    const preVote = {
      id: 7,
      from: 5,
      to: 2,
      type: 'PreVote',
      term: 4,
      entries: 0,
      success: null,
      sentMs: 10,
      deliverMs: 22,
      lastLogIndex: 6,
      lastLogTerm: 3,
    };
    expect(preVoteTermText(4)).toBe('asks for term 4 (its own is still 3)');
    expect(Object.fromEntries(messageFields(preVote))).toEqual({
      type: 'PreVote',
      'from → to': 'S5 → S2',
      term: 'asks for term 4 (its own is still 3)',
      lastLogIndex: '6',
      lastLogTerm: '3',
      'sent at': '10.0 ms',
      'arrives at': '22.0 ms',
    });
    expect(messageSummary(preVote)).toBe('asks for term 4, last log entry 6 (term 3)');

    const granted = { ...preVote, id: 8, from: 2, to: 5, type: 'PreVoteReply', success: true };
    const rows = Object.fromEntries(messageFields(granted));
    expect(rows.term).toBe('4');
    expect(rows.voteGranted).toBe('yes');
    expect(rows.lastLogIndex).toBeUndefined();
    expect(messageSummary(granted)).toBe('term 4, pre-vote granted');
    // A refusal carries the replier's own term.
    expect(messageSummary({ ...granted, term: 3, success: false })).toBe('term 3, pre-vote refused');
    expect(Object.fromEntries(messageFields({ ...granted, success: false })).voteGranted).toBe('no');
    expect(messageSummary({ ...granted, type: 'RequestVoteReply' })).toBe('term 4, vote granted');
  });

  // Reference: Ongaro's thesis, section 3.10: TimeoutNow carries only the leader's term; the
  // election it starts is marked, so that CheckQuorum's lease does not ignore it (as in etcd).
  it('lists a TimeoutNow and marks a RequestVote of a leadership transfer', () => {
    const timeoutNow = { id: 9, from: 1, to: 3, type: 'TimeoutNow', term: 2, entries: 0, success: null, sentMs: 5, deliverMs: 17 };
    expect(Object.fromEntries(messageFields(timeoutNow))).toEqual({
      type: 'TimeoutNow',
      'from → to': 'S1 → S3',
      term: '2',
      means: 'start an election now: the leader hands leadership over',
      'sent at': '5.0 ms',
      'arrives at': '17.0 ms',
    });
    expect(messageSummary(timeoutNow)).toBe('term 2, start an election now');
    const vote = { ...timeoutNow, id: 10, from: 3, to: 2, type: 'RequestVote', term: 3, lastLogIndex: 6, lastLogTerm: 2 };
    expect(Object.fromEntries(messageFields(vote))['leadership transfer']).toBeUndefined();
    const transferVote = { ...vote, leadershipTransfer: true };
    expect(Object.fromEntries(messageFields(transferVote))['leadership transfer']).toBe(
      'yes: its leader sent it a TimeoutNow',
    );
    expect(messageSummary(transferVote)).toBe('term 3, last log entry 6 (term 2), leadership transfer');
    // Step's outcome of delivering it: the receiver campaigns in the next term at once.
    const campaigning = { id: 3, role: 'candidate', term: 3, votesReceived: [3] };
    expect(deliveryOutcome(timeoutNow, campaigning, 5)).toBe('S3 starts an election for term 3 at once');
    expect(deliveryOutcome(timeoutNow, { ...campaigning, role: 'follower', term: 2 }, 5)).toBe('');
    expect(deliveryOutcome({ ...timeoutNow, term: 1 }, campaigning, 5)).toBe('');
  });

  it('counts votes and pre-votes against the same majority', () => {
    expect(votesText(2, 5)).toBe('2 of 3 votes');
    expect(votesText(2, 5, 'pre-votes')).toBe('2 of 3 pre-votes');
    expect(votesText(1, 3, 'pre-votes')).toBe('1 of 2 pre-votes');
    expect(votesText(4, 9, 'pre-votes')).toBe('4 of 5 pre-votes');
  });

  it('says what a delivered pre-vote changed at its pre-candidate', () => {
    // S5 is still in term 3 and asks about term 4.
    const preVote = { type: 'PreVoteReply', from: 2, to: 5, term: 4, success: true };
    const asking = { id: 5, role: 'precandidate', term: 3, crashed: false, votesReceived: [5, 2] };
    expect(deliveryOutcome(preVote, asking, 5)).toBe('S5 now has 2 of 3 pre-votes');
    expect(deliveryOutcome(preVote, { ...asking, votesReceived: [5, 2, 4] }, 9)).toBe('S5 now has 3 of 5 pre-votes');
    // The majority of pre-votes: S5 raises its term and asks for real votes.
    const campaigning = { ...asking, role: 'candidate', term: 4, votesReceived: [5] };
    expect(deliveryOutcome(preVote, campaigning, 3)).toBe('S5 has a majority of pre-votes and starts an election for term 4');
    expect(deliveryOutcome(preVote, campaigning, 5, asking)).toBe('S5 has a majority of pre-votes and starts an election for term 4');
    // A pre-vote that arrives after the majority's: S5 was a candidate already.
    expect(deliveryOutcome(preVote, campaigning, 5, campaigning)).toBe('');
    expect(deliveryOutcome({ ...preVote, term: 3, success: false }, asking, 5)).toBe('');
    // A late pre-vote, for a term the receiver has left behind, changes nothing.
    expect(deliveryOutcome(preVote, { ...asking, term: 4 }, 5)).toBe('');
    expect(deliveryOutcome(preVote, { ...asking, role: 'follower' }, 5)).toBe('');
    expect(deliveryOutcome(preVote, { ...campaigning, term: 5 }, 5)).toBe('');
    expect(deliveryOutcome(preVote, { ...asking, crashed: true }, 5)).toBe('');
  });

  it('says what a delivered reply changed at its receiver', () => {
    const vote = { type: 'RequestVoteReply', from: 2, to: 5, term: 3, success: true };
    const candidate = { id: 5, role: 'candidate', term: 3, crashed: false, votesReceived: [5, 2] };
    expect(deliveryOutcome(vote, candidate, 5)).toBe('S5 now has 2 of 3 votes');
    const leading = { ...candidate, role: 'leader' };
    expect(deliveryOutcome(vote, leading, 5, candidate)).toBe('S5 has a majority and leads term 3');
    // A late vote to a server that already led before it arrived changes nothing.
    expect(deliveryOutcome(vote, leading, 5, leading)).toBe('');
    expect(deliveryOutcome({ ...vote, success: false }, candidate, 5)).toBe('');
    // A late vote from an earlier term changes nothing.
    expect(deliveryOutcome(vote, { ...candidate, term: 4 }, 5)).toBe('');
    const ack = { type: 'AppendEntriesReply', from: 2, to: 5, term: 3, success: true, matchIndex: 7 };
    const leader = { id: 5, role: 'leader', term: 3, crashed: false, progress: [{ id: 2, nextIndex: 8, matchIndex: 7 }] };
    expect(deliveryOutcome(ack, leader, 5)).toBe('S5 now sends S2 entries from index 8, matchIndex 7');
    expect(deliveryOutcome(ack, { ...leader, role: 'follower', progress: [] }, 5)).toBe('');
    expect(deliveryOutcome(ack, { ...leader, crashed: true }, 5)).toBe('');
  });
});
