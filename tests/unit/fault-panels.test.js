import { describe, expect, it } from 'vitest';
import { BROKEN_RULES, allFlags, brokenRulesApi, readBrokenRules } from '../../web/break-panel.js';
import { linkStateText } from '../../web/link-menu.js';
import { NETWORK_SLIDERS, networkText, percentText } from '../../web/network-panel.js';
import { serverList, violationText } from '../../web/violation-banner.js';

describe('network panel', () => {
  it('shows rates as percentages and the settings in one line', () => {
    expect(percentText(0.2)).toBe('20%');
    expect(percentText(0.055)).toBe('5.5%');
    expect(
      networkText({ lossRate: 0.1, duplicateRate: 0, longDelayRate: 0.05, longDelayMsMax: 800, latencyMs: [10, 15] }),
    ).toBe('loss 10%, duplication 0%, long delays 5% (up to 800 ms), latency 10–15 ms');
  });

  it('maps slider positions to settings and back', () => {
    const loss = NETWORK_SLIDERS.find((s) => s.id === 'net-loss');
    expect(loss.write(loss.fromSlider(25))).toEqual({ lossRate: 0.25 });
    expect(loss.toSlider(0.055)).toBe(6);
    const max = NETWORK_SLIDERS.find((s) => s.id === 'net-lat-max');
    expect(max.read({ latencyMs: [3, 40] })).toBe(40);
  });
});

describe('Break Raft panel', () => {
  it('lists the five rules of issue 3, each with a name until the simulator describes them', () => {
    expect(BROKEN_RULES.map((r) => r.id)).toEqual([
      'voteWithoutLogCheck',
      'commitByCounting',
      'forgetVoteOnRestart',
      'truncateWithoutConflict',
      'commitBeyondVerified',
    ]);
    for (const rule of BROKEN_RULES) expect(rule.name.length).toBeGreaterThan(0);
    expect(allFlags({ commitByCounting: true })).toEqual({
      voteWithoutLogCheck: false,
      commitByCounting: true,
      forgetVoteOnRestart: false,
      truncateWithoutConflict: false,
      commitBeyondVerified: false,
    });
  });

  it('reads flags and descriptions in the shapes the simulator gives', () => {
    expect(readBrokenRules({ commitByCounting: true, voteWithoutLogCheck: false }).flags).toEqual({
      commitByCounting: true,
      voteWithoutLogCheck: false,
    });
    const described = readBrokenRules([
      { key: 'commitByCounting', id: 'commit-by-counting', title: 'Commit by counting', explanation: 'It breaks.' },
    ]);
    expect(described.titles).toEqual({ commitByCounting: 'Commit by counting' });
    expect(described.explanations).toEqual({ commitByCounting: 'It breaks.' });
    expect(readBrokenRules(null).flags).toEqual({});
  });

  it('finds the switches only in a wasm build that has them', () => {
    expect(brokenRulesApi({ playground: {} })).toBeNull();
    const calls = [];
    const sim = {
      playground: { setBrokenRules: () => {} },
      setBrokenRules: (flags) => calls.push(flags),
      brokenRules: () => ({ commitByCounting: true }),
    };
    const api = brokenRulesApi(sim);
    api.set({ commitByCounting: true });
    expect(calls).toEqual([{ commitByCounting: true }]);
    expect(api.get()).toEqual({ commitByCounting: true });
  });
});

describe('violation banner and link menu text', () => {
  it('names the guarantee, servers, index, term and time', () => {
    expect(serverList([2])).toBe('S2');
    expect(serverList([1, 2, 3])).toBe('S1, S2 and S3');
    expect(
      violationText({
        property: 'electionSafety',
        propertyName: 'Election Safety',
        servers: [2, 4],
        index: null,
        term: 3,
        timeMs: 1234.56,
        explanation: 'S2 and S4 were both leader in term 3.',
      }),
    ).toEqual({
      title: 'Election Safety is broken',
      where: 'servers S2 and S4 · term 3 · at 1234.6 ms',
      explanation: 'S2 and S4 were both leader in term 3.',
    });
  });

  it('lists the servers in id order, whatever order the checker found them in', () => {
    expect(violationText({ propertyName: 'Log Matching', servers: [3, 1], explanation: '' }).where).toBe(
      'servers S1 and S3',
    );
  });

  it('says what each direction of a link is', () => {
    expect(linkStateText(1, 2, { forward: 'cut', backward: 'partitioned' })).toBe(
      'S1 → S2 cut · S2 → S1 blocked by the partition',
    );
  });
});
