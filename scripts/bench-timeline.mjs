// `node scripts/bench-timeline.mjs [--json]`: the cost of time travel in wasm (Node), on the
// built package in web/pkg (run `bash scripts/setup.sh` first).
//
// 1. Memory: a fresh instance runs 1 hour of virtual time with 5 servers and a client command
//    every 100 ms (every command recorded), then reports `memory.buffer.byteLength` (wasm
//    memory only grows, so this is the peak). Target: under 64 MB.
// 2. Seek: a 10-minute run under the same load, then `seek` to 20 moments in a fixed
//    pseudo-random order (backwards and forwards): mean and max milliseconds. Target: 100 ms.
//
// Figures are measured on this machine each time; nothing here is a pass/fail threshold.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initSync, Playground } from '../web/pkg/raft_wasm.js';

const wasmPath = fileURLToPath(new URL('../web/pkg/raft_wasm_bg.wasm', import.meta.url));
const wasm = initSync({ module: readFileSync(wasmPath) });
const json = process.argv.includes('--json');
const MB = 1024 * 1024;

function log(message) {
  if (!json) process.stderr.write(`bench-timeline: ${message}\n`);
}

/** A playground run for `ms` of virtual time with a recorded command every 100 ms. */
function loadedRun(ms) {
  const playground = new Playground({ servers: 5, seed: 1 });
  for (let n = 0; (n + 1) * 100 <= ms; n += 1) {
    playground.advance(100);
    playground.request(`set x${n % 10} ${n}`);
  }
  return playground;
}

// ---- 1. memory after 1 hour ----
log('1 h of virtual time, a command every 100 ms');
const memoryBefore = wasm.memory.buffer.byteLength;
let started = performance.now();
const hour = loadedRun(3_600_000);
const hourSeconds = (performance.now() - started) / 1000;
const memoryAfterHour = wasm.memory.buffer.byteLength;
const hourActions = hour.scenario().actions.length;
hour.free();

// ---- 2. seek in a 10-minute run ----
log('10 min run, then 20 seeks');
started = performance.now();
const run = loadedRun(600_000);
const tenMinutesSeconds = (performance.now() - started) / 1000;
const hash = run.traceHash();
let state = 12345;
const seeks = [];
for (let i = 0; i < 20; i += 1) {
  state = (state * 1103515245 + 12345) % 2147483648; // a fixed sequence of moments
  const to = Math.round((state / 2147483648) * 600_000);
  const t0 = performance.now();
  run.seek(to);
  seeks.push(performance.now() - t0);
}
run.seek(600_000);
if (run.traceHash() !== hash) throw new Error('seeking back to the end changed the trace hash');
run.free();

const report = {
  memoryStartMB: memoryBefore / MB,
  memoryAfterOneHourMB: memoryAfterHour / MB,
  oneHourBuildSeconds: hourSeconds,
  oneHourRecordedActions: hourActions,
  tenMinuteBuildSeconds: tenMinutesSeconds,
  seeks: seeks.length,
  seekMeanMs: seeks.reduce((a, b) => a + b, 0) / seeks.length,
  seekMaxMs: Math.max(...seeks),
};
if (json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log(
    `wasm memory after 1 h virtual: ${report.memoryAfterOneHourMB.toFixed(1)} MB ` +
      `(target 64 MB; start ${report.memoryStartMB.toFixed(1)} MB; built in ${hourSeconds.toFixed(1)} s)\n` +
      `seek in a 10 min run (${seeks.length} moments): mean ${report.seekMeanMs.toFixed(1)} ms, ` +
      `max ${report.seekMaxMs.toFixed(1)} ms (target 100 ms)`,
  );
}
