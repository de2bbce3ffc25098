import { describe, expect, it } from 'vitest';
import { formatTime } from '../../web/app.js';
import { describeEntry } from '../../web/log-tip.js';
import { currentLeader, requestStatus } from '../../web/panel.js';

describe('side panel helpers', () => {
  it('picks the live leader with the highest term', () => {
    const servers = [
      { id: 1, role: 'leader', crashed: false, term: 2 },
      { id: 2, role: 'leader', crashed: false, term: 3 },
      { id: 3, role: 'leader', crashed: true, term: 4 },
      { id: 4, role: 'follower', crashed: false, term: 5 },
    ];
    expect(currentLeader(servers).id).toBe(2);
    expect(currentLeader([{ id: 1, role: 'follower', crashed: false, term: 1 }])).toBeNull();
  });

  it('describes a request in one line', () => {
    expect(requestStatus({ status: 'awaiting commit', target: 3, attempts: 1 })).toBe(
      'awaiting commit at S3',
    );
    expect(requestStatus({ status: 'waiting for leader', target: null, attempts: 2 })).toBe(
      'waiting for leader (try 2)',
    );
  });

  it('formats virtual time', () => {
    expect(formatTime(12.34)).toBe('12.3 ms');
    expect(formatTime(12_345)).toBe('12.345 s');
  });

  it('describes a log cell for its tooltip', () => {
    const server = { id: 2, commitIndex: 4 };
    expect(describeEntry(server, { index: 4, term: 3, command: 'set x 1' })).toBe(
      'S2 · index 4 · term 3 · set x 1 · committed',
    );
    expect(describeEntry(server, { index: 5, term: 3, command: null })).toBe(
      'S2 · index 5 · term 3 · no-op (new leader) · not committed',
    );
  });
});
