// The only module that touches the wasm package: loads it, owns the Playground handle and runs
// every call through one guard. A Rust error comes back as an Error with Rust's message; a
// panic (a WebAssembly.RuntimeError) is fatal: the guard disables every further call and
// reports the panic message once, so the page can show it instead of freezing.

import init, {
  Playground,
  lastPanic,
  debugPanic,
  brokenRuleDescriptions,
  extensionDescriptions,
} from './pkg/raft_wasm.js';
import { describeValue } from './describe-value.js';

/** Throws unless `id` is a number (the simulator checks that it names a server). */
function checkServerId(method, id) {
  if (typeof id !== 'number') throw new Error(`${method} needs a server id such as 2, got ${describeValue(id)}`);
}

/** One initialisation per page, shared by every Simulation (two inits would swap memories). */
let loading = null;

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

  /** Loads and initialises the wasm module. A browser that cannot compile it (it uses
   * WebAssembly SIMD) gets an error saying which browsers can. */
  async load() {
    loading ??= init().catch((error) => {
      if (!(error instanceof WebAssembly.CompileError)) throw error;
      throw Object.assign(
        new Error(
          `this browser cannot run the simulator (${error.message}); it needs WebAssembly SIMD: ` +
            'Chrome or Edge 91, Firefox 89, Safari 16.4 or later',
        ),
        { browserCannotRun: true },
      );
    });
    await loading;
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

  /**
   * Replaces the cluster with the one a scenario describes (JSON text, a share link, a `#s=`
   * fragment or a bare payload). Throws the decoder's Error for bad input; the current
   * cluster is then kept.
   */
  loadScenario(text) {
    if (typeof Playground.fromScenario !== 'function') {
      throw new Error('this build of the simulator cannot open scenarios (Playground.fromScenario is missing)');
    }
    const next = this.guard(() => Playground.fromScenario(text));
    this.playground?.free();
    this.playground = next;
  }

  advance(ms) {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new Error(`advance needs a finite, non-negative number of milliseconds, got ${describeValue(ms)}`);
    }
    this.guard(() => this.playground.advance(ms));
  }
  step() {
    return this.guard(() => this.playground.step()) ?? null;
  }
  crash(id) {
    checkServerId('crash', id);
    this.guard(() => this.playground.crash(id));
  }
  restart(id) {
    checkServerId('restart', id);
    this.guard(() => this.playground.restart(id));
  }
  timeout(id) {
    checkServerId('timeout', id);
    this.guard(() => this.playground.timeout(id));
  }
  transferLeadership(id) {
    checkServerId('transferLeadership', id);
    this.guard(() => this.playground.transferLeadership(id));
  }
  request(command, server) {
    if (typeof command !== 'string') {
      throw new Error(`request needs a command string such as "set x 1", got ${describeValue(command)}`);
    }
    if (server !== undefined && typeof server !== 'number') {
      throw new Error(`request's server is a server id such as 2, got ${describeValue(server)}`);
    }
    return this.guard(() => this.playground.request(command, server));
  }
  /** The running leader with the highest term, or undefined. */
  leader() {
    return this.guard(() => this.playground.leader());
  }
  state() {
    return this.guard(() => this.playground.state());
  }
  /**
   * What one frame draws, with `logTail` log indexes ending at `logEnd` (a log index; null or
   * undefined follows the longest log).
   */
  view(logTail, logEnd = null) {
    if (!Number.isInteger(logTail) || logTail < 0 || logTail > 1_000_000) {
      throw new Error(`view needs a whole number of log entries from 0 to 1000000, got ${String(logTail)}`);
    }
    if (logEnd !== null && logEnd !== undefined && !(Number.isInteger(logEnd) && logEnd >= 1 && logEnd <= 0xffff_ffff)) {
      throw new Error(`view needs the last log index to show as a whole number from 1, or null to follow the log, got ${String(logEnd)}`);
    }
    return this.guard(() => this.playground.view(logTail, logEnd ?? undefined));
  }
  config() {
    return this.guard(() => this.playground.config());
  }
  /**
   * The run's latest milestones numbered after `after` (0: all that are kept), oldest first:
   * `{ total, events: [{ number, timeMs, kind, text }] }`.
   */
  events(after = 0) {
    return this.guard(() => this.playground.events(after));
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
  // Scenarios and time travel (see crates/wasm; the contract in the issue-4 brief).
  /** The run as a scenario object: settings and every recorded action; `endMs` = now. */
  scenario() {
    return this.call('scenario');
  }
  /** The scenario compressed and base64url-encoded, for the `#s=` fragment of a link. */
  sharePayload() {
    return this.call('sharePayload');
  }
  /** Moves to virtual time `ms`, backwards or forwards. */
  seek(ms) {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new Error(`seek needs a virtual time in milliseconds (a number >= 0), got ${describeValue(ms)}`);
    }
    this.call('seek', ms);
  }
  /** Number of actions recorded so far; 0 when this build records none. */
  recordedActions() {
    if (typeof this.playground?.recordedActions !== 'function') return 0;
    return this.guard(() => this.playground.recordedActions());
  }
  /** The furthest virtual time recorded; the current time when this build has no history. */
  historyEndMs() {
    if (typeof this.playground?.historyEndMs !== 'function') return this.timeMs();
    return this.guard(() => this.playground.historyEndMs());
  }
  /** `{ atMs, discardedActions }` once after an action in the past discarded later ones, else null. */
  takeForkNotice() {
    if (typeof this.playground?.takeForkNotice !== 'function') return null;
    return this.guard(() => this.playground.takeForkNotice()) ?? null;
  }
  /** Calls the wasm method `name`, or says clearly that this build does not have it. */
  call(name, ...args) {
    if (typeof this.playground?.[name] !== 'function') {
      throw new Error(`this build of the simulator has no ${name}() yet`);
    }
    return this.guard(() => this.playground[name](...args));
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
  // Raft's optional extensions (see crates/wasm/src/extensions.rs).
  setExtensions(changes) {
    return this.guard(() => this.playground.setExtensions(changes));
  }
  extensions() {
    return this.guard(() => this.playground.extensions());
  }
  extensionDescriptions() {
    return this.guard(() => extensionDescriptions());
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
      // The simulator tags its messages "sim: "; people see them without the tag.
      if (error instanceof Error) {
        error.message = error.message.replace(/^sim: /, '');
        throw error;
      }
      throw new Error(String(error).replace(/^sim: /, ''));
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
