// Leadership transfer through the wasm package: transferLeadership(id) hands a leader's role to
// the chosen server (state() shows the transfer in progress, TimeoutNow and the RequestVote that
// says it comes from a transfer, the events name it), clear errors, a transfer given up, and
// a share link that replays it.
import { describe, expect, it } from 'vitest';
import { Playground } from './load.js';

/** The leader after 1 s of a 5-server cluster. */
function leaderOf(pg) {
  pg.advance(1000);
  return pg.state().servers.find((s) => s.role === 'leader');
}

describe('leadership transfer in wasm', () => {
  it('hands leadership to the chosen follower through a TimeoutNow', () => {
    const pg = new Playground({ seed: 4 });
    const leader = leaderOf(pg);
    const to = (leader.id % 5) + 1;
    pg.transferLeadership(to);
    const asked = pg.state();
    expect(asked.servers[leader.id - 1]).toMatchObject({ role: 'leader', transferringTo: to });
    expect(asked.servers[to - 1].transferringTo).toBeUndefined();
    const timeoutNow = asked.messages.filter((m) => m.type === 'TimeoutNow');
    expect(timeoutNow).toHaveLength(1);
    expect(timeoutNow[0]).toMatchObject({ from: leader.id, to, term: leader.term });
    // While the TimeoutNow is on its way the leader refuses commands; the client retries.
    pg.request('set x 1');

    let votes = [];
    for (let t = 0; t < 100 && votes.length === 0; t += 1) {
      pg.advance(1);
      votes = pg.state().messages.filter((m) => m.type === 'RequestVote' && m.from === to);
    }
    expect(votes.length).toBeGreaterThan(0);
    expect(votes[0]).toMatchObject({ term: leader.term + 1, leadershipTransfer: true });

    pg.advance(200);
    const after = pg.state();
    expect(after.servers[to - 1]).toMatchObject({ role: 'leader', term: leader.term + 1 });
    expect(after.servers[leader.id - 1]).toMatchObject({ role: 'follower', leaderId: to });
    expect(after.servers[leader.id - 1].transferringTo).toBeUndefined();
    const events = pg.events(0).events;
    const started = events.filter((e) => e.kind === 'transferLeadership');
    expect(started).toHaveLength(1);
    expect(started[0].servers).toEqual([leader.id, to]);
    expect(started[0].text).toMatch(new RegExp(`^S${leader.id} hands leadership over to S${to}: `));
    pg.advance(1000);
    expect(pg.state().requests).toEqual([]); // the command was answered
  });

  it('refuses bad targets with clear errors and changes nothing', () => {
    const pg = new Playground({ seed: 4 });
    expect(() => pg.transferLeadership(2)).toThrow(/no leader to hand leadership over/);
    const leader = leaderOf(pg);
    expect(() => pg.transferLeadership(leader.id)).toThrow(`S${leader.id} is already the leader`);
    expect(() => pg.transferLeadership(6)).toThrow(/S6/);
    expect(() => pg.transferLeadership(1.5)).toThrow();
    expect(pg.scenario().actions).toEqual([]);
    expect(pg.state().servers[leader.id - 1].transferringTo).toBeUndefined();
  });

  it('gives up on a crashed server after an election timeout, and a share link replays it', () => {
    const pg = new Playground({ seed: 4 });
    const leader = leaderOf(pg);
    const to = (leader.id % 5) + 1;
    pg.crash(to);
    pg.transferLeadership(to);
    pg.advance(301); // the longest election timeout (300 ms) and a little
    const state = pg.state();
    expect(state.servers[leader.id - 1]).toMatchObject({ role: 'leader', term: leader.term });
    expect(state.servers[leader.id - 1].transferringTo).toBeUndefined();
    const givenUp = pg.events(0).events.filter((e) => e.kind === 'transferGivenUp');
    expect(givenUp).toHaveLength(1);
    expect(givenUp[0].text).toMatch(new RegExp(`^S${leader.id} gives up handing leadership to S${to}`));

    const scenario = pg.scenario();
    expect(scenario.actions.at(-1)).toMatchObject({ do: 'transferLeadership', to });
    const replay = Playground.fromScenario(`#s=${pg.sharePayload()}`);
    expect(replay.traceHash()).toBe(pg.traceHash());
  });
});
