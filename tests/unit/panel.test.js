import { describe, expect, it } from 'vitest';
import { formatTime } from '../../web/app.js';
import { committedThrough, isCommitted } from '../../web/commitment.js';
import { describeEntry } from '../../web/log-tip.js';
import { currentLeader, kvTitle, requestStatus, sendingText } from '../../web/panel.js';

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

  it('titles the store with its leader and its size', () => {
    expect(kvTitle({ id: 2, term: 3 }, 14)).toBe('Key-value store of leader S2 (term 3): 14 keys');
    expect(kvTitle({ id: 1, term: 1 }, 1)).toBe('Key-value store of leader S1 (term 1): 1 key');
    expect(kvTitle(null, 0)).toBe('Key-value store (no leader right now)');
  });

  it('describes a request in one line', () => {
    expect(requestStatus({ status: 'awaiting commit', target: 3, attempts: 1 })).toBe(
      'awaiting commit at S3',
    );
    expect(requestStatus({ status: 'waiting for leader', target: null, attempts: 2 })).toBe(
      'waiting for leader (try 2)',
    );
  });

  it('says how the leader sends to a follower', () => {
    expect(sendingText({ mode: 'probe', inflight: 0 })).toBe('probing');
    expect(sendingText({ mode: 'replicate', inflight: 0 })).toBe('streaming');
    expect(sendingText({ mode: 'replicate', inflight: 3 })).toBe('3 in flight');
  });

  it('formats virtual time', () => {
    expect(formatTime(12.34)).toBe('12.3 ms');
    expect(formatTime(12_345)).toBe('12.345 s');
  });

  it('describes a log cell for its tooltip', () => {
    const server = { id: 2, crashed: false, commitIndex: 4 };
    expect(describeEntry(server, { index: 4, term: 3, command: 'set x 1' }, [server])).toBe(
      'S2 · index 4 · term 3 · set x 1 · committed',
    );
    expect(describeEntry(server, { index: 5, term: 3, command: null }, [server])).toBe(
      'S2 · index 5 · term 3 · no-op (new leader) · not committed',
    );
  });

  it('names an entry\'s request, and says where the log holds it twice', () => {
    const log = [
      { index: 1, term: 1, command: null },
      { index: 2, term: 1, command: 'append k ,a', request: 1 },
      { index: 3, term: 3, command: null },
      { index: 4, term: 3, command: 'append k ,a', request: 1 },
      { index: 5, term: 3, command: 'set x 1', request: 2 },
    ];
    const server = { id: 3, crashed: false, commitIndex: 5, log };
    const tip = (index) => describeEntry(server, log[index - 1], [server]);
    expect(tip(2)).toBe('S3 · index 2 · term 1 · append k ,a · request #1 (again at index 4) · committed');
    expect(tip(4)).toBe(
      'S3 · index 4 · term 3 · append k ,a · request #1 again (first at index 2): changes nothing · committed',
    );
    expect(tip(5)).toBe('S3 · index 5 · term 3 · set x 1 · request #2 · committed');
    expect(tip(3)).toBe('S3 · index 3 · term 3 · no-op (new leader) · committed');
  });

  it('judges a crashed server\'s entries by what the running servers committed', () => {
    const log = (terms) => terms.map((term, i) => ({ index: 11 + i, term, command: 'set x 1' }));
    const crashed = { id: 5, crashed: true, commitIndex: 0, log: log([2, 2, 3, 3]) };
    const running = { id: 1, crashed: false, commitIndex: 12, log: log([2, 2, 4]) };
    const down = { id: 2, crashed: true, commitIndex: 0, log: log([2, 2, 3, 3]) };
    const servers = [running, down, crashed];
    const lost = '(S5 lost its commit index when it crashed)';
    expect(isCommitted(servers, crashed, crashed.log[1])).toBe(true);
    expect(describeEntry(crashed, crashed.log[1], servers)).toBe(
      `S5 · index 12 · term 2 · set x 1 · committed on the running servers ${lost}`,
    );
    // Index 13: uncommitted everywhere, and of another term than the running server's.
    expect(isCommitted(servers, crashed, crashed.log[2])).toBe(false);
    expect(describeEntry(crashed, crashed.log[2], servers)).toBe(
      `S5 · index 13 · term 3 · set x 1 · not committed on the running servers ${lost}`,
    );
    // Another crashed server's commit index counts for nothing; an index past a log, neither.
    expect(isCommitted([down, crashed], crashed, crashed.log[0])).toBe(false);
    expect(isCommitted([{ ...running, commitIndex: 14 }], crashed, crashed.log[3])).toBe(false);
    // The index the grid draws as committed: a running server's own, a crashed one's derived.
    expect(committedThrough(servers, running)).toBe(12);
    expect(committedThrough(servers, crashed)).toBe(12);
    expect(committedThrough([down, crashed], crashed)).toBe(0);
  });
});
