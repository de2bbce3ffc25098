// Raft extensions through the wasm package: setExtensions (a partial update that returns every
// extension), extensions(), the settings and state() fields, the panel's descriptions, clear
// errors, and CheckQuorum deposing a leader cut off in a minority, in the events and in a share
// link's replay.
import { describe, expect, it } from 'vitest';
import { Playground } from './load.js';
import { extensionDescriptions } from '../../web/pkg/raft_wasm.js';

const none = { checkQuorum: false, preVote: false };

/** A 5-server cluster whose leader is partitioned with one follower at 1 s; returns its id. */
function cutOffLeader(pg) {
  pg.advance(1000);
  const leader = pg.state().servers.find((s) => s.role === 'leader');
  const others = [1, 2, 3, 4, 5].filter((id) => id !== leader.id);
  pg.partition([[leader.id, others[0]]]);
  return leader;
}

describe('Raft extensions in wasm', () => {
  it('starts with every extension off and updates only those given', () => {
    const pg = new Playground({ seed: 3 });
    expect(pg.extensions()).toEqual(none);
    expect(pg.state().extensions).toEqual(none);
    const cq = { ...none, checkQuorum: true };
    expect(pg.setExtensions({ checkQuorum: true })).toEqual(cq);
    expect(pg.setExtensions({})).toEqual(cq);
    expect(pg.setExtensions({ preVote: true })).toEqual({ checkQuorum: true, preVote: true });
    expect(pg.state().extensions).toEqual({ checkQuorum: true, preVote: true });
    expect(pg.view(10).extensions).toEqual({ checkQuorum: true, preVote: true });
    expect(pg.setExtensions({ checkQuorum: false, preVote: false })).toEqual(none);
  });

  it('takes extensions in the settings too, and refuses unknown ones', () => {
    const pg = new Playground({ seed: 3, extensions: { checkQuorum: true } });
    expect(pg.extensions()).toEqual({ ...none, checkQuorum: true });
    expect(() => new Playground({ extensions: { leaseRead: true } })).toThrow(
      /unknown extension `leaseRead` in extensions; the extensions are checkQuorum, preVote/,
    );
    expect(() => pg.setExtensions({ leaseRead: true })).toThrow(
      'sim: setExtensions: unknown extension `leaseRead`; the extensions are checkQuorum, preVote',
    );
    expect(() => pg.setExtensions({ checkQuorum: 'yes' })).toThrow(
      'sim: setExtensions: `checkQuorum` must be true or false',
    );
    for (const bad of ['checkQuorum', [true], null, undefined]) {
      expect(() => pg.setExtensions(bad)).toThrow(/takes an object such as \{ checkQuorum/);
    }
    expect(pg.extensions()).toEqual({ ...none, checkQuorum: true });
  });

  it('describes every extension for the panel', () => {
    const extensions = extensionDescriptions();
    expect(extensions.map((e) => [e.key, e.id, e.title])).toEqual([
      ['checkQuorum', 'check-quorum', 'CheckQuorum'],
      ['preVote', 'pre-vote', 'PreVote'],
    ]);
    expect(extensions[0].explanation).toMatch(/steps down.*\.$/);
    expect(extensions[1].explanation).toMatch(/raises its term only if a majority would.*\.$/);
  });

  it('with CheckQuorum a leader cut off in a minority steps down; without, it stays', () => {
    for (const checkQuorum of [false, true]) {
      const pg = new Playground({ seed: 5, extensions: { checkQuorum } });
      const leader = cutOffLeader(pg);
      pg.advance(400);
      const old = pg.state().servers.find((s) => s.id === leader.id);
      const lost = pg.events(0).events.filter((e) => e.kind === 'quorumLost');
      if (checkQuorum) {
        expect(old.role).not.toBe('leader');
        expect(lost).toHaveLength(1);
        expect(lost[0].servers).toEqual([leader.id]);
        expect(lost[0].text).toBe(
          `S${leader.id} has heard from no majority for an election timeout and stops leading ` +
            `term ${leader.term} (CheckQuorum)`,
        );
      } else {
        expect(old.role).toBe('leader');
        expect(lost).toHaveLength(0);
      }
    }
  });

  it('records a change in the scenario, so a share link replays it', () => {
    const pg = new Playground({ seed: 5 });
    const leader = cutOffLeader(pg);
    pg.setExtensions({ checkQuorum: true });
    pg.advance(400);
    const scenario = pg.scenario();
    expect(scenario.actions.at(-1)).toMatchObject({ do: 'setExtensions', extensions: ['check-quorum'] });
    expect(scenario.extensions).toBeUndefined();
    const replay = Playground.fromScenario(JSON.stringify(scenario));
    expect(replay.traceHash()).toBe(pg.traceHash());
    expect(replay.extensions()).toEqual({ ...none, checkQuorum: true });
    expect(replay.state().servers.find((s) => s.id === leader.id).role).not.toBe('leader');
  });

  it('with PreVote a follower cut off asks for pre-votes and keeps its term', () => {
    const pg = new Playground({ seed: 5, extensions: { preVote: true } });
    pg.advance(1000);
    const leader = pg.state().servers.find((s) => s.role === 'leader');
    const alone = leader.id === 1 ? 2 : 1;
    pg.partition([[alone]]);
    let asking = null;
    for (let t = 0; t < 1000 && !asking; t += 5) {
      pg.advance(5);
      const state = pg.state();
      const server = state.servers[alone - 1];
      // Cut off, its PreVotes are drawn as lost across the partition (`dropped`).
      if (server.role === 'precandidate') asking = { server, messages: state.dropped };
    }
    expect(asking).not.toBeNull();
    expect(asking.server.term).toBe(leader.term);
    expect(asking.server.votesReceived).toEqual([alone]);
    const preVotes = asking.messages.filter((m) => m.type === 'PreVote' && m.from === alone);
    expect(preVotes.length).toBeGreaterThan(0);
    expect(preVotes[0]).toMatchObject({ term: leader.term + 1, lastLogTerm: leader.term });
    const asked = pg.events(0).events.filter((e) => e.kind === 'preElection');
    expect(asked.at(-1).text).toBe(`S${alone} times out and asks for pre-votes for term ${leader.term + 1}`);
    pg.advance(2000);
    expect(pg.state().servers[alone - 1].term).toBe(leader.term);
    pg.heal();
    pg.advance(500);
    const healed = pg.state().servers;
    expect(healed[leader.id - 1]).toMatchObject({ role: 'leader', term: leader.term });
    expect(healed[alone - 1]).toMatchObject({ role: 'follower', leaderId: leader.id });
  });
});
