// The wasm package in Node: the shape of state() and view(), and errors with Rust's messages.
import { describe, expect, it } from 'vitest';
import { Playground } from './load.js';

/** Seed 5 with a leader, keys k0 to k29 set 20 ms apart, then 500 ms to settle. */
function withThirtyKeys() {
  const pg = new Playground({ seed: 5 });
  electLeader(pg);
  for (let i = 0; i < 30; i += 1) {
    pg.request(`set k${i} ${i}`);
    pg.advance(20);
  }
  pg.advance(500);
  return pg;
}

function electLeader(pg, maxMs = 3000) {
  for (let t = 0; t < maxMs; t += 50) {
    pg.advance(50);
    const leader = pg.state().servers.find((s) => s.role === 'leader' && !s.crashed);
    if (leader) return leader;
  }
  throw new Error(`no leader within ${maxMs} ms`);
}

describe('Playground in wasm', () => {
  it('starts with the default settings: 5 followers at time 0', () => {
    const pg = new Playground();
    const state = pg.state();
    expect(state.timeMs).toBe(0);
    expect(pg.timeMs()).toBe(0);
    expect(state.servers.map((s) => s.id)).toEqual([1, 2, 3, 4, 5]);
    for (const s of state.servers) {
      expect(s).toMatchObject({ role: 'follower', crashed: false, term: 0, commitIndex: 0 });
      expect(s.log).toEqual([]);
    }
    expect(pg.config()).toMatchObject({ servers: 5, latencyMsMin: 10, latencyMsMax: 15 });
  });

  it('returns the documented state() shape', () => {
    const pg = new Playground({ seed: 3, servers: 3 });
    electLeader(pg);
    pg.request('set x 1');
    pg.advance(40);
    const state = pg.state();
    const keys = ['timeMs', 'servers', 'messages', 'requests', 'network', 'partition', 'cutLinks'];
    for (const key of keys) expect(state).toHaveProperty(key);
    const server = state.servers[0];
    for (const key of [
      'id',
      'role',
      'crashed',
      'term',
      'votedFor',
      'commitIndex',
      'lastApplied',
      'log',
      'electionTimerMs',
      'kv',
    ]) {
      expect(server).toHaveProperty(key);
    }
    expect(['follower', 'candidate', 'leader']).toContain(server.role);
    expect(state.messages.length).toBeGreaterThan(0);
    for (const m of state.messages) {
      expect(typeof m.from).toBe('number');
      expect(typeof m.to).toBe('number');
      expect(typeof m.type).toBe('string');
      expect(m.deliverMs).toBeGreaterThanOrEqual(m.sentMs);
      expect(m.sentMs).toBeLessThanOrEqual(state.timeMs);
    }
    const entry = state.servers.flatMap((s) => s.log).find((e) => e.command === 'set x 1');
    expect(entry).toMatchObject({ command: 'set x 1' });
    expect(typeof entry.index).toBe('number');
    expect(typeof entry.term).toBe('number');
  });

  it('elects a leader and commits a request on every server', () => {
    const pg = new Playground({ seed: 11 });
    const leader = electLeader(pg);
    expect(leader.term).toBeGreaterThan(0);
    const id = pg.request('set y 42');
    expect(id).toBe(1);
    pg.advance(500);
    const state = pg.state();
    for (const s of state.servers) {
      const committed = s.log.filter((e) => e.index <= s.commitIndex).map((e) => e.command);
      expect(committed).toContain('set y 42');
    }
    const newLeader = state.servers.find((s) => s.role === 'leader');
    expect(newLeader.kv).toContainEqual(['y', '42']);
    expect(state.requests).toEqual([]);
  });

  it('request(command, server) goes to that server first; leader() names the leader', () => {
    const pg = new Playground({ seed: 11 });
    const leader = electLeader(pg);
    expect(pg.leader()).toBe(leader.id);
    pg.advance(200); // the followers hear of the leader
    const follower = pg.state().servers.find((s) => s.role === 'follower').id;
    const id = pg.request('set z 9', follower);
    expect(pg.state().messages.filter((m) => m.from === 0).map((m) => m.to)).toEqual([follower]);
    pg.advance(300);
    expect(pg.state().servers.every((s) => s.kv.some(([k, v]) => k === 'z' && v === '9'))).toBe(true);
    expect(pg.scenario().actions.at(-1)).toEqual({ atMs: expect.any(Number), do: 'request', command: 'set z 9', server: follower });
    expect(id).toBe(1);
    expect(() => pg.request('set z 1', 6)).toThrow('sim: there is no server S6');
    expect(() => pg.request('set z 1', 1.5)).toThrow('sim: a server id is a whole number like 1, got 1.5');
  });

  it('stops at 2 h of virtual time, the longest a share link can replay', () => {
    const pg = new Playground({ seed: 3 });
    pg.advance(7_199_000);
    const limit = 'sim: the playground stops at 2 h of virtual time (7200000 ms), the most a link can replay';
    expect(() => pg.advance(1e9)).toThrow(limit);
    expect(pg.timeMs()).toBe(7_200_000);
    expect(() => pg.step()).toThrow(limit);
    expect(() => pg.advance(1)).toThrow(limit);
    expect(pg.timeMs()).toBe(7_200_000);
    // A request could never be delivered: refused, and nothing is recorded.
    const actions = pg.scenario().actions.length;
    expect(() => pg.request('set z 1')).toThrow(`${limit}; a request sent now would never arrive`);
    expect(pg.scenario().actions.length).toBe(actions);
    // The run at the limit is still a valid link, and it opens.
    const opened = Playground.fromScenario(pg.sharePayload());
    expect(opened.timeMs()).toBe(7_200_000);
    // Going back works, and so does going forward again up to the limit.
    pg.seek(7_000_000);
    pg.advance(200_000);
    expect(pg.timeMs()).toBe(7_200_000);
  });

  it('view() keeps only the log tail and the leader\'s first key-value pairs', () => {
    const pg = withThirtyKeys();
    const full = pg.state();
    const view = pg.view(10);
    const lastIndex = Math.max(...full.servers.map((s) => s.log.at(-1)?.index ?? 0));
    expect(lastIndex).toBeGreaterThan(20);
    for (const s of view.servers) {
      expect(s.log.length).toBeLessThanOrEqual(10);
      for (const e of s.log) expect(e.index).toBeGreaterThan(lastIndex - 10);
      if (s.role !== 'leader') expect(s.kv).toEqual([]);
    }
    const leader = view.servers.find((s) => s.role === 'leader');
    expect(leader.kv.length).toBe(30);
    expect(view.kvSizes).toEqual(full.servers.map((s) => s.kv.length));
    expect(view.kvSizes[leader.id - 1]).toBe(30);
    expect(view.timeMs).toBe(full.timeMs);
    expect(view.messages).toEqual(full.messages);
    // Where each log ends, also when its tail is out of the window (a crashed server's too).
    const lastIndexes = (state) => state.servers.map((s) => s.log.at(-1)?.index ?? 0);
    expect(view.lastLogIndexes).toEqual(lastIndexes(full));
    const follower = full.servers.find((s) => s.role === 'follower').id;
    pg.crash(follower);
    for (let i = 0; i < 20; i += 1) pg.request(`set m${i} ${i}`);
    pg.advance(500);
    const later = pg.view(5);
    expect(later.servers[follower - 1].log).toEqual([]);
    expect(later.lastLogIndexes).toEqual(lastIndexes(pg.state()));
    expect(later.lastLogIndexes[follower - 1]).toBe(lastIndex);
  });

  it('view(logTail, logEnd) holds the scrolled window it names in logWindow', () => {
    const pg = withThirtyKeys();
    const full = pg.state();
    const latest = Math.max(...full.servers.map((s) => s.log.at(-1)?.index ?? 0));
    const view = pg.view(10, 15);
    expect(view.logWindow).toEqual({ first: 6, last: 15 });
    for (const [i, s] of view.servers.entries()) {
      expect(s.log).toEqual(full.servers[i].log.filter((e) => e.index >= 6 && e.index <= 15));
    }
    // Without an end, or past it, the window follows the longest log; before 1 it starts at 1.
    expect(pg.view(10).logWindow).toEqual({ first: latest - 9, last: latest });
    expect(pg.view(10, 100_000).logWindow).toEqual({ first: latest - 9, last: latest });
    expect(pg.view(10, 3).logWindow).toEqual({ first: 1, last: 10 });
  });

  it('advance() keeps fractions of a microsecond across many small frames', () => {
    const pg = new Playground();
    for (let i = 0; i < 1000; i += 1) pg.advance(0.0004); // 0.4 µs each
    expect(pg.timeMs()).toBeCloseTo(0.4, 6);
  });

  it('step() processes one event and describes it', () => {
    const pg = new Playground({ seed: 2 });
    const before = pg.eventCount();
    const description = pg.step();
    expect(typeof description).toBe('string');
    expect(description.length).toBeGreaterThan(3);
    expect(pg.eventCount()).toBeGreaterThan(before);
    expect(pg.timeMs()).toBeGreaterThan(0);
  });

  it('refuses bad settings with the simulator message', () => {
    expect(() => new Playground({ servers: 20 })).toThrow(/invalid configuration.*servers/);
    expect(() => new Playground({ servers: 0 })).toThrow(/invalid configuration/);
    expect(() => new Playground({ sever: 3 })).toThrow(/unknown setting `sever`/);
    expect(() => new Playground({ seed: 'x' })).toThrow(/invalid configuration/);
    expect(() => new Playground(42)).toThrow(/invalid configuration/);
    expect(() => new Playground([])).toThrow(/invalid configuration: the settings are an object/);
    expect(() => new Playground({ seed: 1.5 })).toThrow('sim: invalid configuration: `seed` must be a whole number, got 1.5');
    expect(() => new Playground({ brokenRules: { beEvil: true } })).toThrow(
      /unknown rule `beEvil` in brokenRules; the rules are voteWithoutLogCheck/,
    );
  });

  it('refuses bad actions with the simulator message, and keeps working', () => {
    const pg = new Playground();
    expect(() => pg.crash(9)).toThrow('sim: there is no server S9');
    expect(() => pg.crash(0)).toThrow(/no server S0/);
    expect(() => pg.crash(-1)).toThrow(/server id/);
    // Numbers in messages come from the simulator's own float formatting, as Rust's `{}` prints them.
    expect(() => pg.crash(1.5)).toThrow('sim: a server id is a whole number like 1, got 1.5');
    expect(() => pg.crash(-0.001)).toThrow(/got -0.001$/);
    pg.crash(2);
    expect(() => pg.crash(2)).toThrow(/already crashed/);
    expect(() => pg.advance(-1)).toThrow(/non-negative/);
    expect(() => pg.advance(Number.NaN)).toThrow(/finite, non-negative number of milliseconds, got NaN$/);
    expect(() => pg.advance(-2.5e-7)).toThrow(/got -0.00000025$/);
    expect(() => pg.seek(1e10)).toThrow('sim: seek needs a time from 0 to 7200000 ms (2 h), got 10000000000');
    pg.restart(2);
    expect(() => pg.restart(2)).toThrow(/sim:/);
    pg.timeout(3);
    pg.advance(100);
    expect(pg.state().servers[2].term).toBeGreaterThanOrEqual(1);
  });

  it('crashing the leader leads to another leader in a later term', () => {
    const pg = new Playground({ seed: 9 });
    const first = electLeader(pg);
    pg.crash(first.id);
    const second = electLeader(pg);
    expect(second.id).not.toBe(first.id);
    expect(second.term).toBeGreaterThan(first.term);
    const crashed = pg.state().servers[first.id - 1];
    expect(crashed.crashed).toBe(true);
  });
});
