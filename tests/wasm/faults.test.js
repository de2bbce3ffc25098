// Network faults through the wasm package: partition, heal, cut/repair, setNetwork, drop, and
// errors thrown as Errors with the simulator's messages.
import { describe, expect, it } from 'vitest';
import { Playground } from './load.js';

function leaderOf(pg) {
  return pg.state().servers.find((s) => s.role === 'leader' && !s.crashed) ?? null;
}

function electLeader(pg, maxMs = 3000) {
  for (let t = 0; t < maxMs; t += 50) {
    pg.advance(50);
    const leader = leaderOf(pg);
    if (leader) return leader;
  }
  throw new Error(`no leader within ${maxMs} ms`);
}

describe('network faults in wasm', () => {
  it('partitions, shows the groups, and heals', () => {
    const pg = new Playground({ seed: 4 });
    const leader = electLeader(pg);
    const others = [1, 2, 3, 4, 5].filter((id) => id !== leader.id);
    pg.partition([[leader.id, others[0]]]);
    expect(pg.state().partition).toEqual([
      [leader.id, others[0]].sort((a, b) => a - b),
      others.slice(1),
    ]);
    expect(pg.view(10).partition).toEqual(pg.state().partition);
    pg.advance(2000);
    const majorityLeader = leaderOf(pg);
    expect(majorityLeader.id).not.toBe(leader.id);
    expect(majorityLeader.term).toBeGreaterThan(leader.term);
    pg.heal();
    expect(pg.state().partition).toEqual([]);
    pg.advance(1000);
    const after = pg.state().servers;
    expect(after[leader.id - 1].role).toBe('follower');
    expect(after[leader.id - 1].term).toBe(majorityLeader.term);
  });

  it('cuts links one way or both, and repairs them', () => {
    const pg = new Playground({ seed: 5 });
    pg.cut(1, 2);
    expect(pg.state().cutLinks).toEqual([[1, 2], [2, 1]]);
    pg.repair(2, 1, { oneWay: true });
    expect(pg.state().cutLinks).toEqual([[1, 2]]);
    pg.cut(3, 4, { oneWay: true });
    expect(pg.view(5).cutLinks).toEqual([[1, 2], [3, 4]]);
    pg.heal();
    expect(pg.state().cutLinks).toEqual([]);
  });

  it('setNetwork changes only the settings given and returns them all', () => {
    const pg = new Playground();
    expect(pg.network()).toEqual({
      lossRate: 0,
      duplicateRate: 0,
      longDelayRate: 0,
      longDelayMsMax: 1000,
      latencyMs: [10, 15],
    });
    const settings = pg.setNetwork({ lossRate: 0.25, latencyMs: [5, 40] });
    expect(settings).toMatchObject({ lossRate: 0.25, duplicateRate: 0, latencyMs: [5, 40] });
    pg.setNetwork({ duplicateRate: 0.5 });
    expect(pg.state().network).toMatchObject({ lossRate: 0.25, duplicateRate: 0.5 });
  });

  it('loses every message between servers with lossRate 1', () => {
    const pg = new Playground({ seed: 6 });
    pg.setNetwork({ lossRate: 1 });
    pg.advance(2000);
    expect(leaderOf(pg)).toBeNull();
    expect(pg.state().messages.filter((m) => m.from !== 0 && m.to !== 0)).toEqual([]);
  });

  it('drops one message in flight and shows message fields', () => {
    const pg = new Playground({ seed: 7 });
    electLeader(pg);
    pg.advance(200);
    pg.request('set x 1');
    let append = null;
    for (let i = 0; i < 200 && !append; i += 1) {
      pg.step();
      append = pg.state().messages.find((m) => m.type === 'AppendEntries' && m.entries > 0);
    }
    expect(append).toMatchObject({
      prevLogIndex: expect.any(Number),
      prevLogTerm: expect.any(Number),
      leaderCommit: expect.any(Number),
      firstEntryIndex: append.prevLogIndex + 1,
      lastEntryIndex: append.prevLogIndex + append.entries,
    });
    pg.drop(append.id);
    expect(pg.state().messages.map((m) => m.id)).not.toContain(append.id);
    expect(() => pg.drop(append.id)).toThrow(`sim: message #${append.id} is not in flight`);
  });

  it('refuses bad input with the simulator message, and keeps working', () => {
    const pg = new Playground();
    expect(() => pg.partition([[1, 9]])).toThrow('sim: there is no server S9');
    expect(() => pg.partition([[1, 2], [2]])).toThrow(/S2 is listed twice/);
    expect(() => pg.partition('1,2')).toThrow(/list of groups of server ids/);
    expect(() => pg.cut(1, 1)).toThrow('sim: S1 has no link to itself');
    expect(() => pg.cut(0, 1)).toThrow(/client's links cannot be cut/);
    expect(() => pg.cut(1, 2, { oneway: true })).toThrow(/unknown option `oneway`/);
    expect(() => pg.cut(1, 2, 'yes')).toThrow(/options are an object/);
    expect(() => pg.setNetwork({ lossRate: 2 })).toThrow(/lossRate must be between 0 and 1, got 2/);
    expect(() => pg.setNetwork({ latencyMs: [20, 10] })).toThrow(/minimum must not exceed/);
    expect(() => pg.setNetwork({ latencyMs: [1, 20000] })).toThrow(/at most 10000 ms/);
    expect(() => pg.setNetwork({ lossrate: 0.1 })).toThrow(/unknown setting `lossrate`/);
    expect(() => pg.setNetwork({ latencyMs: 5 })).toThrow(/invalid configuration/);
    expect(() => pg.setNetwork({ latencyMs: [1, 2, 3] })).toThrow(
      'sim: invalid configuration: `latencyMs` must be a pair like [10, 15], got [1,2,3]',
    );
    expect(() => pg.cut(1, 2, { oneWay: 'yes' })).toThrow('sim: cut: `oneWay` must be true or false, got "yes"');
    expect(() => pg.partition([[1, 'a']])).toThrow(/partition takes a list of groups.*got "a"/);
    expect(() => pg.setNetwork(0.5)).toThrow(/setNetwork takes an object/);
    expect(() => pg.drop(1.5)).toThrow(/message id is a whole number/);
    expect(() => pg.drop(424242)).toThrow(/not in flight/);
    expect(pg.network().lossRate).toBe(0);
    electLeader(pg);
  });
});
