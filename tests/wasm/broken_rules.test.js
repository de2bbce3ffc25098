// "Break Raft" through the wasm package (unsafe, for teaching): setBrokenRules (a partial update
// that returns every rule), brokenRules, the rules in state() and view(), the panel's
// descriptions, clear errors, and a broken rule the checkers catch.
import { describe, expect, it } from 'vitest';
import { Playground } from './load.js';
import { brokenRuleDescriptions } from '../../web/pkg/raft_wasm.js';

const KEYS = [
  'voteWithoutLogCheck',
  'commitByCounting',
  'forgetVoteOnRestart',
  'truncateWithoutConflict',
  'commitBeyondVerified',
];

const none = Object.fromEntries(KEYS.map((key) => [key, false]));

describe('break a rule in wasm', () => {
  it('starts with every rule kept and updates only the rules given', () => {
    const pg = new Playground({ seed: 3 });
    expect(pg.brokenRules()).toEqual(none);
    expect(pg.setBrokenRules({ commitByCounting: true })).toEqual({
      ...none,
      commitByCounting: true,
    });
    const both = pg.setBrokenRules({ voteWithoutLogCheck: true });
    expect(both).toEqual({ ...none, commitByCounting: true, voteWithoutLogCheck: true });
    expect(pg.brokenRules()).toEqual(both);
    expect(pg.state().brokenRules).toEqual(both);
    expect(pg.view(10).brokenRules).toEqual(both);
    expect(pg.setBrokenRules({ commitByCounting: false, voteWithoutLogCheck: false })).toEqual(
      none,
    );
  });

  it('takes broken rules in the settings too', () => {
    const pg = new Playground({ seed: 3, brokenRules: { forgetVoteOnRestart: true } });
    expect(pg.brokenRules()).toEqual({ ...none, forgetVoteOnRestart: true });
    expect(() => new Playground({ brokenRules: { voteTwice: true } })).toThrow(
      /unknown rule `voteTwice` in brokenRules; the rules are voteWithoutLogCheck, commitByCounting/,
    );
  });

  it('refuses unknown rules and values that are not booleans, changing nothing', () => {
    const pg = new Playground({ seed: 3 });
    expect(() => pg.setBrokenRules({ commitByCounting: true, voteTwice: true })).toThrow(
      'sim: setBrokenRules: unknown rule `voteTwice`; the rules are voteWithoutLogCheck, ' +
        'commitByCounting, forgetVoteOnRestart, truncateWithoutConflict, commitBeyondVerified',
    );
    expect(() => pg.setBrokenRules({ commitByCounting: 1 })).toThrow(
      'sim: setBrokenRules: `commitByCounting` must be true or false',
    );
    for (const bad of ['commitByCounting', [1], null, undefined]) {
      expect(() => pg.setBrokenRules(bad)).toThrow(/takes an object/);
    }
    expect(pg.brokenRules()).toEqual(none);
  });

  it('describes every rule for the panel', () => {
    const rules = brokenRuleDescriptions();
    expect(rules.map((rule) => rule.key)).toEqual(KEYS);
    expect(rules[1].id).toBe('commit-by-counting');
    for (const rule of rules) {
      expect(rule.title.length).toBeGreaterThan(0);
      expect(rule.explanation).toMatch(/\.$/);
    }
  });

  it('lets the checkers catch a broken rule: a stale candidate is elected', () => {
    const pg = new Playground({ seed: 7, servers: 3 });
    pg.setBrokenRules({ voteWithoutLogCheck: true });
    pg.advance(1000);
    const leader = pg.state().servers.find((s) => s.role === 'leader');
    const behind = [1, 2, 3].filter((id) => id !== leader.id)[1];
    pg.crash(behind);
    pg.request('set x 1');
    pg.advance(300);
    pg.restart(behind);
    pg.timeout(behind);
    pg.advance(500);
    const { violation, timeMs } = pg.state();
    expect(violation.property).toBe('leaderCompleteness');
    expect(violation.explanation).toMatch(/lacks the entry at index 2/);
    // advance stopped at the moment of the violation, not 500 ms later.
    expect(timeMs).toBe(violation.timeMs);
    expect(timeMs).toBeLessThan(1800);
    // Once known, a violation no longer stops the clock.
    pg.advance(100);
    expect(pg.state().timeMs).toBeCloseTo(violation.timeMs + 100, 6);
  });
});
