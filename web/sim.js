// The only module that touches the wasm package: loads it, owns the Playground handle and runs
// every call through one guard. A Rust error comes back as an Error with Rust's message; a
// panic (a WebAssembly.RuntimeError) is fatal: the guard disables every further call and
// reports the panic message once, so the page can show it instead of freezing.

import init, {
  Playground,
  lastPanic,
  debugPanic,
  brokenRuleDescriptions,
} from './pkg/raft_wasm.js';

export class Simulation {
  /**
   * @param {(message: string) => void} onFatal called once, with the panic message, when wasm
   *   panics.
   */
  constructor(onFatal) {
    this.onFatal = onFatal;
    this.playground = null;
    this.fatalMessage = null;
  }

  /** Loads and initialises the wasm module. */
  async load() {
    await init();
  }

  /** True once wasm has panicked: every call now throws. */
  get dead() {
    return this.fatalMessage !== null;
  }

  /** Replaces the cluster with a new one built from `config` (undefined for the defaults). */
  reset(config) {
    const next = this.guard(() => new Playground(config ?? undefined));
    this.playground?.free();
    this.playground = next;
  }

  advance(ms) {
    this.guard(() => this.playground.advance(ms));
  }
  step() {
    return this.guard(() => this.playground.step()) ?? null;
  }
  crash(id) {
    this.guard(() => this.playground.crash(id));
  }
  restart(id) {
    this.guard(() => this.playground.restart(id));
  }
  timeout(id) {
    this.guard(() => this.playground.timeout(id));
  }
  request(command) {
    if (typeof command !== 'string') {
      throw new Error(`request needs a command string such as "set x 1", got ${typeof command}`);
    }
    return this.guard(() => this.playground.request(command));
  }
  state() {
    return this.guard(() => this.playground.state());
  }
  view(logTail) {
    return this.guard(() => this.playground.view(logTail));
  }
  config() {
    return this.guard(() => this.playground.config());
  }
  timeMs() {
    return this.guard(() => this.playground.timeMs());
  }
  traceHash() {
    return this.guard(() => this.playground.traceHash());
  }
  eventCount() {
    return this.guard(() => this.playground.eventCount());
  }
  // Network faults (see crates/wasm/src/faults.rs).
  partition(groups) {
    this.guard(() => this.playground.partition(groups));
  }
  heal() {
    this.guard(() => this.playground.heal());
  }
  cut(from, to, options) {
    this.guard(() => this.playground.cut(from, to, options));
  }
  repair(from, to, options) {
    this.guard(() => this.playground.repair(from, to, options));
  }
  setNetwork(settings) {
    return this.guard(() => this.playground.setNetwork(settings));
  }
  network() {
    return this.guard(() => this.playground.network());
  }
  drop(messageId) {
    this.guard(() => this.playground.drop(messageId));
  }
  // Breaking safety rules, unsafe, for teaching (see crates/wasm/src/broken_rules.rs).
  setBrokenRules(changes) {
    return this.guard(() => this.playground.setBrokenRules(changes));
  }
  brokenRules() {
    return this.guard(() => this.playground.brokenRules());
  }
  brokenRuleDescriptions() {
    return this.guard(() => brokenRuleDescriptions());
  }
  /** Panics inside wasm on purpose (tests of the error banner). */
  debugPanic(message) {
    this.guard(() => debugPanic(String(message)));
  }

  /** Runs `call`, turning wasm failures into Errors and panics into a fatal stop. */
  guard(call) {
    if (this.dead) throw new Error(`the simulation stopped after a crash in wasm: ${this.fatalMessage}`);
    try {
      return call();
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) {
        this.fatalMessage = panicMessage(error);
        this.onFatal(this.fatalMessage);
        throw new Error(`wasm panicked: ${this.fatalMessage}`);
      }
      if (error instanceof Error) throw error;
      throw new Error(String(error));
    }
  }
}

function panicMessage(error) {
  try {
    return lastPanic() ?? error.message;
  } catch {
    return error.message;
  }
}
