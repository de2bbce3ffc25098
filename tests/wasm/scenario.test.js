// Scenarios, share links and time travel through the wasm package: a run opened from its
// scenario or link gives the same state and trace hash at the same virtual times; seek goes
// backwards and forwards; acting in the past forks; bad input throws an Error naming it.
import { describe, expect, it } from 'vitest';
import { Playground } from './load.js';

/** A run with a crash, a restart, a partition and commands; samples at action-free moments. */
function recordedRun() {
  const pg = new Playground({ seed: 5 });
  const samples = [];
  for (let second = 0; second < 20; second += 1) {
    pg.advance(100);
    pg.request(`set k${second % 4} ${second}`);
    if (second === 3) pg.crash(2);
    if (second === 6) pg.restart(2);
    if (second === 9) pg.partition([[1, 2]]);
    if (second === 12) pg.heal();
    if (second === 15) pg.step();
    if (second === 15) pg.cut(1, 3, { oneWay: true });
    pg.advance(733);
    samples.push({ time: pg.timeMs(), hash: pg.traceHash(), state: pg.state() });
    pg.advance(167);
  }
  return { pg, samples };
}

describe('scenarios and time travel in wasm', () => {
  it('a share link and the JSON replay the same run', () => {
    const { pg, samples } = recordedRun();
    const scenario = pg.scenario();
    expect(scenario.version).toBe(1);
    expect(scenario.actions.length).toBe(25);
    expect(scenario.actions[0]).toEqual({ atMs: 100, do: 'request', command: 'set k0 0' });
    expect(scenario.endMs).toBe(pg.timeMs());
    expect(pg.historyEndMs()).toBe(pg.timeMs());
    const payload = pg.sharePayload();
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);

    for (const text of [`https://x.test/raft/#s=${payload}`, JSON.stringify(scenario)]) {
      const copy = Playground.fromScenario(text);
      expect(copy.timeMs()).toBe(pg.timeMs());
      expect(copy.traceHash()).toBe(pg.traceHash());
      for (const sample of [samples[17], samples[2], samples[9]]) {
        copy.seek(sample.time);
        expect(copy.traceHash()).toBe(sample.hash);
        expect(copy.state()).toEqual(sample.state);
      }
      copy.free();
    }
  });

  it('seeks backwards and forwards to the states of the straight run', () => {
    const { pg, samples } = recordedRun();
    const end = pg.traceHash();
    for (const index of [12, 1, 19, 7, 7, 0, 15]) {
      pg.seek(samples[index].time);
      expect(pg.timeMs()).toBe(samples[index].time);
      expect(pg.traceHash()).toBe(samples[index].hash);
    }
    // advance replays recorded actions from the past too.
    pg.seek(samples[4].time);
    pg.advance(samples[8].time - samples[4].time);
    expect(pg.state()).toEqual(samples[8].state);
    pg.seek(20_000);
    expect(pg.traceHash()).toBe(end);
    expect(pg.takeForkNotice()).toBeNull();
  });

  it('acting in the past discards later actions and says so once', () => {
    const { pg, samples } = recordedRun();
    pg.seek(samples[10].time);
    pg.crash(5);
    const notice = pg.takeForkNotice();
    expect(notice).toEqual({ atMs: samples[10].time, discardedActions: 11 });
    expect(pg.takeForkNotice()).toBeNull();
    expect(pg.historyEndMs()).toBe(samples[10].time);
    expect(pg.scenario().actions.at(-1)).toMatchObject({ do: 'crash', server: 5 });
  });

  it('bad input throws an Error that names the problem', () => {
    const cases = [
      ['#s=ab$c', "the link's data is not valid base64url at character 3"],
      ['#s=aGVsbG8', "the link's data is not valid compressed data"],
      ['{"version": 1,', 'the scenario is not valid JSON'],
      ['{"version": 3}', 'made by a newer version of the playground'],
      ['{"version":1,"cluster":{"servers":0}}', 'the scenario has 0 servers; the playground allows 1 to 9'],
      ['{"version":1,"actions":[{"atMs":-1,"do":"heal"}]}', 'action 0 happens at -1 ms'],
      ['{"version":1,"actions":[{"atMs":1,"do":"fly"}]}', 'action 0 has an unknown kind "fly"'],
      ['{"version":1,"actions":[{"atMs":1,"do":"crash","server":8}]}', 'action 0 names server 8'],
    ];
    for (const [text, message] of cases) {
      expect(() => Playground.fromScenario(text)).toThrow(message);
    }
    const pg = new Playground({ seed: 1 });
    expect(() => pg.seek(-5)).toThrow('seek needs a time from 0');
    expect(() => pg.seek(Number.NaN)).toThrow('seek needs a time');
  });
});
