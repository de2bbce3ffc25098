// Raft extensions through the wasm package: setExtensions (a partial update that returns every
// extension), extensions(), the settings and state() fields, the panel's descriptions, clear
// errors, and CheckQuorum deposing a leader cut off in a minority, in the events and in a share
// link's replay.
import { describe, expect, it } from 'vitest';
import { Playground } from './load.js';
import { extensionDescriptions } from '../../web/pkg/raft_wasm.js';

const none = { checkQuorum: false };

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
    expect(pg.setExtensions({ checkQuorum: true })).toEqual({ checkQuorum: true });
    expect(pg.setExtensions({})).toEqual({ checkQuorum: true });
    expect(pg.state().extensions).toEqual({ checkQuorum: true });
    expect(pg.view(10).extensions).toEqual({ checkQuorum: true });
    expect(pg.setExtensions({ checkQuorum: false })).toEqual(none);
  });

  it('takes extensions in the settings too, and refuses unknown ones', () => {
    const pg = new Playground({ seed: 3, extensions: { checkQuorum: true } });
    expect(pg.extensions()).toEqual({ checkQuorum: true });
    expect(() => new Playground({ extensions: { preVote: true } })).toThrow(
      /unknown extension `preVote` in extensions; the extensions are checkQuorum/,
    );
    expect(() => pg.setExtensions({ preVote: true })).toThrow(
      'sim: setExtensions: unknown extension `preVote`; the extensions are checkQuorum',
    );
    expect(() => pg.setExtensions({ checkQuorum: 'yes' })).toThrow(
      'sim: setExtensions: `checkQuorum` must be true or false',
    );
    for (const bad of ['checkQuorum', [true], null, undefined]) {
      expect(() => pg.setExtensions(bad)).toThrow(/takes an object such as \{ checkQuorum/);
    }
    expect(pg.extensions()).toEqual({ checkQuorum: true });
  });

  it('describes every extension for the panel', () => {
    const extensions = extensionDescriptions();
    expect(extensions.map((e) => [e.key, e.id, e.title])).toEqual([
      ['checkQuorum', 'check-quorum', 'CheckQuorum'],
    ]);
    expect(extensions[0].explanation).toMatch(/steps down.*\.$/);
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
    expect(replay.extensions()).toEqual({ checkQuorum: true });
    expect(replay.state().servers.find((s) => s.id === leader.id).role).not.toBe('leader');
  });
});
