// Determinism: the same scenario gives the same trace hash natively and in wasm. The native
// hash comes from crates/wasm/examples/native_trace_hash.rs, built and run here (cargo reuses
// the build of `cargo test --workspace --profile checked`), so nothing is hard-coded.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Playground } from './load.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Keep identical to the example: seed 7, 5 servers, "set k{i} {i}" every 500 ms, until 10 s. */
function runScenario() {
  const pg = new Playground({ seed: 7, servers: 5 });
  for (let i = 1; i <= 19; i += 1) {
    pg.advance(500);
    pg.request(`set k${i} ${i}`);
  }
  pg.advance(500);
  return { hash: pg.traceHash(), events: pg.eventCount(), timeMs: pg.timeMs() };
}

describe('determinism, native vs wasm', () => {
  let native;

  beforeAll(() => {
    const output = execFileSync(
      'cargo',
      ['run', '--quiet', '--profile', 'checked', '-p', 'raft-wasm', '--example', 'native_trace_hash'],
      { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    native = JSON.parse(output.trim().split('\n').at(-1));
  });

  it('gives the same trace hash and event count', () => {
    const wasm = runScenario();
    expect(wasm.timeMs).toBe(10_000);
    expect(native.timeMs).toBe(10_000);
    expect(wasm.events).toBeGreaterThan(1000);
    expect(wasm.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(wasm).toEqual(native);
  });

  it('gives the same hash twice in wasm, and a different one for another seed', () => {
    expect(runScenario()).toEqual(runScenario());
    const other = new Playground({ seed: 8, servers: 5 });
    other.advance(10_000);
    expect(other.traceHash()).not.toBe(runScenario().hash);
  });
});
