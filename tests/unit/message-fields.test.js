import { describe, expect, it } from 'vitest';
import {
  conflictText,
  deliveredMessageId,
  droppedText,
  entriesText,
  messageFields,
  messageSummary,
  replyOutcome,
  messageTitle,
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

  it('says what a delivered reply changed at its receiver', () => {
    const vote = { type: 'RequestVoteReply', from: 2, to: 5, term: 3, success: true };
    const candidate = { id: 5, role: 'candidate', term: 3, crashed: false, votesReceived: [5, 2] };
    expect(replyOutcome(vote, candidate, 5)).toBe('S5 now has 2 of 3 votes');
    expect(replyOutcome(vote, { ...candidate, role: 'leader' }, 5)).toBe('S5 has a majority and leads term 3');
    expect(replyOutcome({ ...vote, success: false }, candidate, 5)).toBe('');
    // A late vote from an earlier term changes nothing.
    expect(replyOutcome(vote, { ...candidate, term: 4 }, 5)).toBe('');
    const ack = { type: 'AppendEntriesReply', from: 2, to: 5, term: 3, success: true, matchIndex: 7 };
    const leader = { id: 5, role: 'leader', term: 3, crashed: false, progress: [{ id: 2, nextIndex: 8, matchIndex: 7 }] };
    expect(replyOutcome(ack, leader, 5)).toBe('S5 now sends S2 entries from index 8, matchIndex 7');
    expect(replyOutcome(ack, { ...leader, role: 'follower', progress: [] }, 5)).toBe('');
    expect(replyOutcome(ack, { ...leader, crashed: true }, 5)).toBe('');
  });
});
