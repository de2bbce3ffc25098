// The scripting API, `window.playground`: what course authors and browser tests drive.
// Every method either does what it says or throws an Error with the simulator's message (and
// shows that message in the page's status line).

import { speedLabel } from './speed.js';

/**
 * Builds the API object over `app`. `ready` is a Promise the page resolves once wasm is
 * initialised; calling anything else before then throws.
 */
export function createApi(app, ready) {
  let isReady = false;
  ready.then(
    () => {
      isReady = true;
    },
    () => {},
  );

  /** Runs `action` once ready, reporting failures in the status line and rethrowing them. */
  const call = (action) => {
    if (!isReady) throw new Error('the playground is still loading: await playground.ready first');
    try {
      return action();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      app.showStatus(message, true);
      throw error instanceof Error ? error : new Error(message);
    }
  };

  return Object.freeze({
    /** Resolves when the simulation is ready. */
    ready,
    /** Starts the clock at the current speed. */
    play: () => call(() => app.play()),
    /** Stops the clock. */
    pause: () => call(() => app.pause()),
    /** True while playing. */
    isPlaying: () => app.playing,
    /** Processes the next event; returns its description, or null when nothing is pending. */
    step: () => call(() => app.step()),
    /** Advances virtual time by `ms` milliseconds. */
    advance: (ms) => call(() => app.advance(ms)),
    /** Sets the speed as a fraction of real time (1/1000 to 1); returns the speed in effect. */
    setSpeed: (speed) => call(() => app.setSpeed(speed)),
    /** The current speed and its label, e.g. `{ speed: 0.02, label: "1/50×" }`. */
    speed: () => ({ speed: app.speed, label: speedLabel(app.speed) }),
    /** Crashes server `id` (1-based). */
    crash: (id) => call(() => app.crash(id)),
    /** Restarts crashed server `id`. */
    restart: (id) => call(() => app.restart(id)),
    /** Makes server `id`'s election timer fire now. */
    timeout: (id) => call(() => app.timeout(id)),
    /** The client sends `command` (e.g. "set x 1") to the leader; returns the request id. */
    request: (command) => call(() => app.request(command)),
    /** `{ timeMs, servers, messages, requests }`: the whole cluster, every log in full. */
    state: () => call(() => app.sim.state()),
    /** What one frame draws: like state(), with only the last `logTail` log indexes. */
    view: (logTail = 40) => call(() => app.sim.view(logTail)),
    /** Starts over with a new cluster, e.g. `reset({ servers: 9, seed: 3 })`. */
    reset: (config) => call(() => app.reset(config)),
    /** The running hash of the trace (hex) and its number of events. */
    trace: () => call(() => ({ hash: app.sim.traceHash(), events: app.sim.eventCount() })),
    /** `{ frames, meanMs, p95Ms, maxMs }` of (advance + view + draw) over the last 300 frames. */
    frameStats: () => app.stats.summary(),
    /** Forgets the frame times measured so far. */
    resetFrameStats: () => app.stats.reset(),
    /** For tests of the error banner: makes wasm panic with `message`. */
    debugPanic: (message = 'debug panic') => call(() => app.sim.debugPanic(message)),
  });
}
