// The Simulation's scenario and time-travel calls against a mocked wasm package (the contract
// of issue 4): what is passed through, what is checked first, and the message when this build
// of the wasm has no such method.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = [];
vi.mock('../../web/pkg/raft_wasm.js', () => {
  class Playground {
    constructor(config) {
      this.config = config;
      this.now = 0;
      this.end = 0;
      this.fork = null;
    }
    static fromScenario(text) {
      calls.push(['fromScenario', text]);
      if (text.includes('bad')) throw new Error("the link's data is not valid base64url at character 3");
      const playground = new Playground();
      playground.end = 1500;
      return playground;
    }
    free() {}
    timeMs() {
      return this.now;
    }
    seek(ms) {
      calls.push(['seek', ms]);
      this.now = ms;
      this.end = Math.max(this.end, ms);
    }
    historyEndMs() {
      return this.end;
    }
    sharePayload() {
      return 'PAYLOAD';
    }
    scenario() {
      return { version: 1, seed: 1, actions: [], endMs: this.now };
    }
    takeForkNotice() {
      const notice = this.fork;
      this.fork = null;
      return notice;
    }
  }
  return {
    default: vi.fn(async () => {
      calls.push(['init']);
    }),
    Playground,
    lastPanic: () => null,
    debugPanic: () => {},
    brokenRuleDescriptions: () => [],
  };
});

const { Simulation } = await import('../../web/sim.js');

describe('Simulation: scenarios and time travel', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('initialises the wasm module once for every simulation on the page', async () => {
    await Promise.all([new Simulation(() => {}).load(), new Simulation(() => {}).load()]);
    await new Simulation(() => {}).load();
    expect(calls.filter(([name]) => name === 'init').length).toBe(1);
  });

  it('opens a scenario, and keeps the current cluster when it is bad', () => {
    const sim = new Simulation(() => {});
    sim.reset({ servers: 3 });
    const before = sim.playground;
    expect(() => sim.loadScenario('#s=bad')).toThrow("the link's data is not valid base64url at character 3");
    expect(sim.playground).toBe(before);
    sim.loadScenario('#s=good');
    expect(sim.playground).not.toBe(before);
    expect(sim.historyEndMs()).toBe(1500);
    expect(calls).toContainEqual(['fromScenario', '#s=good']);
  });

  it('checks seek times before they reach wasm', () => {
    const sim = new Simulation(() => {});
    sim.reset();
    sim.seek(250);
    expect(sim.timeMs()).toBe(250);
    for (const bad of [-1, Number.NaN, Infinity, '10', undefined]) {
      expect(() => sim.seek(bad)).toThrow(/seek needs a virtual time in milliseconds/);
    }
    expect(calls.filter(([name]) => name === 'seek')).toEqual([['seek', 250]]);
  });

  it('passes the payload, the scenario and the fork notice through (read once)', () => {
    const sim = new Simulation(() => {});
    sim.reset();
    expect(sim.sharePayload()).toBe('PAYLOAD');
    expect(sim.scenario()).toEqual({ version: 1, seed: 1, actions: [], endMs: 0 });
    sim.playground.fork = { atMs: 1234, discardedActions: 3 };
    expect(sim.takeForkNotice()).toEqual({ atMs: 1234, discardedActions: 3 });
    expect(sim.takeForkNotice()).toBeNull();
  });

  it('says clearly when this build of the wasm has no such method', () => {
    const sim = new Simulation(() => {});
    sim.reset();
    delete Object.getPrototypeOf(sim.playground).sharePayload;
    expect(() => sim.sharePayload()).toThrow('this build of the simulator has no sharePayload() yet');
    sim.playground.historyEndMs = undefined;
    sim.playground.takeForkNotice = undefined;
    expect(sim.historyEndMs()).toBe(0);
    expect(sim.takeForkNotice()).toBeNull();
  });
});
